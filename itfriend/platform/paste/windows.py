"""Which window was active, and giving it the focus back: X11 through python-xlib.

Xlib connections are not safe to share between threads: the GUI thread keeps its own for asking
which window is active, and focusing, which runs on a worker thread (it waits for the window
manager), opens a short one each time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

# How long to wait for the window manager to hand the focus over.
FOCUS_TIMEOUT_S = 1.0
_FOCUS_POLL_S = 0.01


@dataclass(frozen=True)
class TargetWindow:
    """A window to paste into: its X id and its class (for per-application keystrokes)."""

    id: int
    window_class: str = ""


class WindowTracker(Protocol):
    """Remembers the active window and gives it the focus back."""

    def active_window(self) -> TargetWindow | None: ...

    def focus(self, target: TargetWindow) -> bool:
        """Give ``target`` the keyboard focus; True once it has it."""
        ...


class NoWindows:
    """For sessions where windows of other programs cannot be reached (Wayland): nothing."""

    def active_window(self) -> TargetWindow | None:
        return None

    def focus(self, target: TargetWindow) -> bool:
        return False


class X11Windows:
    """The X11 active window (EWMH ``_NET_ACTIVE_WINDOW``, else the input focus).

    ``active_window`` is asked on the GUI thread each time the picker opens; it keeps one
    connection for that (opening one costs ~10 ms of the picker's 50). ``focus`` runs on a worker
    thread and opens its own.
    """

    def __init__(self) -> None:
        self._connection: Any = None

    def active_window(self) -> TargetWindow | None:
        connection = self._connection or _connect()
        if connection is None:
            return None
        self._connection = connection
        try:
            window = _active_id(connection) or _focus_id(connection)
            if not window:
                return None
            return TargetWindow(window, _window_class(connection, window))
        except Exception:  # the X server went away or restarted: connect afresh next time
            self._connection = None
            connection.close()
            return None

    def focus(self, target: TargetWindow) -> bool:
        from Xlib import X, error

        connection = _connect()
        if connection is None:
            return False
        try:
            window = connection.create_resource_object("window", target.id)
            ewmh = _supports_active_window(connection)
            try:
                if ewmh:
                    _request_activation(connection, window)
                window.set_input_focus(X.RevertToParent, X.CurrentTime)
                window.configure(stack_mode=X.Above)
                connection.sync()
            except error.XError:
                return False  # the window went away meanwhile
            deadline = time.monotonic() + FOCUS_TIMEOUT_S
            while time.monotonic() < deadline:
                if target.id in (_focus_id(connection), ewmh and _active_id(connection)):
                    return True
                time.sleep(_FOCUS_POLL_S)  # on a worker thread: the window manager is slow
            return False
        finally:
            connection.close()


def _connect() -> Any:
    try:
        from Xlib import display

        return display.Display()
    except Exception:  # no X server, a bad DISPLAY, or no python-xlib: no window to track
        return None


def _active_id(connection: Any) -> int:
    from Xlib import X

    root = connection.screen().root
    prop = root.get_full_property(connection.intern_atom("_NET_ACTIVE_WINDOW"), X.AnyPropertyType)
    return int(prop.value[0]) if prop is not None and len(prop.value) else 0


def _focus_id(connection: Any) -> int:
    focus = connection.get_input_focus().focus
    window = int(getattr(focus, "id", 0) or 0)  # None and PointerRoot come as plain numbers
    return window if window > 1 and window != connection.screen().root.id else 0


def _window_class(connection: Any, window_id: int) -> str:
    from Xlib import error

    window = connection.create_resource_object("window", window_id)
    try:
        for _ in range(5):  # the focus may sit on a child of the top-level window
            names = window.get_wm_class()
            if names:
                return str(names[1] or names[0])
            parent = window.query_tree().parent
            if not parent or parent.id == connection.screen().root.id:
                return ""
            window = parent
    except error.XError:
        return ""
    return ""


def _supports_active_window(connection: Any) -> bool:
    from Xlib import X

    root = connection.screen().root
    prop = root.get_full_property(connection.intern_atom("_NET_SUPPORTED"), X.AnyPropertyType)
    atom = connection.intern_atom("_NET_ACTIVE_WINDOW")
    return prop is not None and atom in prop.value


def _request_activation(connection: Any, window: Any) -> None:
    from Xlib import X
    from Xlib.protocol import event

    root = connection.screen().root
    message = event.ClientMessage(
        window=window,
        client_type=connection.intern_atom("_NET_ACTIVE_WINDOW"),
        data=(32, [2, X.CurrentTime, 0, 0, 0]),  # 2: asked for by a pager-like tool
    )
    root.send_event(message, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
