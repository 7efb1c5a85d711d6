"""The live member preview of the Groups window: who the rule being edited takes in right now.

It is its own part because it has its own rhythm: edits are gathered for ``PREVIEW_DELAY_MS``
before one read, and an answer overtaken by a newer edit is dropped, so the list never shows a
rule the technician has already changed. The read goes through the window's write path (off the
GUI thread); this part only shows what comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from itfriend.core.wording import plural
from itfriend.ui.common.timers import Latest, NamedTimer

if TYPE_CHECKING:
    from itfriend.core.groups import GroupRule
    from itfriend.core.groups.service import GroupService
    from itfriend.core.people import PersonRow
    from itfriend.ui.common.write_path import WritePath

PREVIEW_DELAY_MS = 150


class MemberPreview(QWidget):
    """``count`` (how many, how many without email) over ``names`` (one line each).

    Signals:
    updated(): the preview shows the rule last asked for.
    """

    updated = Signal()

    def __init__(
        self, groups: GroupService, writes: WritePath, rule: Callable[[], GroupRule]
    ) -> None:
        super().__init__()
        self._groups = groups
        self._writes = writes
        self._rule = rule
        self._latest = Latest()
        self.count = QLabel()
        self.names = QListWidget()
        self._timer = NamedTimer("group_preview_timer", PREVIEW_DELAY_MS, self.refresh, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count)
        layout.addWidget(self.names, 1)

    def schedule(self) -> None:
        """Preview the rule once the editing pauses."""
        self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        rule, groups = self._rule(), self._groups
        # Edited again before it comes: a newer preview is on its way, this one is dropped.
        self._writes.read(lambda: groups.preview(rule), self._latest.only_latest(self._show))

    def _show(self, rows: list[PersonRow]) -> None:
        self.names.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.name} <{row.email}>" if row.email else row.name)
            if not row.email:
                item.setToolTip("No email address: announcements skip this person")
                item.setForeground(Qt.GlobalColor.darkGray)
            self.names.addItem(item)
        without = sum(1 for r in rows if not r.email)
        text = f"{plural(len(rows), 'member')} now"
        self.count.setText(text + (f" ({without} without email)" if without else ""))
        self.updated.emit()

    def stop(self) -> None:
        """No preview after this (the window closes)."""
        self._timer.stop()
