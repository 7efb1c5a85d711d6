"""What the windows say when something fails: one line, never a traceback.

An ``ItfriendError`` already says what is wrong and what to do, and is shown as it is. Anything
else is a fault nobody foresaw: its traceback goes to the log file, and the technician reads one
line naming that file (``itfriend.core.logs.report_unexpected``). The same holds for an exception
escaping a slot, which Qt hands to ``sys.excepthook``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox

from itfriend.core.errors import ItfriendError
from itfriend.core.logs import report_unexpected

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def error_text(exc: BaseException, doing: str, folder: Path | None = None) -> str:
    """The text to show for ``exc``, raised while ``doing`` ("the import"); an unexpected one
    is logged with its traceback (in ``folder``, default this installation's logs)."""
    if isinstance(exc, ItfriendError):
        return str(exc)
    line = report_unexpected(exc, doing, folder)
    return line[:1].upper() + line[1:] + "."


class ProblemBox:
    """One non-modal message box for the unexpected errors of a session: shown again with the
    latest line rather than one box per error, so that a fault repeating in a timer cannot bury
    the desktop; the tray goes on meanwhile."""

    def __init__(self) -> None:
        self.box: QMessageBox | None = None

    def __call__(self, line: str) -> None:
        if self.box is None:
            self.box = QMessageBox(QMessageBox.Icon.Warning, "itfriend", "")
            self.box.setObjectName("unexpected_error")
        self.box.setText(line[:1].upper() + line[1:] + ".")
        self.box.show()


def unexpected_error_hook(folder: Path, tell: Callable[[str], None] | None = None) -> ExceptHook:
    """A ``sys.excepthook`` that logs the traceback in ``folder``, prints one line, and hands
    that line to ``tell`` (a ``ProblemBox`` in the tray) for the technician to see."""

    def hook(kind: type[BaseException], exc: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            print("itfriend: interrupted", file=sys.stderr)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(trace)
        line = report_unexpected(exc, "what itfriend was doing", folder)
        print(f"itfriend: {line}", file=sys.stderr)
        if tell is not None:
            tell(line)

    return hook
