"""No window touches the database on the GUI thread (issue 14, "One write path").

``guard`` wraps the services' database so that a session opened on the GUI thread raises, and
notes where it came from (a window might catch the error and show it; the note still fails the
test). Each test sets its data up first, arms the guard, then opens a window and drives its main
actions through the real widgets; the checks of what was written are made with the guard off.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError
from itfriend.core.paths import AppPaths
from itfriend.core.recurrence import weekly_rule
from itfriend.core.services import Services
from itfriend.core.templates import TemplateDraft
from itfriend.ui.common.events import DataEvents
from tests.ui.conftest import OFFSCREEN_NOISE


class GuiThreadDatabaseAccess(RuntimeError):
    """A database session was opened on the GUI thread."""


class Guard:
    """Makes ``services.db.transaction`` raise on the GUI thread while armed."""

    def __init__(self, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed = False
        self.violations: list[str] = []
        original = services.db.transaction

        def guarded() -> AbstractContextManager[Any]:
            if self.armed and threading.current_thread() is threading.main_thread():
                self.violations.append("".join(traceback.format_stack(limit=12)))
                raise GuiThreadDatabaseAccess("the database was used on the GUI thread")
            return original()

        monkeypatch.setattr(services.db, "transaction", guarded)

    @contextmanager
    def off(self) -> Iterator[None]:
        """For the test's own checks of what was written."""
        self.armed = False
        try:
            yield
        finally:
            self.armed = True


@pytest.fixture
def guard(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[Guard]:
    made = Guard(services, monkeypatch)
    yield made
    assert made.violations == [], "\n\n".join(made.violations)


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Yes/No question is answered Yes; the questions are kept."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_people_add_edit_detail_log_and_remove(
    qtbot: QtBot,
    services: Services,
    events: DataEvents,
    people: dict[str, int],
    clock: FakeClock,
    guard: Guard,
    yes: list[str],
) -> None:
    from itfriend.ui.people.window import PeopleWindow

    services.interactions.log(
        people["ada"], "email", "Sent the driver", follow_up_due=clock.now() + timedelta(days=2)
    )
    guard.armed = True
    window = PeopleWindow(services, events)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()

    qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.detail.form.lines["name"], "Katherine Johnson")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.detail.save_button, Qt.MouseButton.LeftButton)

    window.show_person(people["grace"])
    qtbot.waitUntil(lambda: window.detail.title.text() == "Grace Hopper")
    window.detail.form.lines["role"].setText("Rear Admiral")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.detail.save_button, Qt.MouseButton.LeftButton)

    window.show_person(people["ada"])
    activity = window.detail.activity
    qtbot.waitUntil(lambda: activity.follow_ups.count() == 1)
    with qtbot.waitSignal(events.follow_ups_changed, timeout=10_000):
        activity.snooze_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: activity.follow_ups.count() == 1 and activity.done_button.isEnabled())
    with qtbot.waitSignal(events.follow_ups_changed, timeout=10_000):
        qtbot.mouseClick(activity.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: activity.follow_ups.count() == 0)

    qtbot.mouseClick(window.detail.log_button, Qt.MouseButton.LeftButton)
    dialog = window.log_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "Ada Lovelace" in dialog.chosen.text())
    qtbot.keyClicks(dialog.note, "Printer fixed")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)

    window.show_person(people["alan"])
    qtbot.waitUntil(lambda: window.detail.title.text() == "Alan Turing")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.delete_button, Qt.MouseButton.LeftButton)

    with guard.off():
        assert [r.name for r in services.people.list("Katherine")] == ["Katherine Johnson"]
        assert services.people.get(people["grace"]).role == "Rear Admiral"
        assert services.follow_ups.pending(people["ada"]) == []
        assert services.interactions.history(people["ada"])[0].summary == "Printer fixed"
        with pytest.raises(NotFoundError):
            services.people.get(people["alan"])
    assert "Alan Turing" in yes[0]
    window.shutdown()


