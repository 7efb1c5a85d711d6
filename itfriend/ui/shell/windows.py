"""The open windows of one running itfriend: one per key, raised if already open, forgotten when
closed for good, and their geometry kept between runs (``WindowStateStore``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, cast, runtime_checkable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from itfriend.ui.shell.window_state import WindowStateStore

W = TypeVar("W", bound=QWidget)


@runtime_checkable
class ShutsDown(Protocol):
    """A window with background work: ``shutdown()`` waits for it, before the database closes."""

    def shutdown(self) -> None: ...


class WindowManager(QObject):
    """Opens each window once per key and closes them all at the end.

    Windows are made on demand by the ``make`` their opener passes; asking again for an open
    key shows and raises the one there instead of making another.
    """

    def __init__(self, state_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state_file = state_file
        # Read when the first window opens: the idle tray starts without it.
        self._state: WindowStateStore | None = None
        self._windows: dict[str, QWidget] = {}

    def open(self, key: str, make: Callable[[], W]) -> W:
        """Show the window under ``key``, made by ``make`` if none is open; it is raised and
        given the focus either way."""
        window = self._windows.get(key)
        if window is None:
            window = make()
            self._windows[key] = window
            if self._state is None:
                from itfriend.ui.shell.window_state import WindowStateStore

                self._state = WindowStateStore(self._state_file, self)
            self._state.track(window, key)
            window_id = id(window)
            window.destroyed.connect(lambda *_: self._forget(key, window_id))
        window.show()
        window.raise_()
        window.activateWindow()
        # The key's window was made by this key's opener, so it has the type that ``make`` makes.
        return cast(W, window)

    def open_fresh(self, key: str, make: Callable[[], W]) -> W:
        """Like ``open``, but a window already under ``key`` is closed for good first (a form
        that should start empty each time)."""
        self.close(key)
        return self.open(key, make)

    def window(self, key: str) -> QWidget | None:
        """The open window under ``key``, if any."""
        return self._windows.get(key)

    def open_keys(self) -> list[str]:
        """The keys of the open windows, oldest first."""
        return list(self._windows)

    def close(self, key: str) -> None:
        """Close the window under ``key`` for good: it saves what it holds as it closes, its
        background work ends, and the next ``open(key, ...)`` makes a fresh one."""
        window = self._windows.pop(key, None)
        if window is None:
            return
        window.close()
        if isinstance(window, ShutsDown):
            window.shutdown()
        window.deleteLater()

    def close_all(self) -> None:
        for key in list(self._windows):
            self.close(key)

    def _forget(self, key: str, window_id: int) -> None:
        # A replaced window is destroyed after its successor took the key: keep the successor.
        if id(self._windows.get(key)) == window_id:
            del self._windows[key]
