"""Log a contact: find the person, pick the channel, write a line, maybe plan a follow-up.

Made to be used from the keyboard alone: type a name and press Enter (or Down to choose another
match), Tab through the rest, Ctrl+Enter logs. Alt+I/P/E/H/V (or Ctrl+1..5) pick the channel.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.clock import as_utc, local_date, local_tz
from itfriend.core.interactions import InteractionRow
from itfriend.core.models import Channel
from itfriend.core.people import PersonRow
from itfriend.core.people_search.candidates import candidates_of
from itfriend.core.services import Services
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.person_finder import PersonFinder
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.tool_window import StatusLine
from itfriend.ui.common.write_path import WritePath

CHANNELS = (
    (Channel.IN_PERSON, "&In person"),
    (Channel.PHONE, "&Phone"),
    (Channel.EMAIL, "&Email"),
    (Channel.CHAT, "C&hat"),
    (Channel.VIDEO, "&Video"),
)
# Follow-up presets: label and days ahead (at 09:00 local time); None means no follow-up.
NO_FOLLOW_UP, CUSTOM = "No follow-up", "Custom…"
PRESETS = ((NO_FOLLOW_UP, None), ("Tomorrow", 1), ("In 3 days", 3), ("In a week", 7), (CUSTOM, -1))
FOLLOW_UP_HOUR = time(9, 0)


def preset_moment(now: datetime, days: int) -> datetime:
    """09:00 local time, ``days`` calendar days after today."""
    day = local_date(now) + timedelta(days=days)
    return as_utc(datetime.combine(day, FOLLOW_UP_HOUR, local_tz()))


class LogContactDialog(QDialog):
    """Signals:
    logged(int): the interaction with this id was recorded.
    candidates_loaded(): the people to search among have been read.
    """

    logged = Signal(int)
    candidates_loaded = Signal()

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        parent: QWidget | None = None,
        person_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a contact — itfriend")
        self.setMinimumWidth(460)
        self._services = services
        self._events = events
        self.tasks = TaskRunner(self, max_threads=1)
        self.person_id: int | None = None
        self._logging = False

        self.finder = PersonFinder(self)
        self.chosen = QLabel("Nobody chosen yet", self)
        self.chosen.setObjectName("log_chosen")
        self.channels = QButtonGroup(self)
        channel_row = QHBoxLayout()
        for number, (channel, label) in enumerate(CHANNELS, start=1):
            button = QRadioButton(label, self)
            button.setObjectName(f"channel_{channel.value}")
            button.setProperty("channel", channel.value)
            self.channels.addButton(button, number)
            channel_row.addWidget(button)
            # Own shortcuts instead of the label's mnemonic, which some platforms switch off.
            button.setShortcut(QKeySequence())
            letter = label[label.index("&") + 1]
            for keys in (f"Alt+{letter}", f"Ctrl+{number}"):
                QShortcut(QKeySequence(keys), self, button.click)
        channel_row.addStretch(1)
        self.channels.button(1).setChecked(True)
        self.note = QLineEdit(self)
        self.note.setObjectName("log_note")
        self.note.setPlaceholderText("What was it about?")
        self.follow_up = QComboBox(self)
        self.follow_up.setObjectName("log_follow_up")
        for label, days in PRESETS:
            self.follow_up.addItem(label, days)
        self.custom = QDateTimeEdit(self)
        self.custom.setObjectName("log_custom_due")
        self.custom.setCalendarPopup(True)
        self.custom.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.custom.setDateTime(self._to_qt(preset_moment(services.clock.now(), 1)))
        self.custom.setEnabled(False)
        self.error = StatusLine("logging the contact", self, name="log_error")
        self.error.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error.hide()
        self.writes = WritePath(self.tasks, events, self._show_error)
        self.log_button = QPushButton("Log", self)
        self.log_button.setObjectName("log_button")
        self.log_button.setToolTip("Ctrl+Enter")
        cancel = QPushButton("Cancel", self)
        for push in (self.log_button, cancel):
            push.setAutoDefault(False)

        form = QFormLayout()
        form.addRow("Who", self.finder)
        form.addRow("", self.chosen)
        form.addRow("How", channel_row)
        form.addRow("Note", self.note)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.custom, 1)
        form.addRow("Follow up", follow_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.finder.picked.connect(self._picked)
        self.follow_up.currentIndexChanged.connect(self._preset_changed)
        self.log_button.clicked.connect(self.log)
        cancel.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.log)
        if person_id is not None:
            self._start_with_person(person_id)
        self._load_candidates()

    # --- choosing ----------------------------------------------------------------------------

    def _load_candidates(self) -> None:
        people = self._services.people
        self.writes.read(
            lambda: candidates_of(people.list()),
            self._candidates_loaded,
            lambda exc: self._show_error(
                f"The people could not be read: {error_text(exc, 'reading the people')}"
            ),
        )

    def _candidates_loaded(self, candidates: list) -> None:  # type: ignore[type-arg]
        self.finder.set_candidates(candidates)
        self.candidates_loaded.emit()

    def _start_with_person(self, person_id: int) -> None:
        """Chosen at once; the name is read off the GUI thread (before the candidates, on the
        same one-thread runner), and a person removed meanwhile is unchosen again."""
        self.person_id = person_id
        people = self._services.people
        self.writes.read(lambda: people.row(person_id), self._person_read, self._person_missing)

    def _person_read(self, row: PersonRow) -> None:
        if self.person_id == row.id:  # not another one chosen by hand meanwhile
            self._picked(row.id, row.name)

    def _person_missing(self, exc: BaseException) -> None:
        self.person_id = None
        self._show_error(exc)

    def _picked(self, person_id: int, label: str) -> None:
        self.person_id = person_id
        self.chosen.setText(f"Logging a contact with <b>{_escape(label)}</b>")
        self.error.hide()
        self.note.setFocus()

    def channel(self) -> Channel:
        checked = self.channels.checkedButton()
        return Channel(checked.property("channel")) if checked else Channel.IN_PERSON

    def _preset_changed(self) -> None:
        self.custom.setEnabled(self.follow_up.currentData() == -1)

    def follow_up_due(self) -> datetime | None:
        days = self.follow_up.currentData()
        if days is None:
            return None
        if days == -1:
            chosen = self.custom.dateTime().toPython()
            assert isinstance(chosen, datetime)
            return as_utc(chosen)
        return preset_moment(self._services.clock.now(), int(days))

    # --- logging -----------------------------------------------------------------------------

    def log(self) -> None:
        """Record the contact (and follow-up); on a problem say what, and keep everything."""
        if self.person_id is None:
            self._show_error("Choose who you talked to first: type a name and press Enter.")
            self.finder.setFocus()
            return
        if self._logging:
            return  # Ctrl+Enter again while the first is being written
        due = self.follow_up_due()
        interactions, person_id = self._services.interactions, self.person_id
        channel, note = self.channel(), self.note.text()
        self._logging = True
        self.log_button.setEnabled(False)
        changes = [Change.CONTACTS] + ([Change.FOLLOW_UPS] if due is not None else [])
        self.writes.write(
            lambda: interactions.log(person_id, channel, note, follow_up_due=due),
            changes,
            self._logged,
            self._log_failed,
        )

    def _logged(self, row: InteractionRow) -> None:
        self._logging = False
        self.logged.emit(row.id)
        self.accept()

    def _log_failed(self, exc: BaseException) -> None:
        self._logging = False
        self.log_button.setEnabled(True)
        self._show_error(exc)

    def _show_error(self, problem: BaseException | str) -> None:
        self.error.show_error(problem)

    def done(self, result: int) -> None:
        self.finder.stop()
        self.tasks.close()
        super().done(result)

    @staticmethod
    def _to_qt(moment: datetime) -> QDateTime:
        local = moment.astimezone(local_tz())
        day = QDate(local.year, local.month, local.day)
        wall = QTime(local.hour, local.minute)
        return QDateTime(day, wall, QTimeZone.systemTimeZone())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
