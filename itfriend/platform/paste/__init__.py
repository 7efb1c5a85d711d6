"""Pasting a text into the window that was active before the picker opened.

``create_paster()`` picks the window backend once at start: X11 (python-xlib) where there is an
X server and no Wayland session, else one that cannot return focus, so that inserting falls back
to copying (the user pastes by hand). See ``clipboard.ClipboardPaster`` for the steps.
"""

from itfriend.platform.paste.clipboard import ClipboardPaster, Paster, copy_mime_data
from itfriend.platform.paste.keystrokes import (
    APP_KEYSTROKES,
    KEYSTROKES,
    effective_keystroke,
    send_keystroke,
)
from itfriend.platform.paste.mail import mailto_url, open_mail
from itfriend.platform.paste.windows import NoWindows, TargetWindow, WindowTracker, X11Windows

__all__ = [
    "APP_KEYSTROKES",
    "KEYSTROKES",
    "ClipboardPaster",
    "NoWindows",
    "Paster",
    "TargetWindow",
    "WindowTracker",
    "X11Windows",
    "copy_mime_data",
    "create_window_tracker",
    "effective_keystroke",
    "mailto_url",
    "open_mail",
    "send_keystroke",
]


def create_window_tracker() -> WindowTracker:
    """user32 on Windows, System Events on macOS, X11 where there is an X server outside
    Wayland; otherwise a tracker that cannot focus (inserting then only copies)."""
    import sys

    from itfriend.platform.hotkeys import unavailable_reason
    from itfriend.platform.paste.desktop_windows import native_tracker

    native = native_tracker()
    if native is not None:
        return native
    if (sys.platform.startswith("linux") or "bsd" in sys.platform) and unavailable_reason() is None:
        return X11Windows()
    return NoWindows()
