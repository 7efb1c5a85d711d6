"""The task runner: work on a pool thread, callbacks on the GUI thread, and nothing of the
work let go on the pool thread (a QObject deleted there can deadlock Qt's signal lock against
Python's lock)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.ui.common.tasks import TaskRunner


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.close()


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
