"""Which window was active, and giving it the focus back, on Windows (user32) and macOS
(System Events through ``osascript``). The X11 backend is in ``windows.py``.

Neither can be run on this project's Linux machines; their logic is kept to the few system calls
that each platform documents for exactly this, and the parts that can be checked here are tested.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from itfriend.platform.paste.windows import FOCUS_TIMEOUT_S, TargetWindow

_POLL_S = 0.01


class Win32Windows:
    """The foreground window through user32; focus is given back with SetForegroundWindow.

    Windows lets a process bring another window to the front only while it has input focus
    itself; attaching to the foreground thread's input for the call is the documented way.
    """

    def __init__(self, user32: Any = None) -> None:
        if user32 is None:
            import ctypes

            user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        self._user32 = user32

    def active_window(self) -> TargetWindow | None:
        handle = int(self._user32.GetForegroundWindow() or 0)
        return TargetWindow(handle, self._class_name(handle)) if handle else None

    def focus(self, target: TargetWindow) -> bool:
        user32 = self._user32
        if not user32.IsWindow(target.id):
            return False
        foreground_thread = user32.GetWindowThreadProcessId(user32.GetForegroundWindow(), None)
        own_thread = _current_thread_id()
        attached = bool(user32.AttachThreadInput(own_thread, foreground_thread, True))
        try:
            user32.SetForegroundWindow(target.id)
        finally:
            if attached:
                user32.AttachThreadInput(own_thread, foreground_thread, False)
        return _wait_for(lambda: int(user32.GetForegroundWindow() or 0) == target.id)

    def _class_name(self, handle: int) -> str:
        import ctypes

        buffer = ctypes.create_unicode_buffer(256)
        self._user32.GetClassNameW(handle, buffer, 256)
        return buffer.value


def _current_thread_id() -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetCurrentThreadId())  # type: ignore[attr-defined]


Runner = Callable[[list[str]], str]


def _osascript(args: list[str]) -> str:
    result = subprocess.run(
        ["osascript", *args], capture_output=True, text=True, timeout=5, check=True
    )
    return result.stdout.strip()


class MacWindows:
    """The frontmost application (by process id), re-activated through System Events.

    macOS gives no other application's window ids to a plain process; the application is what
    receives the paste keystroke, and re-activating it brings its front window back.
    """

    FRONTMOST = (
        'tell application "System Events" to set p to first application process '
        "whose frontmost is true\n"
        'tell application "System Events" to return (unix id of p as text) & "\\t" & '
        "(bundle identifier of p as text)"
    )

    def __init__(self, run: Runner = _osascript) -> None:
        self._run = run

    def active_window(self) -> TargetWindow | None:
        try:
            pid, _, bundle = self._run(["-e", self.FRONTMOST]).partition("\t")
            return TargetWindow(int(pid), bundle)
        except (OSError, ValueError, subprocess.SubprocessError):
            return None

    def focus(self, target: TargetWindow) -> bool:
        script = (
            'tell application "System Events" to set frontmost of '
            f"(first application process whose unix id is {int(target.id)}) to true"
        )
        try:
            self._run(["-e", script])
        except (OSError, subprocess.SubprocessError):
            return False
        return _wait_for(lambda: (self.active_window() or TargetWindow(0)).id == target.id)


def _wait_for(check: Callable[[], bool]) -> bool:
    # On a worker thread (the paste runs there): the system hands focus over asynchronously.
    deadline = time.monotonic() + FOCUS_TIMEOUT_S
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(_POLL_S)
    return False


def native_tracker() -> Win32Windows | MacWindows | None:
    """The backend of this operating system, if it is Windows or macOS."""
    if sys.platform == "win32":
        return Win32Windows()
    if sys.platform == "darwin":
        return MacWindows()
    return None
