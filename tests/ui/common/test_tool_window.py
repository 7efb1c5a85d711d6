"""The base tool window: errors in its own status line (one line, never a traceback), the
Yes/No question, and writes announced from the write path alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.errors import ValidationError
from itfriend.core.services import Services
from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.tool_window import ToolWindow

UI = Path(__file__).resolve().parents[3] / "itfriend" / "ui"


def test_a_failed_write_is_one_line_in_the_status_and_announces_nothing(
    qtbot: QtBot, services: Services, events: DataEvents, itfriend_home: Path
) -> None:
    window = ToolWindow(services, events, "the test window")
    qtbot.addWidget(window)
    said: list[str] = []
    events.people_changed.connect(lambda: said.append("people"))

    def refused() -> None:
        raise ValidationError("a person needs a name")

    window.write(refused, [Change.PEOPLE])
    qtbot.waitUntil(lambda: window.status.text() == "a person needs a name", timeout=5000)

    def broken() -> None:
        raise RuntimeError("internal detail")

    window.write(broken, [Change.PEOPLE])
    qtbot.waitUntil(lambda: "unexpected error" in window.status.text(), timeout=5000)
    assert "internal detail" not in window.status.text()
    assert str(itfriend_home / "logs") in window.status.text()  # the traceback is there
    assert said == []
    window.shutdown()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_ask_is_yes_no_with_no_as_the_default(
    qtbot: QtBot,
    services: Services,
    events: DataEvents,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
) -> None:
    asked: list[tuple[object, ...]] = []

    def question(*args: object) -> QMessageBox.StandardButton:
        asked.append(args[1:])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    window = ToolWindow(services, events, "the test window")
    qtbot.addWidget(window)
    assert window.ask("Delete?", "Delete it?") is (answer == QMessageBox.StandardButton.Yes)
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    assert asked == [("Delete?", "Delete it?", buttons, QMessageBox.StandardButton.No)]
    window.shutdown()


def test_only_the_write_path_announces_changes() -> None:
    """DataEvents are emitted in one place (``DataEvents.announce``, called by the write path),
    not by hand after each write."""
    by_hand = re.compile(r"\.(people|contacts|follow_ups|settings|schedule)_changed\.emit\(")
    found = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []
