"""The reminder timer and notification actions, with a moving FakeClock instead of waiting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.reminders.messages import Reminder, ReminderKind
from itfriend.core.reminders.scheduler import ReminderPlanner
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.reminders.presenter import ReminderPresenter
from itfriend.ui.reminders.timer import RESYNC_MS, RETRY_DELAYS_MS, ReminderTimer
from tests.ui.fakes import RecordingNavigator, RecordingNotifier


@pytest.fixture
def anytime(services: Services) -> Services:
    """No quiet hours and every day a working day, so that reminders come when due."""
    services.settings.update(
        {"quiet.start": "00:00", "quiet.end": "00:00", "work.days": "mon,tue,wed,thu,fri,sat,sun"}
    )
    return services


@pytest.fixture
def planner(anytime: Services, store: ReminderStore) -> ReminderPlanner:
    """The tray's planner, over the ``anytime`` settings (the store shares them)."""
    return ReminderPlanner(store)


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.close()


def test_timer_arms_for_the_next_follow_up_and_shows_it_once(
    qtbot: QtBot, anytime: Services, planner: ReminderPlanner, clock: FakeClock, runner: TaskRunner
) -> None:
    services = anytime
    services.settings.set("reminders.digest_time", time(23, 59).strftime("%H:%M"))
    jane = services.people.add("Jane Doe", department="Finance")
    services.follow_ups.add(jane.id, clock.now() + timedelta(minutes=5), "new laptop working?")
    timer = ReminderTimer(planner, clock, runner)
    with qtbot.waitSignal(timer.armed) as armed:
        timer.rearm()
    assert armed.args == [5 * 60 * 1000]

    clock.advance(minutes=5)
    with qtbot.waitSignal(timer.reminders_due) as due, qtbot.waitSignal(timer.armed):
        timer.check_now()
    [reminder] = due.args[0]
    assert reminder.title == "Follow up with Jane Doe (Finance)"
    assert reminder.body == "new laptop working?"

    # Shown once: checking again (a restart, a wake-up) finds nothing new.
    shown_again: list[object] = []
    timer.reminders_due.connect(shown_again.append)
    with qtbot.waitSignal(timer.armed):
        timer.check_now()
    assert shown_again == []
    timer.stop()


def test_long_delays_are_cut_so_that_sleep_and_clock_jumps_are_caught(
    qtbot: QtBot, anytime: Services, planner: ReminderPlanner, clock: FakeClock, runner: TaskRunner
) -> None:
    jane = anytime.people.add("Jane Doe")
    anytime.follow_ups.add(jane.id, clock.now() + timedelta(days=40), "check the new printer")
    timer = ReminderTimer(planner, clock, runner)
    with qtbot.waitSignal(timer.armed) as armed:
        timer.rearm()
    assert armed.args == [RESYNC_MS]
    timer.stop()


def make_presenter(
    services: Services,
    planner: ReminderPlanner,
    runner: TaskRunner,
    events: DataEvents,
    opened: list[tuple[str, dict[str, object]]],
) -> tuple[ReminderPresenter, RecordingNotifier]:
    """A presenter whose actions get ``services`` as the app hands them over once loaded."""
    notifier = RecordingNotifier()
    presenter = ReminderPresenter(
        notifier,
        services.settings,
        planner,
        events,
        runner,
        with_services=lambda use: use(services),
        navigator=RecordingNavigator(opened),
    )
    return presenter, notifier