def test_the_log_dialog_logs_a_contact_with_a_follow_up(
    qtbot: QtBot, services: Services, events: DataEvents, people: dict[str, int], guard: Guard
) -> None:
    from itfriend.ui.log.dialog import LogContactDialog

    guard.armed = True
    dialog = LogContactDialog(services, events, person_id=people["linus"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.candidates_loaded, timeout=10_000):
        dialog.show()
    qtbot.keyClicks(dialog.note, "Swapped the mouse")
    dialog.follow_up.setCurrentIndex(1)  # tomorrow
    with qtbot.waitSignals([events.contacts_changed, events.follow_ups_changed], timeout=10_000):
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    with guard.off():
        assert services.interactions.history(people["linus"])[0].summary == "Swapped the mouse"
        assert len(services.follow_ups.pending(people["linus"])) == 1


class Paster:
    def __init__(self) -> None:
        self.inserted: list[str] = []

    def remember_target(self) -> None:
        pass

    def insert(self, text: str) -> bool:
        self.inserted.append(text)
        return True

    def copy(self, text: str) -> None:
        pass


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, "This plugin does not support raise")
def test_the_picker_inserts_for_a_person_and_logs_the_contact(
    qtbot: QtBot, services: Services, events: DataEvents, people: dict[str, int], guard: Guard
) -> None:
    from itfriend.ui.picker.window import TemplatePicker

    services.templates.create(
        TemplateDraft("Quick thanks", "Thanks", "Thanks {{ person.first_name }}!")
    )
    guard.armed = True
    paster = Paster()
    picker = TemplatePicker(services, events, paster, mail_opener=lambda *_a: True)
    qtbot.addWidget(picker)
    qtbot.waitSignals([picker.templates_loaded, picker.people_loaded], timeout=10_000).wait()
    picker.open_picker()
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClicks(picker.ui.search, "quick thanks")
    picker.choose_person(people["ada"], "Ada Lovelace")
    qtbot.waitUntil(lambda: picker.preview_ready, timeout=10_000)
    with qtbot.waitSignal(events.contacts_changed, timeout=10_000):
        qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.inserted == ["Thanks Ada!"]
    with guard.off():
        assert services.interactions.history(people["ada"])[0].summary == "Sent 'Quick thanks'"
    picker.close_picker()


def test_groups_save_and_delete(
    qtbot: QtBot,
    services: Services,
    events: DataEvents,
    people: dict[str, int],
    guard: Guard,
    yes: list[str],
) -> None:
    from itfriend.ui.groups.window import GroupsWindow

    guard.armed = True
    window = GroupsWindow(services, events)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.editor.departments.count() == 4, timeout=10_000)
    window.new_group()
    window.name.setText("Engineers")
    window.editor.departments.tick("Engineering")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.save_button.click()
    assert window.current is not None and window.current.name == "Engineers"
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.delete_button.click()
    with guard.off():
        assert services.groups.list() == []
    assert window.status.text() == "Deleted 'Engineers'"
    window.shutdown()


def test_walk_around_logs_visits_and_keeps_schedules(
    qtbot: QtBot, services: Services, events: DataEvents, people: dict[str, int], guard: Guard
) -> None:
    from itfriend.ui.walk_around.window import WalkAroundWindow

    existing = services.walk_arounds.add("South", weekly_rule(["mon"], "10:00", 1))
    guard.armed = True
    window = WalkAroundWindow(services, events)
    qtbot.addWidget(window)
    window.show_walk_around(existing.id)
    qtbot.waitUntil(lambda: window.building.currentText() == "South", timeout=10_000)
    window.show_building("North")
    qtbot.waitUntil(lambda: len(window.person_items()) == 2, timeout=10_000)
    window.person_items()[0].setCheckState(0, Qt.CheckState.Checked)
    with qtbot.waitSignal(events.contacts_changed, timeout=10_000):
        window.log_button.click()
    qtbot.waitUntil(lambda: window.schedules.count() == 1, timeout=10_000)
    window.day_boxes["tue"].setChecked(True)
    with qtbot.waitSignal(events.schedule_changed, timeout=10_000):
        window.add_schedule()
    qtbot.waitUntil(lambda: window.schedules.count() == 2, timeout=10_000)
    window.schedules.setCurrentRow(0)
    with qtbot.waitSignal(events.schedule_changed, timeout=10_000):
        window.remove_schedule()
    qtbot.waitUntil(lambda: window.schedules.count() == 1, timeout=10_000)
    assert "Logged 1 in-person contact." in window.status.text()
    with guard.off():
        assert len(services.walk_arounds.list()) == 1
    window.shutdown()


