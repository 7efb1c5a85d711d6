"""The Log a contact dialog, driven from the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.log.dialog import LogContactDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def open_dialog(
    qtbot: QtBot, services: Services, events: DataEvents, people: dict[str, int]
) -> Iterator[object]:
    opened: list[LogContactDialog] = []

    def make(person_id: int | None = None) -> LogContactDialog:
        dialog = LogContactDialog(services, events, person_id=person_id)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.candidates_loaded, timeout=10_000):
            dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        opened.append(dialog)
        return dialog

    yield make
    for dialog in opened:
        dialog.finder.stop()
        dialog.tasks.close()


def focused() -> object:
    return QApplication.focusWidget()


def test_keyboard_only_logs_the_contact_and_the_follow_up(
    qtbot: QtBot,
    open_dialog,
    services: Services,
    events: DataEvents,  # type: ignore[no-untyped-def]
    people: dict[str, int],
    clock: FakeClock,
) -> None:
    dialog = open_dialog()
    assert focused() is dialog.finder.search
    qtbot.keyClicks(dialog.finder.search, "grce hopper")  # a typo still finds her
    qtbot.waitUntil(lambda: dialog.finder.results.count() > 0)
    assert dialog.finder.results.item(0).text().startswith("Grace Hopper")
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)
    assert dialog.person_id == people["grace"]
    assert focused() is dialog.note

    qtbot.keyClicks(dialog.note, "Swapped the docking station")
    qtbot.keyClick(dialog.note, Qt.Key.Key_2, CTRL)  # phone
    assert dialog.channel().value == "phone"
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert focused() is dialog.follow_up
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Down)  # "Tomorrow"
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Down)  # "In 3 days"
    assert dialog.follow_up.currentText() == "In 3 days"

    with qtbot.waitSignal(events.contacts_changed), qtbot.waitSignal(events.follow_ups_changed):
        qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == LogContactDialog.DialogCode.Accepted
    [interaction] = services.interactions.history(people["grace"], limit=1)
    assert interaction.channel == "phone"
    assert interaction.summary == "Swapped the docking station"
    assert interaction.at == clock.now()
    [follow_up] = services.follow_ups.pending(people["grace"])
    # Three days after Wednesday 4 March 2026, at 09:00 London time (GMT then).
    assert follow_up.due == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    assert follow_up.reason == "Swapped the docking station"


def test_down_chooses_another_match_and_alt_letter_a_channel(
    qtbot: QtBot,
    open_dialog,
    services: Services,
    people: dict[str, int],  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.finder.search, "engineering")
    qtbot.waitUntil(lambda: dialog.finder.results.count() >= 2)
    second = dialog.finder.results.item(1).text()
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Down)
    assert focused() is dialog.finder.results
    qtbot.keyClick(dialog.finder.results, Qt.Key.Key_Return)
    expected = people["grace"] if second.startswith("Grace") else people["barbara"]
    assert dialog.person_id == expected
    qtbot.keyClick(dialog.note, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert dialog.channel().value == "chat"
    with qtbot.waitSignal(dialog.logged, timeout=10_000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Enter, CTRL)
    [interaction] = services.interactions.history(expected, limit=1)
    assert interaction.channel == "chat"
    assert services.follow_ups.pending(expected) == []


def test_logging_without_a_person_explains_and_stays_open(
    qtbot: QtBot,
    open_dialog,
    services: Services,  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_dialog()
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "Choose who you talked to" in dialog.error.text()


def test_custom_follow_up_in_the_past_is_refused_inline(
    qtbot: QtBot,
    open_dialog,
    services: Services,
    people: dict[str, int],  # type: ignore[no-untyped-def]
) -> None:
    dialog = open_dialog(people["ada"])
    assert dialog.person_id == people["ada"]
    assert "Ada Lovelace" in dialog.chosen.text()
    dialog.follow_up.setCurrentIndex(dialog.follow_up.count() - 1)
    assert dialog.custom.isEnabled()
    dialog.custom.setDateTime(dialog.custom.dateTime().addDays(-10))
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() == "the follow-up must be after the contact")
    assert dialog.isVisible() and dialog.log_button.isEnabled()
    assert len(services.interactions.history(people["ada"])) == 1  # only the fixture's