def test_done_action_logs_the_contact_and_closes_the_follow_up(
    qtbot: QtBot, anytime: Services, planner: ReminderPlanner, clock: FakeClock, runner: TaskRunner
) -> None:
    jane = anytime.people.add("Jane Doe", department="Finance")
    anytime.interactions.log(
        jane.id, "email", "sent the VPN guide", follow_up_due=clock.now() + timedelta(hours=1)
    )
    clock.advance(hours=2)
    events = DataEvents()
    opened: list[tuple[str, dict[str, object]]] = []
    presenter, notifier = make_presenter(anytime, planner, runner, events, opened)
    reminders = planner.collect()
    presenter.show(reminders)
    [(title, body, actions, on_action)] = notifier.shown
    assert title == "Follow up with Jane Doe (Finance)" and body == "sent the VPN guide"
    assert ("done", "Done") in actions and ("snooze:tomorrow", "Tomorrow morning") in actions
    assert on_action is not None

    on_action("default")
    assert opened == [("people", {"person_id": jane.id})]
    with qtbot.waitSignal(events.follow_ups_changed):
        on_action("done")
    assert anytime.follow_ups.pending() == []
    [check_back, _] = anytime.interactions.history(jane.id)
    assert check_back.channel == "email" and check_back.at == clock.now()


def test_snooze_action_puts_the_follow_up_off(
    qtbot: QtBot, anytime: Services, planner: ReminderPlanner, clock: FakeClock, runner: TaskRunner
) -> None:
    jane = anytime.people.add("Jane Doe")
    follow_up = anytime.follow_ups.add(jane.id, clock.now(), "printer fixed?")
    events = DataEvents()
    presenter, _ = make_presenter(anytime, planner, runner, events, [])
    reminder = Reminder(
        ReminderKind.FOLLOW_UP,
        "Follow up with Jane Doe",
        "printer fixed?",
        item_id=follow_up.id,
        follow_up_ids=(follow_up.id,),
        person_ids=(jane.id,),
    )
    with qtbot.waitSignal(events.follow_ups_changed):
        presenter.act(reminder, "snooze:1h")
    snoozed = anytime.follow_ups.get(follow_up.id)
    assert snoozed.state == "snoozed" and snoozed.due == clock.now() + timedelta(hours=1)


def test_switched_off_notifications_show_nothing(
    anytime: Services, planner: ReminderPlanner, runner: TaskRunner
) -> None:
    anytime.settings.set("notifications.enabled", False)
    presenter, notifier = make_presenter(anytime, planner, runner, DataEvents(), [])
    presenter.show([Reminder(ReminderKind.DIGEST, "3 people", "A, B, C")])
    assert notifier.shown == []


def test_a_reminder_no_backend_could_show_is_kept_and_tried_again_later(
    qtbot: QtBot, anytime: Services, planner: ReminderPlanner, clock: FakeClock, runner: TaskRunner
) -> None:
    anytime.settings.set("reminders.digest_time", "23:59")
    jane = anytime.people.add("Jane Doe", department="Finance")
    anytime.follow_ups.add(jane.id, clock.now(), "new laptop working?")
    presenter, notifier = make_presenter(anytime, planner, runner, DataEvents(), [])
    notifier.shows = False  # the notification daemon is gone and there is no tray
    timer = ReminderTimer(planner, clock, runner, present=presenter.show)
    with qtbot.waitSignal(timer.armed) as armed:
        timer.check_now()
    # Not at once (that would loop while nothing can show it), and later while it fails.
    assert armed.args == [RETRY_DELAYS_MS[0]] == [5 * 60 * 1000]
    assert [title for title, *_ in notifier.shown] == ["Follow up with Jane Doe (Finance)"]
    [follow_up] = anytime.follow_ups.pending()
    assert follow_up.notified_at is None  # still to be shown
    with qtbot.waitSignal(timer.armed) as armed:
        timer.check_now()
    assert armed.args == [RETRY_DELAYS_MS[1]] and len(notifier.shown) == 2

    notifier.shows = True  # the daemon is back
    clock.advance(minutes=15)
    with qtbot.waitSignal(timer.armed) as armed:
        timer.check_now()
    assert len(notifier.shown) == 3 and armed.args[0] not in RETRY_DELAYS_MS
    [follow_up] = anytime.follow_ups.pending()
    assert follow_up.notified_at is not None
    with qtbot.waitSignal(timer.armed):
        timer.check_now()
    assert len(notifier.shown) == 3  # shown once it could be, and then not again
    timer.stop()
