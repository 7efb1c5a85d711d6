"""The running cool-downs with their time left, and replying to one (early only if confirmed).

Part of the Cool-down window. The list reloads when cool-downs change and redraws its times once
a minute, only while it is shown and something runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from itfriend.ui.common.events import Change
from itfriend.ui.common.tool_window import confirm
from itfriend.ui.cool_down.countdown import MINUTE_MS, cool_down_name, minutes_left

if TYPE_CHECKING:
    from itfriend.core.cool_downs import CoolDownRow
    from itfriend.core.services import Services
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.write_path import WritePath


class CoolDownList(QWidget):
    """Running cool-downs, soonest end first, with "Reply now" and "Stop".

    ``open_reply(cool_down_id)`` opens the reply window. Replying before the end asks once per
    cool-down whether you are sure; after its end it opens straight away.

    Signals:
    message(str): something to tell the technician (the window shows it in its status line).
    failed(object): a background task raised this exception.
    """

    message = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        writes: WritePath,
        open_reply: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self._writes = writes
        self._open_reply = open_reply
        self._rows: list[CoolDownRow] = []
        self._confirmed: set[int] = set()

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Ticket", "Heat", "Time left"])
        self.tree.setRootIsDecorated(False)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.reply_now())
        self.reply_button = QPushButton("Reply now")
        self.reply_button.clicked.connect(self.reply_now)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("End this cool-down without replying through itfriend")
        self.stop_button.clicked.connect(self.stop_cool_down)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.reply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Running cool-downs:"))
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        self._tick = QTimer(self)
        self._tick.setObjectName("cool-down-list-tick")
        self._tick.setInterval(MINUTE_MS)
        self._tick.timeout.connect(self._show_rows)
        events.schedule_changed.connect(self.load)
        self.load()
        self._update_buttons()

    @property
    def rows(self) -> list[CoolDownRow]:
        return list(self._rows)

    def load(self) -> None:
        if not self._writes.closed:
            self._writes.read(self._services.cool_downs.running, self._loaded, self.failed.emit)

    def _loaded(self, rows: list[CoolDownRow]) -> None:
        self._rows = rows
        self._show_rows()
        self._update_tick()

    def _show_rows(self) -> None:
        selected = self.selected_id()
        now = self._services.clock.now()
        self.tree.clear()
        for row in self._rows:
            left = minutes_left(row, now)
            item = QTreeWidgetItem(
                [cool_down_name(row), str(row.heat), f"{left} min" if left > 0 else "time's up"]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(0, row.ticket_text[:500])
            self.tree.addTopLevelItem(item)
            if row.id == selected or (selected is None and self.tree.topLevelItemCount() == 1):
                self.tree.setCurrentItem(item)
        self.tree.resizeColumnToContents(0)
        self._update_buttons()

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def select_cool_down(self, cool_down_id: int) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == cool_down_id:
                self.tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.reply_button.setEnabled(chosen)
        self.stop_button.setEnabled(chosen)

    def reply_now(self) -> None:
        """Open the chosen cool-down's reply window; before its end, only once confirmed."""
        row = next((r for r in self._rows if r.id == self.selected_id()), None)
        if row is None:
            return
        left = minutes_left(row, self._services.clock.now())
        if left > 0 and row.id not in self._confirmed:
            question = (
                f"{cool_down_name(row)} still has {left} min of cool-down. Replying while upset "
                "is what it is there to prevent.\n\nOpen the reply window now anyway?"
            )
            if not confirm(self, "Reply before the cool-down ends?", question):
                return
            self._confirmed.add(row.id)  # asked once: not again for this cool-down
        self._open_reply(row.id)

    def stop_cool_down(self) -> None:
        cool_down_id = self.selected_id()
        if cool_down_id is None:
            return
        cool_downs = self._services.cool_downs
        self._writes.write(
            lambda: cool_downs.end(cool_down_id), [Change.SCHEDULE], self._stopped, self.failed.emit
        )

    def _stopped(self, row: CoolDownRow) -> None:
        self.message.emit(f"Stopped the cool-down on {cool_down_name(row)}.")

    def _update_tick(self) -> None:
        if self._rows and self.isVisible():
            if not self._tick.isActive():
                self._tick.start()
        else:
            self._tick.stop()

    @property
    def ticking(self) -> bool:
        return self._tick.isActive()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_rows()
        self._update_tick()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()

    def stop(self) -> None:
        self._tick.stop()
