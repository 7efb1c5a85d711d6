"""Pieces the Cool-down and Reply windows share: checks that run off the GUI thread a moment
after typing stops, and phrases highlighted inside a text field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.timers import Latest, NamedTimer

SERIOUS = QColor(255, 196, 160)  # soft orange: what made the heat, or a serious flag
ADVICE = QColor(255, 238, 160)  # pale yellow: smaller advice


class DebouncedTask(QObject):
    """Runs the work made by ``make_work()`` on the runner once typing has paused for ``delay_ms``.

    Only the newest request's result is delivered: a check that finishes after the text changed
    again describes text that is gone, and its positions would mark the wrong words.

    Signals:
    done(object): the newest work's result (on the GUI thread).
    failed(object): the newest work raised this exception.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        make_work: Callable[[], Callable[[], Any]],
        delay_ms: int,
        name: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._make_work = make_work
        self._latest = Latest()
        self._timer = NamedTimer(name, delay_ms, self.run_now, self)

    @property
    def pending(self) -> bool:
        """Whether a request waits for typing to pause."""
        return self._timer.isActive()

    def request(self) -> None:
        """Ask for the work to run once typing pauses (each call restarts the wait)."""
        self._latest.drop()
        self._timer.start()

    def run_now(self) -> None:
        """Run the work at once (after the wait, or when the window is about to close)."""
        self._timer.stop()
        if self._runner.closed:
            return
        ticket = self._latest.ticket()
        self._runner.run(
            self._make_work(),
            lambda result: self._deliver(ticket, result),
            lambda exc: self._deliver(ticket, exc, failed=True),
        )

    def _deliver(self, ticket: int, outcome: object, failed: bool = False) -> None:
        if self._latest.is_current(ticket):  # else: the text changed again since
            (self.failed if failed else self.done).emit(outcome)

    def cancel(self) -> None:
        self._timer.stop()
        self._latest.drop()


def mark_spans(edit: QPlainTextEdit, spans: Iterable[tuple[int, int, QColor]]) -> None:
    """Give the characters ``start:end`` of ``edit`` a background colour; empty spans are skipped.

    ``start``/``end`` index the Python string (as the core reports them); Qt counts UTF-16 units,
    so they are converted, or an emoji earlier in the ticket would shift every mark. Extra
    selections colour the text without changing the document or its undo history.
    """
    text = edit.toPlainText()
    selections = []
    for start, end, colour in spans:
        if end <= start or end > len(text):
            continue
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(edit.document())
        cursor.setPosition(_utf16(text, start))
        cursor.setPosition(_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        text_format = QTextCharFormat()
        text_format.setBackground(colour)
        selection.format = text_format
        selections.append(selection)
    edit.setExtraSelections(selections)


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def marked_text(edit: QPlainTextEdit) -> list[str]:
    """The highlighted phrases of ``edit``, in order (what a reader sees marked; for tests)."""
    return [s.cursor.selectedText() for s in edit.extraSelections()]
