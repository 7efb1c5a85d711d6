"""The Walk-around window: whom to look in on in a building, and logging the visits in one step.

People are listed by floor, those not seen for longest first; ticking the ones met and pressing
"Log visits" records an in-person contact for each in one transaction. The recurring schedules
are listed below, with a small form to add one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.clock import WEEKDAYS
from itfriend.core.errors import ItfriendError, NotFoundError
from itfriend.core.recurrence import weekly_rule
from itfriend.core.walk_arounds import group_by_floor
from itfriend.core.wording import plural
from itfriend.ui.common.events import Change
from itfriend.ui.common.timers import Latest
from itfriend.ui.common.tool_window import ToolWindow

if TYPE_CHECKING:
    from itfriend.core.people import PersonRow
    from itfriend.core.services import Services
    from itfriend.core.walk_arounds import WalkAroundRow
    from itfriend.ui.common.events import DataEvents


def staleness(row: PersonRow) -> str:
    if row.days_since_contact is None:
        return "not seen yet"
    if row.days_since_contact == 0:
        return "seen today"
    return f"{row.days_since_contact} days ago"


class WalkAroundWindow(ToolWindow):
    """Pick a building, tick the people met, log the visits; manage the recurring schedules."""

    def __init__(
        self, services: Services, events: DataEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, events, "the walk-around window", parent)
        self.setWindowTitle("Walk-around — itfriend")
        self.resize(560, 620)
        self._wanted_building: str | None = None
        self._people_loads = Latest()

        self.building = QComboBox()
        self.building.setEditable(False)
        self.building.currentTextChanged.connect(self.load_people)
        self.people = QTreeWidget()
        self.people.setHeaderLabels(["Person", "Last contact", "Room"])
        self.people.setRootIsDecorated(True)
        self.people.itemChanged.connect(self._update_log_button)
        self._person_items: list[QTreeWidgetItem] = []
        self.note = QLineEdit()
        self.note.setPlaceholderText("A note for each visit (optional)")
        self.log_button = QPushButton("Log visits")
        self.log_button.setEnabled(False)
        self.log_button.clicked.connect(self.log_visits)

        top = QHBoxLayout()
        top.addWidget(QLabel("Building:"))
        top.addWidget(self.building, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.log_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.people, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        layout.addWidget(self._schedule_box())

        events.contacts_changed.connect(self.load_people)
        events.people_changed.connect(self.load_buildings)
        events.schedule_changed.connect(self._schedules_changed_elsewhere)
        self.load_buildings()
        self.load_schedules()

    # --- people of a building ------------------------------------------------------------

    def show_walk_around(self, walk_around_id: int) -> None:
        """Show the building of this walk-around (a reminder's Open); one removed since the
        reminder came leaves the window as it is."""
        walk_arounds = self._services.walk_arounds

        def building() -> str | None:
            try:
                return walk_arounds.get(walk_around_id).building
            except NotFoundError:
                return None

        self.read(building, lambda found: self.show_building(found) if found else None)

    def show_building(self, building: str) -> None:
        """Show the people of ``building``, now or as soon as the buildings are loaded."""
        index = self.building.findText(building)
        self._wanted_building = building if index < 0 else None
        if index >= 0:
            self.building.setCurrentIndex(index)

    def load_buildings(self) -> None:
        self.read(self._services.people.buildings, self._buildings_loaded)

    def _buildings_loaded(self, buildings: list[str]) -> None:
        current = self._wanted_building or self.building.currentText()
        self._wanted_building = None
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItems(buildings)
        self.building.blockSignals(False)
        if current in buildings:
            self.building.setCurrentText(current)
        self.load_people()

    def load_people(self) -> None:
        building = self.building.currentText()
        if not building:
            self._people_loads.drop()
            self.people.clear()
            return
        walk_arounds = self._services.walk_arounds
        # Another building chosen before these come: only the newest building's are shown.
        self.read(
            lambda: walk_arounds.suggest(building),
            self._people_loads.only_latest(self._people_loaded),
        )

    def _people_loaded(self, rows: list[PersonRow]) -> None:
        self.people.blockSignals(True)
        self.people.clear()
        self._person_items = []
        for floor, members in group_by_floor(rows):
            floor_item = QTreeWidgetItem([f"Floor {floor}" if floor else "Floor not recorded"])
            floor_item.setFlags(floor_item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.people.addTopLevelItem(floor_item)
            for row in members:
                item = QTreeWidgetItem([row.name, staleness(row), row.room])
                item.setData(0, Qt.ItemDataRole.UserRole, row.id)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                if row.overdue:
                    item.setToolTip(0, "Overdue for a contact")
                    item.setForeground(1, Qt.GlobalColor.darkRed)
                floor_item.addChild(item)
                self._person_items.append(item)
            floor_item.setExpanded(True)
        self.people.resizeColumnToContents(0)
        self.people.blockSignals(False)
        self._update_log_button()

    def person_items(self) -> list[QTreeWidgetItem]:
        """The people listed, floor by floor, each with its tick box (floors are not in it)."""
        return list(self._person_items)

    def ticked(self) -> list[int]:
        return [
            int(item.data(0, Qt.ItemDataRole.UserRole))
            for item in self._person_items
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _update_log_button(self) -> None:
        count = len(self.ticked())
        self.log_button.setEnabled(count > 0)
        self.log_button.setText(f"Log {plural(count, 'visit')}" if count else "Log visits")

    def log_visits(self) -> None:
        ids = self.ticked()
        if not ids:
            return
        note = self.note.text().strip() or f"Walk-around in {self.building.currentText()}"
        interactions = self._services.interactions
        self.log_button.setEnabled(False)
        self.write(
            lambda: interactions.log_many(ids, "in-person", note), [Change.CONTACTS], self._logged
        )

    def _logged(self, rows: list[object]) -> None:
        self.status.say(f"Logged {plural(len(rows), 'in-person contact')}.")
        self.note.clear()

    # --- schedules -----------------------------------------------------------------------

    def _schedule_box(self) -> QGroupBox:
        box = QGroupBox("Recurring walk-arounds")
        self.schedules = QListWidget()
        self.schedules.setMaximumHeight(110)
        self.day_boxes = {day: QCheckBox(day.capitalize()) for day in WEEKDAYS}
        self.at = QTimeEdit(QTime(10, 0))
        self.at.setDisplayFormat("HH:mm")
        self.every_weeks = QSpinBox()
        self.every_weeks.setRange(1, 8)
        self.every_weeks.setPrefix("every ")
        self.every_weeks.setSuffix(" week(s)")
        add = QPushButton("Add for this building")
        add.clicked.connect(self.add_schedule)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_schedule)

        days = QHBoxLayout()
        for checkbox in self.day_boxes.values():
            days.addWidget(checkbox)
        when = QHBoxLayout()
        when.addWidget(QLabel("at"))
        when.addWidget(self.at)
        when.addWidget(self.every_weeks)
        when.addStretch(1)
        when.addWidget(add)
        when.addWidget(remove)
        layout = QVBoxLayout(box)
        layout.addWidget(self.schedules)
        layout.addLayout(days)
        layout.addLayout(when)
        return box

    def load_schedules(self) -> None:
        self.read(self._services.walk_arounds.list, self._schedules_loaded)

    def _schedules_loaded(self, rows: list[WalkAroundRow]) -> None:
        now = self._services.clock.now()
        self.schedules.clear()
        for row in rows:
            upcoming = row.next_after(now) if row.enabled else None
            when = f"next {upcoming.astimezone():%a %d %b %H:%M}" if upcoming else "paused"
            item = QListWidgetItem(f"{row.title}: {when}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.schedules.addItem(item)

    def add_schedule(self) -> None:
        building = self.building.currentText()
        days = [day for day, box in self.day_boxes.items() if box.isChecked()]
        if not building or not days:
            self.show_error("pick a building and at least one day")
            return
        try:
            rule = weekly_rule(days, self.at.time().toString("HH:mm"), self.every_weeks.value())
        except ItfriendError as exc:
            self.show_error(exc)
            return
        walk_arounds = self._services.walk_arounds
        self.write(
            lambda: walk_arounds.add(building, rule), [Change.SCHEDULE], self._schedule_changed
        )

    def remove_schedule(self) -> None:
        item = self.schedules.currentItem()
        if item is None:
            return
        walk_around_id = int(item.data(Qt.ItemDataRole.UserRole))
        walk_arounds = self._services.walk_arounds
        self.write(
            lambda: walk_arounds.remove(walk_around_id), [Change.SCHEDULE], self._schedule_changed
        )

    def _schedules_changed_elsewhere(self) -> None:
        # Only the change feed's: this window reloads after its own writes (below). Its own
        # writes are also in the feed, so they are read twice; a schedule list is small.
        feed = self._events.feed_rows
        if feed is not None and feed.touches("walk_arounds"):
            self.load_schedules()

    def _schedule_changed(self, _row: object) -> None:
        self.load_schedules()

    def error_shown(self) -> None:
        self._update_log_button()
