"""What every tool window does the same way: a status line that also shows errors, a Yes/No
question, and reading and writing through the one write path (``ui.common.write_path``).

``ToolWindow`` is the base of the plain windows; a dialog, which cannot share a base with them,
uses the same parts (``StatusLine``, ``confirm``, ``WritePath``) directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from itfriend.ui.common.errors import error_text
from itfriend.ui.common.tasks import OnError, TaskRunner
from itfriend.ui.common.write_path import Changes, WritePath

if TYPE_CHECKING:
    # Annotations only: the settings dialog uses the status line without the data layer.
    from itfriend.core.services import Services
    from itfriend.ui.common.events import DataEvents


class StatusLine(QLabel):
    """One line under a window's controls: what just happened, or what went wrong.

    An error is shown as ``error_text`` words it: a known one as it is, an unexpected one as
    one line naming the log file (``doing`` says what the window was doing, for that line).
    """

    def __init__(self, doing: str, parent: QWidget, name: str = "status") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self._doing = doing

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()

    def show_error(self, problem: BaseException | str) -> None:
        self.say(problem if isinstance(problem, str) else error_text(problem, self._doing))


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Ask ``question`` with Yes and No, No being the default; True on Yes."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class ToolWindow(QWidget):
    """A window over the services: ``status``, ``show_error``, ``ask``, ``read``, ``write``.

    Subclasses add ``self.status`` to their layout, and override ``error_shown`` to put their
    buttons right after a failure. ``shutdown`` (at app exit, after each test) waits for the
    window's work; subclasses that stop more call it too.
    """

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        doing: str,
        parent: QWidget | None = None,
        max_threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self.tasks = TaskRunner(self, max_threads)
        self.status = StatusLine(doing, self)
        self.writes = WritePath(self.tasks, events, self.show_error)

    def read(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: OnError | None = None,
    ) -> None:
        self.writes.read(work, on_done, on_error)

    def write(
        self,
        work: Callable[[], Any],
        changes: Changes = (),
        on_done: Callable[[Any], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        self.writes.write(work, changes, on_done, on_error)

    def show_error(self, problem: BaseException | str) -> None:
        self.status.show_error(problem)
        self.error_shown()

    def error_shown(self) -> None:
        """Called after an error is shown; the base does nothing."""

    def ask(self, title: str, question: str) -> bool:
        """``confirm`` over this window: True on Yes."""
        return confirm(self, title, question)

    def shutdown(self) -> None:
        self.tasks.close()
