"""The tray's countdown: one timer for the next change, ends announced once, with a FakeClock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.rows.cool_downs import CoolDownRow
from itfriend.core.services import Services
from itfriend.core.status import DueSummary
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.cool_down.countdown import CoolDownCountdown, announce_time_up, countdown_text
from itfriend.ui.shell.tray import Tray
from tests.ui.fakes import RecordingNotifier

TICKET = "This is the THIRD time I ask!! Nothing works and you people don't care."


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.close()


@pytest.fixture
def tray(qapp: object) -> Tray:
    return Tray()


@pytest.fixture
def countdown(
    store: ReminderStore, clock: FakeClock, runner: TaskRunner, tray: Tray
) -> Iterator[CoolDownCountdown]:
    made = CoolDownCountdown(store, clock, runner, tray)
    yield made
    made.stop()


def refreshed(qtbot: QtBot, countdown: CoolDownCountdown) -> int:
    """Reload and return the delay the timer was armed with."""
    with qtbot.waitSignal(countdown.armed) as armed:
        countdown.refresh()
    return int(armed.args[0])


def test_one_timer_for_the_soonest_end_and_ended_fires_there(
    qtbot: QtBot, services: Services, clock: FakeClock, countdown: CoolDownCountdown, tray: Tray
) -> None:
    later = services.cool_downs.start("INC-2", TICKET, minutes=12)
    clock.advance(seconds=30)
    soon = services.cool_downs.start("INC-1", TICKET, minutes=5)
    # The soonest ends in exactly 5 min: the shown minutes first change a minute from now.
    assert refreshed(qtbot, countdown) == 60_000
    assert [r.id for r in countdown.running] == [soon.id, later.id]
    assert 0 < countdown.remaining_ms <= 60_000
    tip = tray.icon.toolTip()
    assert tip.splitlines() == ["Cool-down: INC-1 ends in 5 min", "Cool-down: INC-2 ends in 12 min"]

    clock.advance(minutes=4, seconds=30)
    with qtbot.waitSignal(countdown.armed) as armed:
        countdown.check()  # as the timer would: only the countdown moves on
    assert armed.args == [30_000]  # the end itself is next
    assert tray.icon.toolTip().startswith("Cool-down: INC-1 ends in 1 min")

    ended: list[CoolDownRow] = []
    countdown.ended.connect(ended.append)
    clock.advance(seconds=30)
    with qtbot.waitSignal(countdown.armed) as armed:
        countdown.check()
    assert [r.id for r in ended] == [soon.id] and ended[0].state == "ended"
    assert services.cool_downs.get(soon.id).state == "ended"
    assert [r.id for r in countdown.running] == [later.id]
    assert tray.icon.toolTip() == "Cool-down: INC-2 ends in 7 min"
    assert armed.args == [30_000]  # INC-2 started 30 s earlier: its minutes change in 30 s


def test_no_timer_and_no_overlay_when_nothing_runs(
    qtbot: QtBot,
    services: Services,
    clock: FakeClock,
    countdown: CoolDownCountdown,
    tray: Tray,
    runner: TaskRunner,
) -> None:
    tray.set_summary(DueSummary(follow_ups_due=1))
    assert refreshed_or_none(qtbot, countdown, runner) is None
    assert countdown.remaining_ms == -1
    assert tray.icon.toolTip() == "itfriend: 1 follow-up due"

    row = services.cool_downs.start("INC-5", TICKET, minutes=2)
    refreshed(qtbot, countdown)
    assert tray.icon.toolTip() == "Cool-down: INC-5 ends in 2 min\nitfriend: 1 follow-up due"
    # A new due summary replaces the tooltip; the app then puts the countdown back.
    tray.set_summary(DueSummary(follow_ups_due=2))
    countdown.show_on_tray()
    assert tray.icon.toolTip() == "Cool-down: INC-5 ends in 2 min\nitfriend: 2 follow-ups due"

    services.cool_downs.replied(row.id, "Hi, done.")
    assert refreshed_or_none(qtbot, countdown, runner) is None
    assert countdown.remaining_ms == -1  # idle: nothing ticks
    assert tray.icon.toolTip() == "itfriend: 2 follow-ups due"


def refreshed_or_none(qtbot: QtBot, countdown: CoolDownCountdown, runner: TaskRunner) -> int | None:
    """Reload when nothing runs (the countdown loads on ``runner``): the timer is stopped, not
    armed."""
    armed: list[int] = []
    countdown.armed.connect(armed.append)
    countdown.refresh()
    qtbot.waitUntil(lambda: not runner.busy)
    countdown.armed.disconnect(armed.append)
    return armed[0] if armed else None


def test_what_ended_while_not_running_is_announced_once_at_start(
    qtbot: QtBot,
    services: Services,
    store: ReminderStore,
    clock: FakeClock,
    runner: TaskRunner,
    tray: Tray,
) -> None:
    gone = services.cool_downs.start("INC-3", TICKET, minutes=5)
    still = services.cool_downs.start("INC-4", TICKET, minutes=30)
    clock.advance(minutes=10)  # itfriend was closed meanwhile

    first = CoolDownCountdown(store, clock, runner, tray)
    ended: list[CoolDownRow] = []
    first.ended.connect(ended.append)
    with qtbot.waitSignal(first.armed):
        first.refresh()
    assert [r.id for r in ended] == [gone.id]
    assert [r.id for r in services.cool_downs.running()] == [still.id]
    first.stop()

    again = CoolDownCountdown(store, clock, runner, tray)
    again.ended.connect(ended.append)
    with qtbot.waitSignal(again.armed):
        again.refresh()
    assert [r.id for r in ended] == [gone.id]  # not announced a second time
    again.stop()


def test_countdown_text_for_many(clock: FakeClock) -> None:
    start = clock.now()
    rows = [
        CoolDownRow(i, f"T{i}", "x", 50, start, start + timedelta(minutes=i), "running", "")
        for i in range(6)
    ]
    lines = countdown_text(rows, start).splitlines()
    assert lines[0] == "Cool-down: T0 time's up"
    assert lines[1] == "Cool-down: T1 ends in 1 min"
    assert lines[-1] == "…and 2 more"


def test_times_up_notification_opens_the_reply(services: Services) -> None:
    row = services.cool_downs.start("INC-1234", TICKET, minutes=5)
    opened: list[int] = []
    notifier = RecordingNotifier()
    announce_time_up(notifier, row, opened.append)
    [(title, body, actions, on_action)] = notifier.shown
    assert title == "Time's up for INC-1234: read it once more, then reply"
    assert body == TICKET and ("reply", "Reply") in actions
    assert opened == []
    assert on_action is not None
    on_action("reply")
    assert opened == [row.id]

    # Switched off, or no backend could show it: the reply window opens at once instead.
    announce_time_up(notifier, row, opened.append, enabled=False)
    assert opened == [row.id, row.id] and len(notifier.shown) == 1
    announce_time_up(RecordingNotifier(shows=False), row, opened.append)
    assert opened == [row.id] * 3
