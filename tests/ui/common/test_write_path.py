"""The write path: the write runs off the GUI thread, the window sees its result, then the
changes are announced once; a failure is reported and announces nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.errors import ValidationError
from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.timers import Latest, NamedTimer, OneAtATime
from itfriend.ui.common.write_path import WritePath


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.close()
    qtbot.wait(10)  # what it let go is deleted before it is (see test_tasks.make_runner)


def test_a_write_runs_off_the_gui_thread_and_then_announces_what_changed(
    qtbot: QtBot, runner: TaskRunner, events: DataEvents
) -> None:
    said: list[str] = []
    events.people_changed.connect(lambda: said.append("people"))
    events.follow_ups_changed.connect(lambda: said.append("follow-ups"))
    reported: list[BaseException] = []
    writes = WritePath(runner, events, reported.append)
    ran_on: list[str] = []

    def work() -> int:
        ran_on.append(threading.current_thread().name)
        return 7

    writes.write(work, [Change.PEOPLE, Change.FOLLOW_UPS, Change.PEOPLE], said.append)
    qtbot.waitUntil(lambda: len(said) == 3, timeout=5000)
    assert said == [7, "people", "follow-ups"]  # the window first, each change once
    assert ran_on != [threading.main_thread().name] and not reported


def test_what_changed_may_depend_on_the_result(
    qtbot: QtBot, runner: TaskRunner, events: DataEvents
) -> None:
    said: list[str] = []
    events.contacts_changed.connect(lambda: said.append("contacts"))
    events.follow_ups_changed.connect(lambda: said.append("follow-ups"))
    writes = WritePath(runner, events, lambda _exc: None)
    writes.write(lambda: None, lambda due: [Change.CONTACTS] + ([Change.FOLLOW_UPS] if due else []))
    qtbot.waitUntil(lambda: said == ["contacts"], timeout=5000)


def test_a_failed_write_is_reported_and_announces_nothing(
    qtbot: QtBot, runner: TaskRunner, events: DataEvents
) -> None:
    said: list[str] = []
    events.people_changed.connect(lambda: said.append("people"))
    reported: list[BaseException] = []
    writes = WritePath(runner, events, reported.append)

    def refused() -> None:
        raise ValidationError("a name is needed")

    writes.write(refused, [Change.PEOPLE], said.append)
    qtbot.waitUntil(lambda: bool(reported), timeout=5000)
    assert str(reported[0]) == "a name is needed" and said == []


def test_a_named_timer_fires_once_and_says_whose_it_is(qtbot: QtBot, runner: TaskRunner) -> None:
    fired: list[int] = []
    timer = NamedTimer("search_timer", 10, lambda: fired.append(1), runner)
    assert timer.isSingleShot() and "search_timer" in repr(timer)
    with qtbot.waitSignal(timer.timeout, timeout=2000):
        timer.start()
    assert fired == [1] and not timer.isActive()


def test_only_the_latest_answer_is_used() -> None:
    latest = Latest()
    used: list[str] = []
    old, new = latest.only_latest(used.append), latest.only_latest(used.append)
    old("stale")
    new("fresh")
    assert used == ["fresh"]
    later = latest.only_latest(used.append)
    latest.drop()
    later("dropped")
    assert used == ["fresh"]


def test_a_load_asked_for_while_it_runs_runs_once_more_after_it() -> None:
    started: list[int] = []
    load = OneAtATime(lambda: started.append(1))
    load.request()
    load.request()
    load.request()
    assert started == [1]
    assert load.finished() is True and started == [1, 1]
    assert load.finished() is False and not load.running


def test_a_write_is_announced_even_when_its_window_closed_before_it_ended(
    qtbot: QtBot, runner: TaskRunner, events: DataEvents
) -> None:
    said: list[str] = []
    events.contacts_changed.connect(lambda: said.append("contacts"))
    writes = WritePath(runner, events, lambda _exc: None)
    gate = threading.Event()
    writes.write(lambda: gate.wait(5), [Change.CONTACTS], said.append)
    gate.set()
    runner.close()  # the dialog was cancelled while its contact was being logged
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert said == ["contacts"]  # announced; the closed window's on_done not called
