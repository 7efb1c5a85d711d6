"""The Groups window: the groups announcements go to, who is in them now, and what they were told.

Left, the groups with their member counts; right, the selected group's name and rule with a live
preview of its members while it is edited (``groups.members``), and its announcement history with
the count of the last 30 days against ``announce.monthly_limit`` (``groups.history``).
"Announce…" opens the Announce dialog. This module keeps what ties them together: which group is
shown, and saving, deleting and announcing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.groups import GroupRule
from itfriend.core.groups.overview import GroupsData, load_choices, load_groups
from itfriend.core.people_search.candidates import Candidate
from itfriend.core.wording import plural
from itfriend.ui.announce.dialog import AnnounceDialog
from itfriend.ui.common.tool_window import ToolWindow
from itfriend.ui.groups.history import GroupHistory
from itfriend.ui.groups.members import MemberPreview
from itfriend.ui.groups.rule_editor import GroupRuleEditor

if TYPE_CHECKING:
    from itfriend.core.groups import GroupRow
    from itfriend.core.services import Services
    from itfriend.ui.common.events import DataEvents


class GroupsWindow(ToolWindow):
    """List, edit, preview, save, rename and delete groups; see and start their announcements.

    ``announce_options`` are passed to each AnnounceDialog (tests give a password lookup).

    Signals:
    loaded(): the list of groups was (re)filled.
    preview_updated(): the live member preview shows the rule being edited.
    history_loaded(): the selected group's announcement history is shown.
    """

    loaded = Signal()
    preview_updated = Signal()
    history_loaded = Signal()

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        parent: QWidget | None = None,
        announce_options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(services, events, "the groups window", parent)
        self.setWindowTitle("Groups — itfriend")
        self.resize(1000, 700)
        self._announce_options = dict(announce_options or {})
        self.current: GroupRow | None = None
        self._wanted: str | None = None
        self.dialog: AnnounceDialog | None = None

        self.groups = QListWidget()
        self.groups.setMinimumWidth(220)
        self.groups.currentItemChanged.connect(self._group_selected)
        new = QPushButton("New group")
        new.clicked.connect(self.new_group)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. CRM users")
        self.description = QLineEdit()
        self.editor = GroupRuleEditor()
        self.members = MemberPreview(services.groups, self.writes, self.editor.rule)
        self.members.updated.connect(self.preview_updated)
        self.editor.changed.connect(self.schedule_preview)
        self.preview_count, self.preview = self.members.count, self.members.names
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete)
        self.announce_button = QPushButton("Announce…")
        self.announce_button.clicked.connect(lambda: self.announce())
        self.announcements = GroupHistory(services.announcements, self.writes)
        self.announcements.loaded.connect(self.history_loaded)
        self.history, self.cadence = self.announcements.rows, self.announcements.cadence

        left = QVBoxLayout()
        left.addWidget(self.groups, 1)
        left.addWidget(new)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Description:", self.description)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.announce_button)
        rule_and_members = QHBoxLayout()
        rule_and_members.addWidget(self.editor, 3)
        rule_and_members.addWidget(self.members, 2)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(rule_and_members, 3)
        right.addLayout(buttons)
        right.addWidget(self.announcements, 2)
        right.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        for part, stretch in ((left, 1), (right, 4)):
            holder = QWidget()
            holder.setLayout(part)
            split.addWidget(holder)
            split.setStretchFactor(split.count() - 1, stretch)
        QVBoxLayout(self).addWidget(split)

        events.people_changed.connect(self.load)
        events.groups_changed.connect(self.load)
        self._update_buttons()
        self.load()

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the groups, their counts and the rule choices off the GUI thread."""
        services = self._services
        self.read(lambda: load_groups(services), self._groups_loaded)
        self.read(lambda: load_choices(services), self._choices_loaded)

    def _groups_loaded(self, data: GroupsData) -> None:
        keep = self._wanted or (self.current.name if self.current else None)
        self.groups.blockSignals(True)
        self.groups.clear()
        for row in data.rows:
            count = data.counts[row.id]
            item = QListWidgetItem(f"{row.name} ({plural(count, 'person', 'people')})")
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setToolTip(row.describe())
            self.groups.addItem(item)
        self.groups.blockSignals(False)
        self._wanted = None
        if keep is not None:
            self.select_group(keep)
        self.loaded.emit()

    def _choices_loaded(
        self, choices: tuple[list[str], list[str], list[str], list[Candidate]]
    ) -> None:
        departments, buildings, systems, candidates = choices
        self.editor.set_choices(departments, buildings, systems)
        self.editor.set_candidates(candidates)

    def select_group(self, name: str) -> None:
        """Show the group ``name`` (any case), now or as soon as the list is loaded."""
        for index in range(self.groups.count()):
            row = self.groups.item(index).data(Qt.ItemDataRole.UserRole)
            if row.name.lower() == name.lower():
                self.groups.setCurrentRow(index)
                if self.current is None or self.current.id != row.id:
                    self._show_group(row)
                return
        self._wanted = name

    def _group_selected(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._show_group(item.data(Qt.ItemDataRole.UserRole))

    def _show_group(self, row: GroupRow) -> None:
        self.current = row
        self.name.setText(row.name)
        self.description.setText(row.description)
        self.editor.set_rule(row.rule, row.member_names)
        self.load_history()
        self._update_buttons()

    def new_group(self) -> None:
        self.groups.setCurrentRow(-1)
        self.current = None
        self.name.clear()
        self.description.clear()
        self.editor.set_rule(GroupRule())
        self.announcements.clear()
        self.name.setFocus()
        self._update_buttons()

    # --- live preview and history ---------------------------------------------------------

    def schedule_preview(self) -> None:
        self.members.schedule()

    def refresh_preview(self) -> None:
        self.members.refresh()

    def load_history(self) -> None:
        if self.current is not None:
            self.announcements.load(self.current)

    # --- saving, deleting, announcing ----------------------------------------------------

    def save(self) -> None:
        name, description, rule = self.name.text(), self.description.text(), self.editor.rule()
        groups, current = self._services.groups, self.current
        if current is None:
            work = lambda: groups.add(name, rule, description)  # noqa: E731
        else:
            reference = f"#{current.id}"
            work = lambda: groups.edit(  # noqa: E731
                reference, name=name, rule=rule, description=description
            )
        self.write(work, on_done=self._saved)

    def _saved(self, row: GroupRow) -> None:
        self.status.setText(f"Saved '{row.name}': {row.describe()}")
        self.current = row
        self._wanted = row.name
        self.load()

    def delete(self) -> None:
        if self.current is None:
            return
        name = self.current.name
        question = f"Delete the group '{name}'? Its announcement history is kept."
        if not self.ask("Delete group?", question):
            return
        groups, reference = self._services.groups, f"#{self.current.id}"
        self.write(lambda: groups.remove(reference), on_done=self._deleted)

    def _deleted(self, name: str) -> None:
        self.status.setText(f"Deleted '{name}'")
        self.new_group()
        self.load()

    def announce(self, template_name: str | None = None, group_name: str | None = None) -> None:
        """Open the Announce dialog for the selected group (or ``group_name``)."""
        group = group_name or (self.current.name if self.current else None)
        if group is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = AnnounceDialog(
            self._services,
            self._events,
            group,
            template_name=template_name,
            parent=self,
            **self._announce_options,
        )
        self.dialog.setWindowFlag(Qt.WindowType.Window)
        self.dialog.delivered.connect(lambda _report: self.load_history())
        self.dialog.show()

    def _update_buttons(self) -> None:
        saved = self.current is not None
        self.delete_button.setEnabled(saved)
        self.announce_button.setEnabled(saved)

    def shutdown(self) -> None:
        """Wait for the worker threads (at app exit, and after each test)."""
        self.members.stop()
        self.editor.stop()
        if self.dialog is not None:
            self.dialog.shutdown()
        super().shutdown()
