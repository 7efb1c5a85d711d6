"""The People window driven like a user: search, sort, edit, validation, delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.people.model import LAST_CONTACT, NAME
from itfriend.ui.people.window import PeopleWindow


def names(window: PeopleWindow) -> list[str]:
    model = window.model
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


def row_of_name(window: PeopleWindow, name: str) -> int:
    return names(window).index(name)


def test_lists_everyone_by_name_with_last_contact(window: PeopleWindow) -> None:
    assert names(window) == [
        "Ada Lovelace",
        "Alan Turing",
        "Barbara Liskov",
        "Grace Hopper",
        "Linus Pauling",
    ]
    model = window.model
    assert model.index(row_of_name(window, "Ada Lovelace"), LAST_CONTACT).data() == "12 days ago"
    assert model.index(row_of_name(window, "Grace Hopper"), LAST_CONTACT).data() == "today"
    assert model.index(row_of_name(window, "Linus Pauling"), LAST_CONTACT).data() == "never"
    assert window.count.text() == "5 people"


def icon_centre_alpha(index: QModelIndex) -> int:
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    return int(icon.pixmap(16).toImage().pixelColor(8, 8).alpha())


def test_overdue_people_are_marked_with_a_tooltip(window: PeopleWindow) -> None:
    model = window.model
    linus = model.index(row_of_name(window, "Linus Pauling"), NAME)
    ada = model.index(row_of_name(window, "Ada Lovelace"), NAME)
    assert "Overdue" in linus.data(Qt.ItemDataRole.ToolTipRole)
    assert icon_centre_alpha(linus) > 0  # a red dot
    assert icon_centre_alpha(ada) == 0  # a blank icon, so that names line up
    assert ada.data(Qt.ItemDataRole.ToolTipRole) is None


def test_typing_in_search_filters_the_table(qtbot: QtBot, window: PeopleWindow) -> None:
    qtbot.keyClicks(window.search, "engin")
    qtbot.waitUntil(lambda: names(window) == ["Barbara Liskov", "Grace Hopper"])
    assert window.count.text() == "2 of 5 people"
    qtbot.keyClicks(window.search, " arch")  # every word must match: Barbara's role
    qtbot.waitUntil(lambda: names(window) == ["Barbara Liskov"])
    window.search.clear()
    qtbot.waitUntil(lambda: len(names(window)) == 5)


def test_search_matches_email_and_building(qtbot: QtBot, window: PeopleWindow) -> None:
    qtbot.keyClicks(window.search, "ADA@EXAMPLE")
    qtbot.waitUntil(lambda: names(window) == ["Ada Lovelace"])
    window.search.clear()
    qtbot.keyClicks(window.search, "north")
    qtbot.waitUntil(lambda: names(window) == ["Ada Lovelace", "Alan Turing"])


def test_clicking_headers_sorts(qtbot: QtBot, window: PeopleWindow) -> None:
    header = window.table.horizontalHeader()
    position = QPoint(header.sectionViewportPosition(LAST_CONTACT) + 5, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=position)
    # Ascending by time since contact: today first, never last.
    order = names(window)
    assert order[-1] == "Linus Pauling"
    assert order[-2] == "Ada Lovelace"
    window.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert names(window)[0] == "Linus Pauling"
    window.table.sortByColumn(LAST_CONTACT, Qt.SortOrder.DescendingOrder)
    assert names(window)[0] == "Linus Pauling"
    assert names(window)[1] == "Ada Lovelace"


def select(qtbot: QtBot, window: PeopleWindow, name: str) -> None:
    index = window.model.index(row_of_name(window, name), NAME)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.detail.title.text() == name)


def test_edit_and_save_changes_the_database(
    qtbot: QtBot, window: PeopleWindow, services: Services, people: dict[str, int]
) -> None:
    select(qtbot, window, "Grace Hopper")
    form = window.detail.form
    form.lines["role"].clear()
    qtbot.keyClicks(form.lines["role"], "Rear Admiral")
    form.lines["systems"].clear()
    qtbot.keyClicks(form.lines["systems"], "COBOL, UNIVAC")
    qtbot.keyClicks(form.texts["notes"], "Prefers mornings")
    form.cadence.setValue(14)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.detail.save_button, Qt.MouseButton.LeftButton)
    person = services.people.get(people["grace"])
    assert person.role == "Rear Admiral"
    assert [s.name for s in person.systems] == ["COBOL", "UNIVAC"]
    assert person.notes == "Prefers mornings"
    assert person.cadence_days == 14
    assert form.error_text == ""
    assert window.table.currentIndex().row() == row_of_name(window, "Grace Hopper")


def test_invalid_value_shows_the_error_and_keeps_the_edit(
    qtbot: QtBot, window: PeopleWindow, services: Services, people: dict[str, int]
) -> None:
    select(qtbot, window, "Ada Lovelace")
    form = window.detail.form
    form.lines["email"].clear()
    qtbot.keyClicks(form.lines["email"], "not-an-address")
    form.lines["role"].setText("Countess")
    qtbot.mouseClick(window.detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "'not-an-address' is not an email address" in form.error_text)
    assert form.error.isVisible()
    assert form.lines["email"].text() == "not-an-address"
    assert form.lines["role"].text() == "Countess"
    assert services.people.get(people["ada"]).email == "ada@example.org"
    assert services.people.get(people["ada"]).role == ""


def test_add_a_new_person(qtbot: QtBot, window: PeopleWindow, services: Services) -> None:
    qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    form = window.detail.form
    assert form.lines["name"].text() == ""
    qtbot.mouseClick(window.detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text == "a person needs a name")
    qtbot.keyClicks(form.lines["name"], "Katherine Johnson")
    qtbot.keyClicks(form.lines["department"], "Flight Research")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.detail.save_button, Qt.MouseButton.LeftButton)
    assert "Katherine Johnson" in names(window)
    assert [r.department for r in services.people.list("Katherine")] == ["Flight Research"]
    assert window.table.currentIndex().row() == row_of_name(window, "Katherine Johnson")


def test_delete_asks_first(
    qtbot: QtBot,
    window: PeopleWindow,
    services: Services,
    people: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent: object, _title: str, text: str, *args: object) -> object:
            asked.append(text)
            return reply

        return question

    select(qtbot, window, "Alan Turing")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(window.delete_button, Qt.MouseButton.LeftButton)
    assert "Alan Turing" in asked[0]
    assert services.people.get(people["alan"]).name == "Alan Turing"

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.delete_button, Qt.MouseButton.LeftButton)
    with pytest.raises(NotFoundError):
        services.people.get(people["alan"])
    assert "Alan Turing" not in names(window)


def test_detail_shows_history_newest_first_and_follow_ups(
    qtbot: QtBot,
    window: PeopleWindow,
    services: Services,
    clock: FakeClock,
    people: dict[str, int],
    events: DataEvents,
) -> None:
    ada = people["ada"]
    services.interactions.log(
        ada,
        "email",
        "Sent the new printer driver",
        follow_up_due=clock.now() + timedelta(days=2),
        follow_up_reason="Check the printer driver",
    )
    events.contacts_changed.emit()
    window.show_person(ada)
    activity = window.detail.activity
    qtbot.waitUntil(lambda: activity.history.count() == 2)
    assert "Sent the new printer driver" in activity.history.item(0).text()
    assert "Printer jam" in activity.history.item(1).text()
    assert activity.follow_ups.count() == 1
    assert "Check the printer driver" in activity.follow_ups.item(0).text()

    with qtbot.waitSignal(events.follow_ups_changed):
        activity.snooze_menu.actions()[2].trigger()  # a week
    [pending] = services.follow_ups.pending(ada)
    assert pending.state == "snoozed"
    assert pending.due == clock.now() + timedelta(weeks=1)

    with qtbot.waitSignal(events.follow_ups_changed):
        qtbot.mouseClick(activity.done_button, Qt.MouseButton.LeftButton)
    assert services.follow_ups.pending(ada) == []
    qtbot.waitUntil(lambda: activity.follow_ups.count() == 0)
    assert not activity.done_button.isEnabled()


def test_show_person_clears_a_search_that_hides_them(
    qtbot: QtBot, window: PeopleWindow, people: dict[str, int]
) -> None:
    qtbot.keyClicks(window.search, "grace")
    qtbot.waitUntil(lambda: names(window) == ["Grace Hopper"])
    window.show_person(people["linus"])
    assert window.search.text() == ""
    assert window.table.currentIndex().row() == row_of_name(window, "Linus Pauling")
    qtbot.waitUntil(lambda: window.detail.title.text() == "Linus Pauling")


def test_a_person_that_does_not_exist_is_one_line_in_the_status(
    qtbot: QtBot, window: PeopleWindow, people: dict[str, int]
) -> None:
    missing = max(people.values()) + 100
    window.show_person(missing)
    qtbot.waitUntil(lambda: window.status.isVisible())
    assert window.status.text() == f"There is no person #{missing}."
    assert window.detail.title.text() == "New person"


def test_log_a_contact_from_the_detail_pane(
    qtbot: QtBot, window: PeopleWindow, services: Services, people: dict[str, int]
) -> None:
    select(qtbot, window, "Linus Pauling")
    assert window.model.index(row_of_name(window, "Linus Pauling"), LAST_CONTACT).data() == "never"
    qtbot.mouseClick(window.detail.log_button, Qt.MouseButton.LeftButton)
    dialog = window.log_dialog
    assert dialog is not None
    assert dialog.person_id == people["linus"]
    qtbot.waitUntil(lambda: not dialog.tasks.busy)
    qtbot.keyClicks(dialog.note, "Introduced myself")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    assert window.model.index(row_of_name(window, "Linus Pauling"), LAST_CONTACT).data() == "today"
    history = window.detail.activity.history
    qtbot.waitUntil(lambda: history.count() > 0 and "Introduced myself" in history.item(0).text())
    assert services.people.row(people["linus"]).days_since_contact == 0


def test_enter_in_a_field_saves(
    qtbot: QtBot, window: PeopleWindow, services: Services, people: dict[str, int]
) -> None:
    select(qtbot, window, "Alan Turing")
    room = window.detail.form.lines["room"]
    qtbot.keyClicks(room, "B-12")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.keyClick(room, Qt.Key.Key_Return)
    assert services.people.get(people["alan"]).room == "B-12"


def test_a_person_removed_elsewhere_leaves_an_empty_form(
    qtbot: QtBot,
    window: PeopleWindow,
    services: Services,
    people: dict[str, int],
    events: DataEvents,
) -> None:
    select(qtbot, window, "Alan Turing")
    services.people.remove(people["alan"])
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        events.people_changed.emit()
    window.show_person(people["alan"])
    qtbot.waitUntil(lambda: window.detail.person_id is None)
    assert window.detail.title.text() == "New person"
    assert "Alan Turing" not in names(window)


def test_big_lists_are_sorted_off_the_gui_thread(
    qtbot: QtBot, window: PeopleWindow, monkeypatch: pytest.MonkeyPatch, people: dict[str, int]
) -> None:
    monkeypatch.setattr("itfriend.ui.people.model.SORT_IN_BACKGROUND_ABOVE", 2)
    window.show_person(people["grace"])
    window.table.sortByColumn(LAST_CONTACT, Qt.SortOrder.DescendingOrder)
    assert names(window)[0] == "Ada Lovelace"  # not sorted yet: the work is on a pool thread
    qtbot.waitUntil(lambda: names(window)[0] == "Linus Pauling")
    assert names(window)[1] == "Ada Lovelace"
    assert window.table.currentIndex().row() == row_of_name(window, "Grace Hopper")


def test_typing_does_not_resize_the_count_label(qtbot: QtBot, window: PeopleWindow) -> None:
    # A label that changes size re-lays out the top bar (and repaints it) on every keystroke.
    size = window.count.size()
    search_geometry = window.search.geometry()
    qtbot.keyClicks(window.search, "engin")
    qtbot.waitUntil(lambda: window.count.text() == "2 of 5 people")
    assert window.count.size() == size
    assert window.search.geometry() == search_geometry
    fits = window.count.fontMetrics().horizontalAdvance(window.count.text())
    assert fits <= window.count.contentsRect().width()


def test_a_change_signal_after_the_window_shut_down_reads_nothing(
    window: PeopleWindow, events: DataEvents
) -> None:
    # After a restore the shell replaces its windows while the change feed's "reload
    # everything" is still being emitted: the old window must not start a read on its closed
    # runner (it raised "this task runner was closed" in the Qt event loop).
    window.shutdown()
    events.people_changed.emit()
    events.contacts_changed.emit()
    window.reload()
