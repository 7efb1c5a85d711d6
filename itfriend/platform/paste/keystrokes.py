"""The paste keystroke: which one to send to which application, and sending it (pynput, XTEST).

The setting ``paste.keystroke`` is the default; a few applications are known to paste the
clipboard with another keystroke and get theirs, matched on their window class (X11 WM_CLASS).
"""

from __future__ import annotations

import sys
from typing import Any

KEYSTROKES = ("ctrl+v", "shift+insert", "cmd+v", "ctrl+shift+v")
# Window class (lower case) → keystroke. Terminals take Ctrl+V as a control character.
APP_KEYSTROKES: dict[str, str] = {
    "gnome-terminal-server": "ctrl+shift+v",
    "gnome-terminal": "ctrl+shift+v",
    "konsole": "ctrl+shift+v",
    "xfce4-terminal": "ctrl+shift+v",
    "tilix": "ctrl+shift+v",
    "terminator": "ctrl+shift+v",
    "alacritty": "ctrl+shift+v",
    "kitty": "ctrl+shift+v",
    "org.wezfurlong.wezterm": "ctrl+shift+v",
    "lxterminal": "ctrl+shift+v",
    "mate-terminal": "ctrl+shift+v",
}


def effective_keystroke(setting: str, window_class: str = "", platform: str = "") -> str:
    """The keystroke to send: the application's own, else the setting (Cmd+V on macOS when
    the setting is left at Ctrl+V)."""
    override = APP_KEYSTROKES.get(window_class.lower())
    if override:
        return override
    keystroke = setting.strip().lower() or "ctrl+v"
    if (platform or sys.platform) == "darwin" and keystroke == "ctrl+v":
        return "cmd+v"
    return keystroke


def send_keystroke(keystroke: str) -> None:
    """Press and release ``keystroke`` (``ctrl+v``, ``shift+insert``...) as if typed.

    Uses pynput's Controller (XTEST on X11); call it off the GUI thread, it blocks briefly.
    """
    from pynput.keyboard import Controller, Key

    *modifiers, last = (part.strip() for part in keystroke.lower().split("+"))
    controller = Controller()
    held: list[Any] = [getattr(Key, name) for name in modifiers]
    final: Any = getattr(Key, last) if len(last) > 1 else last
    for key in held:
        controller.press(key)
    try:
        controller.tap(final)
    finally:
        for key in reversed(held):
            controller.release(key)
