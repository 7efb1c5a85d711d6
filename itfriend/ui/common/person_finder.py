"""Find a person by typing: a search line over a short list of fuzzy matches.

Matching (``core.people_search.fuzzy_match``) looks at "name email department", so that
"grce hop", "finance ada" or part of an email all find the person. With many thousands of people
the matching waits for a short pause in typing and runs on a pool thread; a result for an older
text is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from itfriend.core.people_search.candidates import Candidate
from itfriend.core.people_search.fuzzy_match import best_matches
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.timers import Latest, NamedTimer

MAX_RESULTS = 8
# Above this many people, match after a pause in typing and off the GUI thread.
IN_BACKGROUND_ABOVE = 5_000
DEBOUNCE_MS = 120


class PersonFinder(QWidget):
    """A search line and its matches. Down moves into the list, Enter picks.

    Signals:
    picked(int, str): the user chose this person (id, label).
    matched(): the result list was updated for what was typed.
    """

    picked = Signal(int, str)
    matched = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._candidates: list[Candidate] = []
        self._texts: list[str] = []
        self._latest = Latest()  # results for an older text are no longer wanted
        self.tasks = TaskRunner(self, max_threads=1)
        self.search = QLineEdit(self)
        self.search.setObjectName("finder_search")
        self.search.setPlaceholderText("Type a name, email or department…")
        self.results = QListWidget(self)
        self.results.setObjectName("finder_results")
        self.results.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self._timer = NamedTimer("finder_match_timer", 0, self._match, self)
        self.search.textChanged.connect(self._typed)
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)
        self.setFocusProxy(self.search)

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self._candidates = candidates
        self._texts = [c.text for c in candidates]
        self._timer.setInterval(DEBOUNCE_MS if self._in_background() else 0)
        if self.search.text():
            self._match()

    def stop(self) -> None:
        """Stop the typing timer and any matching still running (when the dialog closes)."""
        self._timer.stop()
        self._latest.drop()
        self.tasks.close()

    def _in_background(self) -> bool:
        return len(self._texts) > IN_BACKGROUND_ABOVE

    def _typed(self, _text: str) -> None:
        self._latest.drop()
        self._timer.start()

    def _match(self) -> None:
        query = self.search.text().strip()
        latest, ticket = self._latest, self._latest.ticket()
        texts = self._texts
        if not self._in_background():
            self._show(ticket, best_matches(query, texts, MAX_RESULTS))
            return
        self.tasks.run(
            # The matching stops early once newer text was typed (checked from the pool thread).
            lambda: best_matches(query, texts, MAX_RESULTS, lambda: latest.is_current(ticket)),
            lambda found: self._show(ticket, found),
        )

    def _show(self, ticket: int, found: list[int] | None) -> None:
        if found is None or not self._latest.is_current(ticket):
            return
        self.results.clear()
        for position in found:
            candidate = self._candidates[position]
            item = QListWidgetItem(candidate.label)
            item.setData(Qt.ItemDataRole.UserRole, candidate.id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.matched.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down and self.results.count():
                if self._timer.isActive():
                    self._timer.stop()
                    self._match()
                # The best match is already highlighted (Enter picks it); Down goes to the next.
                self.results.setFocus()
                last = self.results.count() - 1
                self.results.setCurrentRow(min(self.results.currentRow() + 1, last))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier
            ):
                if self._timer.isActive():
                    self._timer.stop()
                    self._match()
                item = self.results.currentItem()
                if item is not None:
                    self._activated(item)
                return True
        return super().eventFilter(watched, event)

    def _activated(self, item: QListWidgetItem) -> None:
        self.picked.emit(int(item.data(Qt.ItemDataRole.UserRole)), item.text())
