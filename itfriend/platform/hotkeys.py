"""A global hotkey: one key combination that calls back into the app from any application.

The backend is pynput's ``keyboard.GlobalHotKeys`` (X11 through the RECORD extension, Windows,
macOS). pynput is imported only when a hotkey is started: it is slow to import and, on Linux,
fails to import at all without an X server. It calls back on its own thread, so the callback is
handed to the GUI thread through a signal of a QObject living there.

Where no global hotkey can work (a Wayland session, no X server, a combination another program
already grabbed), ``start`` raises ``HotkeyError`` with a message saying so and naming
``itfriend pick`` as the command to bind in the desktop's own keyboard-shortcut settings.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from itfriend.core.errors import ItfriendError

log = logging.getLogger(__name__)

BIND_ADVICE = (
    "Bind the command 'itfriend pick' to a key in your desktop's keyboard-shortcut settings "
    "instead; it opens the picker of the running itfriend."
)
# pynput modifier names → X11 modifier masks (ShiftMask, ControlMask, Mod1 = Alt, Mod4 = Super).
_X_MODIFIERS = {
    "shift": 1,
    "shift_l": 1,
    "shift_r": 1,
    "ctrl": 4,
    "ctrl_l": 4,
    "ctrl_r": 4,
    "alt": 8,
    "alt_l": 8,
    "alt_r": 8,
    "alt_gr": 128,
    "cmd": 64,
    "cmd_l": 64,
    "cmd_r": 64,
}
# A grab must be made for every state of Caps Lock (Lock) and Num Lock (Mod2) to be complete.
_LOCK_MASKS = (0, 2, 16, 18)


class HotkeyError(ItfriendError):
    """The global hotkey cannot be used here; the message says why and what to do instead."""


def unavailable_reason(environ: Mapping[str, str] | None = None, platform: str = "") -> str | None:
    """Why no global hotkey can work in this session, or None when one may.

    Wayland lets no program watch the keyboard of others (pynput would only see the XWayland
    windows), so a Wayland session is refused even when DISPLAY is set too.
    """
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform in ("win32", "darwin"):
        return None
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or (
        env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY")
    ):
        return "this is a Wayland session, where programs cannot have global hotkeys"
    if not env.get("DISPLAY"):
        return "there is no X server (DISPLAY is not set)"
    return None


class GlobalHotkey(QObject):
    """One global hotkey at a time, in pynput's syntax (``<ctrl>+<alt>+i``).

    Signals:
    activated(float): the hotkey was pressed; the value is ``time.perf_counter()`` when pynput
        saw it (on its own thread), so the delay until the picker shows can be measured.
    """

    activated = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._listener: Any = None
        self._callback: Callable[[], None] | None = None
        self.sequence: str | None = None
        self.last_pressed_at: float | None = None
        self.activated.connect(self._deliver)

    @property
    def active(self) -> bool:
        return self._listener is not None

    def start(self, sequence: str, callback: Callable[[], None]) -> None:
        """Listen for ``sequence`` and call ``callback()`` on the GUI thread when it is pressed.

        Raises HotkeyError when it cannot be listened for (see the module docstring).
        """
        self.stop()
        reason = unavailable_reason()
        if reason is not None:
            raise HotkeyError(f"The hotkey {sequence} cannot be used: {reason}. {BIND_ADVICE}")
        keyboard = _import_pynput_keyboard(sequence)
        try:
            keys = keyboard.HotKey.parse(sequence)
        except ValueError as exc:
            raise HotkeyError(
                f"'{sequence}' is not a hotkey itfriend understands ({exc}); write it like "
                "<ctrl>+<alt>+i (setting hotkey.picker)"
            ) from None
        if sys.platform.startswith("linux") or "bsd" in sys.platform:
            _check_x11_free(sequence, keys)
        listener: Any = None
        listener = keyboard.GlobalHotKeys(
            {sequence: lambda: self._fired_on_pynput_thread(listener)}
        )
        listener.daemon = True
        listener.start()
        listener.wait()  # until the listener is attached to the keyboard
        if not listener.is_alive():
            raise HotkeyError(f"The hotkey {sequence} could not be set up. {BIND_ADVICE}")
        self._listener = listener
        self._callback = callback
        self.sequence = sequence
        log.info("Global hotkey %s is listened for", sequence)

    def stop(self) -> None:
        """Stop listening (and wait for pynput's thread to end). Safe to call twice."""
        listener, self._listener = self._listener, None
        self._callback = None
        if listener is not None:
            listener.stop()
            _unblock_x11_listener(listener)
            listener.join(0.5)
            log.info("Global hotkey %s released", self.sequence)

    def _fired_on_pynput_thread(self, listener: Any) -> None:
        # The only thing done on pynput's thread: a queued signal to this object's (GUI) thread.
        # A stopped listener that lingers (see _unblock_x11_listener) is not heard.
        if listener is self._listener:
            self.activated.emit(time.perf_counter())

    @Slot(float)
    def _deliver(self, seen_at: float) -> None:
        self.last_pressed_at = seen_at
        if self._callback is not None:
            self._callback()


def _unblock_x11_listener(listener: Any) -> None:
    """Make pynput's X11 listener thread return now, not at the next key press.

    pynput 1.8's stop only takes effect when its thread sees one more key event, so one is made:
    the release of a key code that has no symbol, which no program acts on. (After the hotkey
    was pressed once this is not always enough; the daemon thread then ends at the user's next
    key press, and its callback is ignored, see ``_fired_on_pynput_thread``.)
    """
    if not hasattr(listener, "_display_record"):
        return  # not the X11 backend
    try:
        from Xlib import X, display
        from Xlib.ext import xtest

        connection = display.Display()
    except Exception:  # no X server any more: the thread has ended with it
        return
    try:
        lowest = connection.display.info.min_keycode
        unused = next(
            (
                code
                for code in range(lowest, 256)
                if not any(connection.keycode_to_keysym(code, i) for i in range(4))
            ),
            None,
        )
        if unused is not None:
            xtest.fake_input(connection, X.KeyRelease, unused)
            connection.sync()
    finally:
        connection.close()


def _import_pynput_keyboard(sequence: str) -> Any:
    try:
        from pynput import keyboard
    except ImportError as exc:  # pynput cannot reach the X server or has no backend here
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "no backend"
        raise HotkeyError(
            f"The hotkey {sequence} cannot be used: {first_line}. {BIND_ADVICE}"
        ) from None
    return keyboard


def _check_x11_free(sequence: str, keys: list[Any]) -> None:
    """Refuse a combination another X client has grabbed (a desktop shortcut, another app).

    pynput watches through RECORD and never grabs, so it would not notice; grabbing the key on
    the root window for a moment does: the X server answers BadAccess when someone else holds it.
    """
    try:
        from Xlib import XK, X, display, error
    except ImportError:
        return
    mask, keysym = 0, 0
    for key in keys:
        name = getattr(getattr(key, "name", None), "lower", lambda: None)()
        if name in _X_MODIFIERS:
            mask |= _X_MODIFIERS[name]
        elif getattr(key, "char", None):
            keysym = XK.string_to_keysym(key.char)
        elif getattr(key, "vk", None):
            keysym = key.vk
        elif name:
            keysym = XK.string_to_keysym(name.capitalize()) or XK.string_to_keysym(name)
    try:
        connection = display.Display()
    except Exception as exc:  # Xlib raises several unrelated types for an unreachable server
        raise HotkeyError(
            f"The hotkey {sequence} cannot be used: no X server ({exc}). {BIND_ADVICE}"
        ) from None
    try:
        keycode = connection.keysym_to_keycode(keysym) if keysym else 0
        if not keycode:
            raise HotkeyError(f"The hotkey {sequence} has a key this keyboard does not have")
        root = connection.screen().root
        caught = error.CatchError(error.BadAccess)
        for lock in _LOCK_MASKS:
            root.grab_key(
                keycode, mask | lock, False, X.GrabModeAsync, X.GrabModeAsync, onerror=caught
            )
        connection.sync()
        for lock in _LOCK_MASKS:
            root.ungrab_key(keycode, mask | lock)
        connection.sync()
        if caught.get_error() is not None:
            raise HotkeyError(
                f"The hotkey {sequence} is already taken by another program (a desktop "
                f"shortcut?). Choose another in Settings (hotkey.picker), or: {BIND_ADVICE}"
            )
    finally:
        connection.close()
