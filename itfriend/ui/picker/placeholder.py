"""What the hotkey shows at once the first time, while the picker's data layer loads.

The idle tray does not hold the database layer the picker fills templates with, so the first
opening of the day takes up to a second. Rather than nothing happening (and the first letters
landing in the window being typed in), a search line in the picker's place takes the typing at
once; the picker then opens with what was typed, and Esc cancels the opening. Enter is
remembered: the picker inserts the template whose abbreviation or name was typed exactly, and
otherwise shows its matches for a second Enter (the technician has not yet seen which one the
top match would be).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class PickerPlaceholder(QWidget):
    """A frameless search line with "Loading your templates…" under it.

    Esc hides it, which cancels the opening.

    Signals:
    shown_after(float): milliseconds from ``started_at`` to the first paint.
    """

    shown_after = Signal(float)

    def __init__(self, started_at: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setWindowTitle("Loading templates — itfriend")
        self.setObjectName("template_picker_placeholder")
        self._started_at: float | None = started_at
        self.entered = False  # Enter was pressed: insert once the picker can
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.search = QLineEdit(frame)
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("Find a template: name, abbreviation or words in it…")
        self.status = QLabel("Loading your templates…", frame)
        inner = QVBoxLayout(frame)
        inner.addWidget(self.search)
        inner.addWidget(self.status)
        self.resize(560, self.sizeHint().height())

    def open(self) -> None:
        """Show it (again, after Esc: empty) in front, with the search line focused."""
        if not self.isVisible():
            self.search.clear()
            self.entered = False
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus()

    def typed(self) -> str:
        return self.search.text()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered = True
            self.status.setText("Loading your templates… Enter inserts the one named exactly.")
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._started_at is not None:
            elapsed = (time.perf_counter() - self._started_at) * 1000
            self._started_at = None
            log.info("picker placeholder shown %.1f ms after it was asked for", elapsed)
            self.shown_after.emit(elapsed)
