"""What a group has been told: its announcements, and how many of them in the last 30 days.

Kept apart from the editing in the Groups window because it answers a different question — "may I
announce again?" — against ``announce.monthly_limit``. The read goes through the window's write
path (off the GUI thread); this part only shows what comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from itfriend.core.announcements import AnnouncementRow, AnnouncementService
    from itfriend.core.groups import GroupRow
    from itfriend.ui.common.write_path import WritePath

COLUMNS = ["Date", "Template", "Delivery", "State", "Sent", "Failed"]


class GroupHistory(QWidget):
    """``rows`` (one announcement a line) over ``cadence`` (the count against the limit).

    Signals:
    loaded(): the history of the group last asked for is shown.
    """

    loaded = Signal()

    def __init__(self, announcements: AnnouncementService, writes: WritePath) -> None:
        super().__init__()
        self._announcements = announcements
        self._writes = writes
        self.rows = QTreeWidget()
        self.rows.setHeaderLabels(COLUMNS)
        self.rows.setRootIsDecorated(False)
        self.cadence = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Announcements to this group:"))
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.cadence)

    def load(self, group: GroupRow) -> None:
        announcements = self._announcements
        self._writes.read(
            lambda: (
                announcements.history(group.name),
                announcements.recent_count(group.id, group.name),
            ),
            self._show,
        )

    def clear(self) -> None:
        self.rows.clear()
        self.cadence.clear()

    def _show(self, loaded: tuple[list[AnnouncementRow], int]) -> None:
        rows, count = loaded
        self.rows.clear()
        for row in rows:
            self.rows.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        f"{row.created_at.astimezone():%Y-%m-%d %H:%M}",
                        row.template_name,
                        row.delivery,
                        row.state,
                        str(row.sent),
                        str(row.failed),
                    ]
                )
            )
        limit = self._announcements.monthly_limit
        self.cadence.setText(f"{count} of at most {limit} announcements in the last 30 days")
        self.loaded.emit()
