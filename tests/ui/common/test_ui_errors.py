"""An unexpected error in a window's work is one line naming the log file, which has the
traceback (issue 13, 6); a known error is still shown as it is."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.errors import ValidationError
from itfriend.ui.common.errors import ProblemBox, error_text, unexpected_error_hook
from itfriend.ui.people.window import PeopleWindow


@pytest.fixture(autouse=True)
def own_log_handlers() -> Iterator[None]:
    """The log file handlers a test sets up are closed after it, not left on the root logger."""
    before = list(logging.getLogger().handlers)
    yield
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    return shown


def test_an_unexpected_failure_of_an_import_is_one_line_naming_the_log(
    qtbot: QtBot,
    window: PeopleWindow,
    itfriend_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("internal detail nobody should read")

    source = tmp_path / "contacts.csv"
    source.write_text("name\nAda\n", encoding="utf-8")
    monkeypatch.setattr("itfriend.core.contacts_io.import_contacts", broken)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(source), ""))
    with qtbot.waitSignal(window.files.finished, timeout=10_000) as finished:
        qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    log_file = itfriend_home / "logs" / "itfriend.log"
    line = f"An unexpected error (RuntimeError) stopped the import; the details are in {log_file}."
    assert warnings == [line]
    assert finished.args == [f"Import contacts failed: {line}"]
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: internal detail nobody should read" in logged


def test_a_known_error_is_shown_as_it_is_and_not_logged(itfriend_home: Path) -> None:
    problem = ValidationError("'x' is not an email address")
    assert error_text(problem, "the import") == "'x' is not an email address"
    assert not (itfriend_home / "logs" / "itfriend.log").exists()


def test_an_exception_escaping_a_slot_is_logged_and_shown_in_one_line(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tell = ProblemBox()
    hook = unexpected_error_hook(tmp_path / "logs", tell)
    for key in ("first", "second"):
        try:
            {}[key]
        except KeyError as exc:
            hook(KeyError, exc, exc.__traceback__)
    log_file = tmp_path / "logs" / "itfriend.log"
    line = (
        "an unexpected error (KeyError) stopped what itfriend was doing; "
        f"the details are in {log_file}"
    )
    assert capsys.readouterr().err == f"itfriend: {line}\n" * 2
    box = tell.box
    assert box is not None
    qtbot.addWidget(box)
    qtbot.waitUntil(box.isVisible)
    assert box.text() == line[:1].upper() + line[1:] + "."
    assert box.detailedText() == ""  # no traceback in the dialog, even folded away
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("Traceback (most recent call last)") == 2
    assert "KeyError: 'second'" in logged
    assert sys.excepthook is not hook  # nothing installed behind the test's back
