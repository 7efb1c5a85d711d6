"""The task runner: work on a pool thread, callbacks on the GUI thread, and nothing of the
work let go on the pool thread (a QObject deleted there can deadlock Qt's signal lock against
Python's lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.ui.common.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.close()
    qtbot.wait(10)  # see make_runner


@pytest.fixture
def make_runner(qtbot: QtBot) -> Iterator[Callable[..., TaskRunner]]:
    """Unparented runners, closed after the test and kept until the carriers they let go are
    deleted (a runner of no window, dropped before that, crashes Qt's event loop)."""
    made: list[TaskRunner] = []

    def make(max_threads: int = 2) -> TaskRunner:
        made.append(TaskRunner(max_threads=max_threads))
        return made[-1]

    yield make
    for runner in made:
        runner.close()
    qtbot.wait(10)


class Noted:
    """Notes the thread it is let go on."""

    def __init__(self, freed_on: list[str]) -> None:
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


class Failed(Exception):
    def __init__(self, carried: Noted) -> None:
        super().__init__("failed")
        self.carried = carried


class Work(Noted):
    """A work function that notes where it ran, and returns (or raises with) ``outcome``."""

    def __init__(self, freed_on: list[str], ran_on: list[str], outcome: Noted, fails: bool):
        super().__init__(freed_on)
        self.ran_on = ran_on
        self.outcome: Noted | None = outcome
        self.fails = fails

    def __call__(self) -> Noted:
        self.ran_on.append(threading.current_thread().name)
        outcome, self.outcome = self.outcome, None
        assert outcome is not None
        if self.fails:
            raise Failed(outcome)
        return outcome


def test_work_runs_on_a_pool_thread_and_reports_back_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    called: list[tuple[str, object]] = []
    runner.run(lambda: 42, lambda value: called.append((threading.current_thread().name, value)))
    qtbot.waitUntil(lambda: bool(called), timeout=5000)
    assert called == [(threading.main_thread().name, 42)]

    def broken() -> None:
        raise ValueError("the file is locked")

    errors: list[BaseException] = []
    runner.run(broken, called.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "the file is locked"


@pytest.mark.parametrize("fails", [False, True])
def test_the_work_and_its_outcome_are_let_go_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner, fails: bool
) -> None:
    freed_on: list[str] = []
    ran_on: list[str] = []
    delivered: list[object] = []
    runner.run(Work(freed_on, ran_on, Noted(freed_on), fails), delivered.append, delivered.append)
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    assert ran_on and ran_on[0] != threading.main_thread().name
    assert isinstance(delivered[0], Failed if fails else Noted)
    delivered.clear()  # the last reference to the outcome, here on the GUI thread
    qtbot.waitUntil(lambda: len(freed_on) == 2, timeout=5000)
    assert freed_on == [threading.main_thread().name] * 2  # the work and its outcome


def test_runners_share_one_pool_whose_threads_expire(
    qtbot: QtBot, make_runner: Callable[..., TaskRunner]
) -> None:
    from itfriend.ui.common.tasks import shared_pool

    threads: set[str] = set()
    first, second = make_runner(), make_runner()
    for runner in (first, second):
        runner.run(lambda: threads.add(threading.current_thread().name), lambda _r: None)
        qtbot.waitUntil(lambda r=runner: not r.busy, timeout=5000)
    assert 0 < shared_pool().expiryTimeout() <= 10_000  # an idle tray keeps no threads
    assert shared_pool().maxThreadCount() > 1
    assert all(name != threading.main_thread().name for name in threads)


def test_a_runner_of_one_thread_runs_its_tasks_in_order_on_the_shared_pool(
    qtbot: QtBot, make_runner: Callable[..., TaskRunner]
) -> None:
    one = make_runner(max_threads=1)
    running: list[int] = []
    overlapped: list[bool] = []
    order: list[int] = []
    gate = threading.Event()

    def work(number: int) -> int:
        running.append(number)
        overlapped.append(len(running) > 1)
        if number == 0:
            gate.wait(5)
        running.remove(number)
        return number

    for number in range(4):
        one.run(lambda n=number: work(n), order.append)
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 4, timeout=5000)
    assert order == [0, 1, 2, 3] and not any(overlapped)
    assert one.wait(1000)


def test_closing_a_runner_waits_only_for_its_own_work(
    make_runner: Callable[..., TaskRunner],
) -> None:
    import time

    slow, quick = make_runner(), make_runner()
    release = threading.Event()
    try:
        slow.run(lambda: release.wait(10), lambda _r: None)
        quick.run(lambda: 1, lambda _r: None)
        started = time.monotonic()
        quick.close(timeout_ms=5000)
        assert time.monotonic() - started < 2  # not held up by the other runner's work
        assert slow.busy
    finally:
        release.set()


def test_closing_runs_the_work_still_waiting_and_hands_over_only_what_must_be(
    qtbot: QtBot, make_runner: Callable[..., TaskRunner]
) -> None:
    one = make_runner(max_threads=1)
    gate = threading.Event()
    ran: list[str] = []
    told: list[str] = []
    one.run(lambda: gate.wait(5) and ran.append("first"), told.append)
    one.run(lambda: ran.append("waiting") or "written", told.append, on_closed_done=told.append)
    gate.set()
    one.close()  # before either reported back
    assert ran == ["first", "waiting"]  # the waiting work was not dropped
    qtbot.waitUntil(lambda: not one.busy, timeout=5000)
    assert told == ["written"]  # only its on_closed_done
