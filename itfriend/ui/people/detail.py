"""The detail pane of the People window: edit one person, see their history and follow-ups.

The person, their history and follow-ups are read off the GUI thread, and every write goes
through the write path (``ui.common.write_path``), which announces it; a rejected edit shows the
core's message inline and keeps what the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.errors import NotFoundError
from itfriend.core.follow_ups import FollowUpRow
from itfriend.core.interactions import InteractionRow
from itfriend.core.models import Person
from itfriend.core.people import PersonRow
from itfriend.core.services import Services
from itfriend.core.when import parse_moment
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.timers import Latest
from itfriend.ui.common.write_path import WritePath
from itfriend.ui.people.activity import PersonActivity
from itfriend.ui.people.form import PersonForm

HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Activity:
    history: list[InteractionRow]
    pending: list[FollowUpRow]


class PersonDetail(QWidget):
    """Signals:
    saved(int): this person was added or saved.
    log_requested(int): the user wants to log a contact with this person.
    shown(): the person asked for, or their refreshed activity, is shown.
    """

    saved = Signal(int)
    log_requested = Signal(int)
    shown = Signal()

    def __init__(self, services: Services, events: DataEvents, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._events = events
        self.tasks = TaskRunner(self, max_threads=1)
        self.writes = WritePath(self.tasks, events, self._show_problem)
        self._latest_person = Latest()
        self._latest_activity = Latest()
        self.person_id: int | None = None

        self.title = QLabel(self)
        self.title.setObjectName("person_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.form = PersonForm(self)
        self.form.set_default_cadence(services.people.default_cadence)
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("person_save")
        self.save_button.setDefault(True)
        self.log_button = QPushButton("Log a contact…", self)
        self.log_button.setObjectName("person_log")
        self.activity = PersonActivity(self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.activity, 1)

        self.save_button.clicked.connect(self.save)
        for edit in self.form.lines.values():
            edit.returnPressed.connect(self.save)  # Enter in any line saves, as in a dialog
        self.log_button.clicked.connect(self._ask_log)
        self.activity.done_requested.connect(self._mark_done)
        self.activity.snooze_requested.connect(self._snooze)
        self.show_person(None)

    def show_person(self, person_id: int | None) -> None:
        """Load a person into the pane; ``None`` shows an empty form for adding someone."""
        self.person_id = person_id
        self._latest_activity.drop()
        if person_id is None:
            self._latest_person.drop()
            self.form.set_person(None)
            self.activity.clear()
            self.title.setText("New person")
            self.log_button.setEnabled(False)
            self.shown.emit()
            return
        services = self._services

        def read() -> tuple[Person, Activity] | None:
            try:
                return services.people.get(person_id), _read_activity(services, person_id)
            except NotFoundError:
                return None  # removed meanwhile (another window, an import)

        self.writes.read(read, self._latest_person.only_latest(self._person_read))

    def _person_read(self, found: tuple[Person, Activity] | None) -> None:
        if found is None:
            self.show_person(None)
            return
        person, activity = found
        self.form.set_person(person)
        self.title.setText(person.name)
        self.log_button.setEnabled(True)
        self._activity_read(activity)

    def refresh_activity(self) -> None:
        if self.person_id is None:
            return
        services, person_id = self._services, self.person_id
        self.writes.read(
            lambda: _read_activity(services, person_id),
            self._latest_activity.only_latest(self._activity_read),
        )

    def _activity_read(self, activity: Activity) -> None:
        self.activity.show_activity(activity.history, activity.pending)
        self.shown.emit()

    def save(self) -> None:
        """Add or save the person shown; on a rejected value show why and keep the edit."""
        values = self.form.values()
        people, person_id = self._services.people, self.person_id
        if person_id is None:
            name = values.pop("name")
            work = lambda: people.add(name, **values)  # noqa: E731
        else:
            work = lambda: people.edit(person_id, **values)  # noqa: E731
        self.writes.write(work, [Change.PEOPLE], self._saved)

    def _saved(self, row: PersonRow) -> None:
        self.form.clear_error()
        self.person_id = row.id
        self.title.setText(row.name)
        self.log_button.setEnabled(True)
        self.saved.emit(row.id)

    def _show_problem(self, exc: BaseException) -> None:
        self.form.show_error(error_text(exc, "saving the person"))

    def _ask_log(self) -> None:
        if self.person_id is not None:
            self.log_requested.emit(self.person_id)

    def _mark_done(self, follow_up_id: int) -> None:
        follow_ups = self._services.follow_ups
        self.writes.write(lambda: follow_ups.done(follow_up_id), [Change.FOLLOW_UPS])

    def _snooze(self, follow_up_id: int, until: str) -> None:
        follow_ups, clock = self._services.follow_ups, self._services.clock
        self.writes.write(
            lambda: follow_ups.snooze(follow_up_id, parse_moment(until, clock.now())),
            [Change.FOLLOW_UPS],
        )

    def stop(self) -> None:
        """Wait for the pane's reads and writes (when its window shuts down)."""
        self.tasks.close()


def _read_activity(services: Services, person_id: int) -> Activity:
    return Activity(
        services.interactions.history(person_id, limit=HISTORY_LIMIT),
        services.follow_ups.pending(person_id),
    )
