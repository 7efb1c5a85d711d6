"""Fixtures shared by every test: a private data folder, the core services, the CLI."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Unit tests never need a screen; desktop tests set their own DISPLAY for the app they start.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
__import__("time").tzset()

from itfriend.core.clock import FakeClock  # noqa: E402
from itfriend.core.paths import AppPaths  # noqa: E402
from itfriend.core.reminders.store import ReminderStore  # noqa: E402
from itfriend.core.services import Services, open_services  # noqa: E402

# A fixed Wednesday morning, so that tests about days and weekdays are repeatable.
START = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def itfriend_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ITFRIEND_HOME: database, settings and logs go there."""
    home = tmp_path / "itfriend-home"
    monkeypatch.setenv("ITFRIEND_HOME", str(home))
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def services(itfriend_home: Path, clock: FakeClock) -> Iterator[Services]:
    opened = open_services(AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"), clock)
    yield opened
    opened.close()


@pytest.fixture
def store(services: Services, clock: FakeClock) -> ReminderStore:
    """The tray's plain-sqlite3 store over the same file, settings and clock as ``services``
    (tests set data up through the ORM services and read it back through the store)."""
    return ReminderStore(services.paths.database, services.settings, clock)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


class CliRunner:
    """Runs ``itfriend`` commands in-process with captured output."""

    def __call__(self, *args: str, stdin: str | None = None) -> CliResult:
        from itfriend.cli import main

        out, err = io.StringIO(), io.StringIO()
        monkey = pytest.MonkeyPatch()
        monkey.setattr("sys.stdout", out)
        if stdin is not None:
            monkey.setattr("sys.stdin", io.StringIO(stdin))
        try:
            with redirect_stderr(err):
                try:
                    code = main(list(args))
                except SystemExit as exc:
                    code = int(exc.code or 0)
        finally:
            monkey.undo()
        return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Empty the clipboard while Python is still running.

    Tests restore the user's clipboard with a QMimeData made in Python. The offscreen platform
    deletes its clipboard only in the C library's exit handlers, after the interpreter is gone,
    and the wrapper's destructor then crashes the run with a segmentation fault (exit 139) even
    though every test passed. The real app deletes its QApplication, and with it the clipboard,
    before Python ends.
    """
    import sys

    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
