"""A person's interaction history (newest first) and open follow-ups with Done and Snooze.

Display only: the buttons emit signals, and whoever owns the pane does the writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.clock import local_tz
from itfriend.core.follow_ups import FollowUpRow
from itfriend.core.interactions import InteractionRow

# What the Snooze menu offers, as texts the core's ``parse_moment`` understands.
SNOOZE_CHOICES = (("For an hour", "1h"), ("Until tomorrow", "tomorrow"), ("For a week", "1w"))


def local_text(moment: datetime) -> str:
    return moment.astimezone(local_tz()).strftime("%a %d %b %Y %H:%M")


class PersonActivity(QWidget):
    """Signals:
    done_requested(int): the user marked this follow-up done.
    snooze_requested(int, str): the user snoozed this follow-up until this moment text.
    """

    done_requested = Signal(int)
    snooze_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follow_ups = QListWidget(self)
        self.follow_ups.setObjectName("follow_ups")
        self.follow_ups.setWordWrap(True)
        self.done_button = QPushButton("Done", self)
        self.done_button.setObjectName("follow_up_done")
        self.snooze_button = QPushButton("Snooze", self)
        self.snooze_button.setObjectName("follow_up_snooze")
        self.snooze_menu = QMenu(self.snooze_button)
        for label, moment in SNOOZE_CHOICES:
            action = self.snooze_menu.addAction(label)
            action.setData(moment)
            action.triggered.connect(lambda _=False, m=moment: self._snooze(m))
        self.snooze_button.setMenu(self.snooze_menu)
        self.history = QListWidget(self)
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self.history.setSpacing(2)

        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        pending = QVBoxLayout()
        pending.addWidget(QLabel("<b>Open follow-ups</b>", self))
        pending.addWidget(self.follow_ups, 1)
        pending.addLayout(buttons)
        past = QVBoxLayout()
        past.addWidget(QLabel("<b>History</b>, newest first", self))
        past.addWidget(self.history, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pending, 2)
        layout.addLayout(past, 3)
        self.done_button.clicked.connect(self._done)
        self.follow_ups.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_activity(
        self, history: Sequence[InteractionRow], follow_ups: Sequence[FollowUpRow]
    ) -> None:
        """Show these interactions (already newest first) and pending follow-ups."""
        self.history.clear()
        for interaction in history:
            text = f"{local_text(interaction.at)} · {interaction.channel}"
            if interaction.summary:
                text += f"\n{interaction.summary}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, interaction.id)
            self.history.addItem(item)
        if not history:
            self.history.addItem(QListWidgetItem("No contact logged yet"))
        self.follow_ups.clear()
        for follow_up in follow_ups:
            snoozed = " (snoozed)" if follow_up.state == "snoozed" else ""
            item = QListWidgetItem(f"{local_text(follow_up.due)}{snoozed}\n{follow_up.reason}")
            item.setData(Qt.ItemDataRole.UserRole, follow_up.id)
            self.follow_ups.addItem(item)
        if follow_ups:
            self.follow_ups.setCurrentRow(0)
        self._update_buttons()

    def clear(self) -> None:
        self.show_activity([], [])
        self.history.clear()

    def selected_follow_up(self) -> int | None:
        item = self.follow_ups.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        has_one = self.selected_follow_up() is not None
        self.done_button.setEnabled(has_one)
        self.snooze_button.setEnabled(has_one)

    def _done(self) -> None:
        follow_up = self.selected_follow_up()
        if follow_up is not None:
            self.done_requested.emit(follow_up)

    def _snooze(self, moment: str) -> None:
        follow_up = self.selected_follow_up()
        if follow_up is not None:
            self.snooze_requested.emit(follow_up, moment)