def test_templates_save_duplicate_export_and_delete(
    qtbot: QtBot, services: Services, events: DataEvents, guard: Guard, tmp_path: Path
) -> None:
    from itfriend.ui.templates.window import TemplatesWindow

    guard.armed = True
    window = TemplatesWindow(services, events)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.tasks.busy and bool(window.names()), timeout=10_000)
    window.new_template()
    window.editor.name.setText("Desk move")
    window.editor.subject.setText("Your desk move")
    window.editor.body.setPlainText("Hi {{ person.first_name }}, you move today.")
    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.save()
    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.duplicate()
    target = tmp_path / "desk.md"
    window.choose_export_path = lambda _name: target
    window.export_file()
    qtbot.waitUntil(lambda: window.status.text().startswith("Exported"), timeout=10_000)
    window.confirm = lambda _question: True
    window.delete()
    qtbot.waitUntil(lambda: window.status.text() == "Deleted 'Desk move (copy)'.", timeout=10_000)
    assert target.read_text(encoding="utf-8").startswith("---\nname: Desk move (copy)\n")
    with guard.off():
        names = [t.name for t in services.templates.list()]
    assert "Desk move" in names and "Desk move (copy)" not in names
    window.shutdown()


ANGRY = "This is the third time I report this and NOBODY has fixed my laptop. Unacceptable!!"


def test_cool_down_start_stop_and_reply(
    qtbot: QtBot, services: Services, events: DataEvents, guard: Guard
) -> None:
    from itfriend.ui.cool_down.reply_window import ReplyWindow
    from itfriend.ui.cool_down.window import CoolDownWindow

    replying = services.cool_downs.start("INC-2", ANGRY, 1).id
    guard.armed = True
    window = CoolDownWindow(services, events, open_reply=lambda _id: None)
    qtbot.addWidget(window)
    window.show()
    window.label.setText("INC-1")
    window.ticket.setPlainText(ANGRY)
    with qtbot.waitSignal(events.schedule_changed, timeout=10_000):
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.running.tree.topLevelItemCount() == 2, timeout=10_000)
    with guard.off():
        started = next(r for r in services.cool_downs.running() if r.label == "INC-1")
    window.running.select_cool_down(started.id)
    with qtbot.waitSignal(events.schedule_changed, timeout=10_000):
        qtbot.mouseClick(window.running.stop_button, Qt.MouseButton.LeftButton)

    reply = ReplyWindow(services, events, replying)
    qtbot.addWidget(reply)
    reply.show()
    qtbot.waitUntil(reply.draft.isEnabled, timeout=10_000)
    reply.draft.setPlainText("Hi, your laptop is fixed. Sorry for the wait.")
    with qtbot.waitSignal(events.schedule_changed, timeout=10_000):
        reply.replied_button.click()
    with guard.off():
        assert services.cool_downs.get(started.id).state == "ended"
        assert services.cool_downs.get(replying).state == "replied"
    reply.shutdown()
    window.shutdown()


def test_settings_are_saved_and_announced(
    qtbot: QtBot, services: Services, events: DataEvents, guard: Guard
) -> None:
    from itfriend.ui.settings.dialog import SettingsDialog

    class NoAutostart:
        def enabled(self) -> bool:
            return False

        def enable(self, command: list[str]) -> None:
            pass

        def disable(self) -> None:
            pass

    guard.armed = True
    paths: AppPaths = services.paths
    dialog = SettingsDialog(services.settings, paths, NoAutostart(), events=events)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(events.settings_changed, timeout=10_000):
        assert dialog.save()
