"""The detail pane of the People window: edit one person, see their history and follow-ups.

It writes through the core services and announces each write on ``DataEvents``; a rejected edit
shows the core's message inline and keeps what the user typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.errors import ItfriendError
from itfriend.core.services import Services
from itfriend.core.when import parse_moment
from itfriend.ui.common.events import DataEvents
from itfriend.ui.people.activity import PersonActivity
from itfriend.ui.people.form import PersonForm


class PersonDetail(QWidget):
    """Signals:
    saved(int): this person was added or saved.
    log_requested(int): the user wants to log a contact with this person.
    """

    saved = Signal(int)
    log_requested = Signal(int)

    def __init__(self, services: Services, events: DataEvents, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._events = events
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
        if person_id is None:
            self.form.set_person(None)
            self.activity.clear()
            self.title.setText("New person")
            self.log_button.setEnabled(False)
            return
        try:
            person = self._services.people.get(person_id)
        except ItfriendError:
            # Removed meanwhile (in another window, or by an import): show an empty form.
            self.show_person(None)
            return
        self.form.set_person(person)
        self.title.setText(person.name)
        self.log_button.setEnabled(True)
        self.refresh_activity()

    def refresh_activity(self) -> None:
        if self.person_id is None:
            return
        self.activity.show_activity(
            self._services.interactions.history(self.person_id, limit=500),
            self._services.follow_ups.pending(self.person_id),
        )

    def save(self) -> bool:
        """Add or save the person shown; on a rejected value show why and keep the edit."""
        values = self.form.values()
        try:
            if self.person_id is None:
                row = self._services.people.add(values.pop("name"), **values)
            else:
                row = self._services.people.edit(self.person_id, **values)
        except ItfriendError as exc:
            self.form.show_error(str(exc))
            return False
        self.form.clear_error()
        self.person_id = row.id
        self.title.setText(row.name)
        self.log_button.setEnabled(True)
        self._events.people_changed.emit()
        self.saved.emit(row.id)
        return True

    def _ask_log(self) -> None:
        if self.person_id is not None:
            self.log_requested.emit(self.person_id)

    def _mark_done(self, follow_up_id: int) -> None:
        try:
            self._services.follow_ups.done(follow_up_id)
        except ItfriendError as exc:
            self.form.show_error(str(exc))
            return
        self.refresh_activity()
        self._events.follow_ups_changed.emit()

    def _snooze(self, follow_up_id: int, until: str) -> None:
        try:
            moment = parse_moment(until, self._services.clock.now())
            self._services.follow_ups.snooze(follow_up_id, moment)
        except ItfriendError as exc:
            self.form.show_error(str(exc))
            return
        self.refresh_activity()
        self._events.follow_ups_changed.emit()
