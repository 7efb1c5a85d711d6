"""The rule part of the Groups window: departments, buildings, systems, and hand-picked people.

Each of the three lists is ticked to make a condition (any ticked value of a list matches; ticked
lists must all match). People are added by a fuzzy search and removed from the picked list.
The widget knows nothing of the database: the window gives it the choices and reads the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.groups import GroupRule
from itfriend.core.people_search.candidates import Candidate
from itfriend.ui.common.person_finder import PersonFinder

CHECKED = Qt.CheckState.Checked


class TickList(QListWidget):
    """A list of values with a tick box each; values ticked but no longer offered stay listed."""

    def set_values(self, values: Iterable[str], ticked: Iterable[str] = ()) -> None:
        ticked_lower = {v.lower(): v for v in ticked}
        self.blockSignals(True)
        self.clear()
        shown: set[str] = set()
        for value in [*values, *ticked_lower.values()]:
            if value.lower() in shown:
                continue
            shown.add(value.lower())
            item = QListWidgetItem(value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                CHECKED if value.lower() in ticked_lower else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        self.blockSignals(False)

    def ticked(self) -> tuple[str, ...]:
        items = (self.item(i) for i in range(self.count()))
        return tuple(item.text() for item in items if item.checkState() == CHECKED)

    def tick(self, value: str, on: bool = True) -> None:
        for item in self.findItems(value, Qt.MatchFlag.MatchFixedString):
            item.setCheckState(CHECKED if on else Qt.CheckState.Unchecked)


class GroupRuleEditor(QWidget):
    """Edit who a group means.

    Signals:
    changed(): the rule or the hand-picked people were edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.departments = TickList()
        self.buildings = TickList()
        self.systems = TickList()
        for tick_list in (self.departments, self.buildings, self.systems):
            tick_list.itemChanged.connect(lambda _item: self.changed.emit())
        self.finder = PersonFinder()
        self.finder.search.setPlaceholderText("Add a person by name, email or department…")
        self.finder.picked.connect(self.add_member)
        self.picked = QListWidget()
        self.picked.setMaximumHeight(110)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_member)

        lists = QGridLayout()
        for column, (title, tick_list) in enumerate(
            (
                ("Department is any of", self.departments),
                ("Building is any of", self.buildings),
                ("Uses any of the systems", self.systems),
            )
        ):
            lists.addWidget(QLabel(title), 0, column)
            lists.addWidget(tick_list, 1, column)
        picked_row = QHBoxLayout()
        picked_row.addWidget(self.picked, 1)
        picked_row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(lists)
        layout.addWidget(QLabel("Plus these people, hand-picked:"))
        layout.addWidget(self.finder)
        layout.addLayout(picked_row)

    def set_choices(
        self, departments: Sequence[str], buildings: Sequence[str], systems: Sequence[str]
    ) -> None:
        """Offer these values; what is ticked now stays ticked."""
        self.departments.set_values(departments, self.departments.ticked())
        self.buildings.set_values(buildings, self.buildings.ticked())
        self.systems.set_values(systems, self.systems.ticked())

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self.finder.set_candidates(candidates)

    def set_rule(self, rule: GroupRule, member_names: Sequence[str] = ()) -> None:
        """Show a saved rule (``member_names`` in the order of ``rule.member_ids``)."""
        for tick_list, ticked in (
            (self.departments, rule.departments),
            (self.buildings, rule.buildings),
            (self.systems, rule.systems),
        ):
            offered = [tick_list.item(i).text() for i in range(tick_list.count())]
            tick_list.set_values(offered, ticked)
        self.picked.clear()
        for person_id, name in zip(rule.member_ids, member_names, strict=False):
            self._add_picked(person_id, name)
        self.changed.emit()

    def rule(self) -> GroupRule:
        ids = (
            self.picked.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.picked.count())
        )
        return GroupRule(
            self.departments.ticked(),
            self.buildings.ticked(),
            self.systems.ticked(),
            tuple(int(i) for i in ids),
        )

    def add_member(self, person_id: int, label: str) -> None:
        if person_id not in self.rule().member_ids:
            self._add_picked(person_id, label.split(" — ")[0])
            self.changed.emit()
        self.finder.search.clear()

    def _add_picked(self, person_id: int, name: str) -> None:
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.picked.addItem(item)

    def remove_member(self) -> None:
        row = self.picked.currentRow()
        if row >= 0:
            self.picked.takeItem(row)
            self.changed.emit()

    def stop(self) -> None:
        self.finder.stop()
