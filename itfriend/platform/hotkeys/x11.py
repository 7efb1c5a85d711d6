"""The X11 global hotkey: a passive key grab on the root window, read through libX11 (ctypes).

A grab is what desktop shortcuts use: the combination goes to itfriend only, not also to the
window being typed in, and the X server refuses it (BadAccess) when another client holds it.
It costs no thread and no Python X library: the connection's socket is watched by the caller's
event loop (``fileno``), and ``take_presses`` reads what arrived. Everything runs on one thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from ctypes import POINTER, c_char_p, c_int, c_long, c_uint, c_ulong, c_void_p

from itfriend.core.quoting import quoted

# pynput's modifier names (the syntax of the hotkey.picker setting) → X11 modifier masks.
MODIFIERS = {
    "shift": 1 << 0,
    "ctrl": 1 << 2,
    "alt": 1 << 3,  # Mod1
    "cmd": 1 << 6,  # Mod4, the Super key
    "super": 1 << 6,
    "alt_gr": 1 << 7,  # Mod5
}
_LOCK, _NUM_LOCK = 1 << 1, 1 << 4
# A grab is made for every state of Caps Lock and Num Lock, or it would not fire with them on.
_LOCK_STATES = (0, _LOCK, _NUM_LOCK, _LOCK | _NUM_LOCK)
_MODIFIER_BITS = 0xFF
# pynput's names of keys without a character → X keysym names.
NAMED_KEYS = {
    "space": "space",
    "enter": "Return",
    "esc": "Escape",
    "tab": "Tab",
    "backspace": "BackSpace",
    "delete": "Delete",
    "insert": "Insert",
    "home": "Home",
    "end": "End",
    "page_up": "Prior",
    "page_down": "Next",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "print_screen": "Print",
    "pause": "Pause",
    "menu": "Menu",
    "scroll_lock": "Scroll_Lock",
    **{f"f{n}": f"F{n}" for n in range(1, 25)},
}
_SIDE = re.compile(r"_[lr]$")

_KEY_PRESS, _KEY_RELEASE = 2, 3
_GRAB_MODE_ASYNC = 1
_BAD_ACCESS = 10


class GrabError(Exception):
    """The combination cannot be grabbed; the message says why, to follow "cannot be used:"."""


class SequenceError(ValueError):
    """The text is not a combination in the setting's syntax; the message says which part."""


class _XKeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", c_int),
        ("serial", c_ulong),
        ("send_event", c_int),
        ("display", c_void_p),
        ("window", c_ulong),
        ("root", c_ulong),
        ("subwindow", c_ulong),
        ("time", c_ulong),
        ("x", c_int),
        ("y", c_int),
        ("x_root", c_int),
        ("y_root", c_int),
        ("state", c_uint),
        ("keycode", c_uint),
        ("same_screen", c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("type", c_int), ("xkey", _XKeyEvent), ("pad", c_long * 24)]


class _XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", c_int),
        ("display", c_void_p),
        ("resourceid", c_ulong),
        ("serial", c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


_ErrorHandler = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(_XErrorEvent))


def parse_sequence(sequence: str) -> tuple[int, str]:
    """``<ctrl>+<alt>+i`` → (X modifier mask, the key: one character or a NAMED_KEYS name).

    Raises SequenceError for anything else.
    """
    text = sequence.strip().lower()
    parts = [*text[:-2].split("+"), "+"] if text.endswith("++") else text.split("+")
    *modifiers, key = parts
    mask = 0
    for modifier in modifiers:
        name = _SIDE.sub("", modifier.removeprefix("<").removesuffix(">"))
        if not (modifier.startswith("<") and modifier.endswith(">")) or name not in MODIFIERS:
            raise SequenceError(f"{quoted(modifier)} is not a modifier")
        mask |= MODIFIERS[name]
    if key.startswith("<") and key.endswith(">") and key[1:-1] in NAMED_KEYS:
        return mask, key[1:-1]
    if len(key) == 1 and key.isprintable() and not key.isspace():
        return mask, key
    raise SequenceError(f"{quoted(key)} is not a key")


def _keysym(xlib: ctypes.CDLL, key: str) -> int:
    if key in NAMED_KEYS:
        return int(xlib.XStringToKeysym(NAMED_KEYS[key].encode()))
    code = ord(key)
    # Latin-1 keysyms equal their code points; the rest are Unicode keysyms.
    return code if code <= 0xFF else 0x01000000 + code


def _load_xlib() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        xlib = ctypes.CDLL(name)
    except OSError as exc:
        raise GrabError(f"libX11 cannot be loaded ({exc})") from None
    xlib.XOpenDisplay.argtypes = [c_char_p]
    xlib.XOpenDisplay.restype = c_void_p
    xlib.XDefaultRootWindow.argtypes = [c_void_p]
    xlib.XDefaultRootWindow.restype = c_ulong
    xlib.XStringToKeysym.argtypes = [c_char_p]
    xlib.XStringToKeysym.restype = c_ulong
    xlib.XKeysymToKeycode.argtypes = [c_void_p, c_ulong]
    xlib.XKeysymToKeycode.restype = ctypes.c_ubyte
    xlib.XGrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong, c_int, c_int, c_int]
    xlib.XUngrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong]
    xlib.XSync.argtypes = [c_void_p, c_int]
    xlib.XPending.argtypes = [c_void_p]
    xlib.XNextEvent.argtypes = [c_void_p, POINTER(_XEvent)]
    xlib.XConnectionNumber.argtypes = [c_void_p]
    xlib.XCloseDisplay.argtypes = [c_void_p]
    xlib.XSetErrorHandler.argtypes = [c_void_p]
    xlib.XSetErrorHandler.restype = c_void_p
    xlib.XkbKeycodeToKeysym.argtypes = [c_void_p, ctypes.c_ubyte, c_int, c_int]
    xlib.XkbKeycodeToKeysym.restype = c_ulong
    xlib.XkbSetDetectableAutoRepeat.argtypes = [c_void_p, c_int, c_void_p]
    return xlib


class X11KeyGrab:
    """One grabbed combination on its own X connection. ``close`` releases it."""

    def __init__(self, sequence: str) -> None:
        """Raises SequenceError for a text that is not a combination, GrabError when it cannot
        be grabbed here."""
        self.mask, key = parse_sequence(sequence)
        self.keycode = 0
        self._xlib = _load_xlib()
        self._display: int | None = self._xlib.XOpenDisplay(None)
        if not self._display:
            raise GrabError("the X server cannot be reached")
        self._root = self._xlib.XDefaultRootWindow(self._display)
        keysym = _keysym(self._xlib, key)
        keycode = int(self._xlib.XKeysymToKeycode(self._display, keysym))
        if not keycode:
            self.close()
            raise GrabError("it has a key this keyboard does not have")
        if self._xlib.XkbKeycodeToKeysym(self._display, keycode, 0, 0) != keysym:
            # A symbol typed with Shift ("+" on the "=" key): the key is pressed with Shift.
            self.mask |= MODIFIERS["shift"]
        self.keycode = keycode
        # A held key then repeats as presses alone, so that one press can be told from repeats.
        self._xlib.XkbSetDetectableAutoRepeat(self._display, 1, None)
        self._held = False
        if not self._grab():
            self.keycode = 0  # nothing of it is held: nothing to release
            self.close()
            raise GrabError("it is already taken by another program (a desktop shortcut?)")

    def _grab(self) -> bool:
        """Grab the key with every lock state; False (and nothing grabbed) on BadAccess."""
        refused: list[int] = []

        def on_error(_display: int | None, error: ctypes._Pointer[_XErrorEvent]) -> int:
            refused.append(int(error.contents.error_code))
            return 0

        handler = _ErrorHandler(on_error)
        # Only while this connection is synced: Xlib's default handler exits on any X error.
        previous = self._xlib.XSetErrorHandler(ctypes.cast(handler, c_void_p))
        try:
            for lock in _LOCK_STATES:
                self._xlib.XGrabKey(
                    self._display,
                    self.keycode,
                    self.mask | lock,
                    self._root,
                    0,
                    _GRAB_MODE_ASYNC,
                    _GRAB_MODE_ASYNC,
                )
            self._xlib.XSync(self._display, 0)
            if refused:
                self._ungrab()
                self._xlib.XSync(self._display, 0)
        finally:
            self._xlib.XSetErrorHandler(previous)
        return not refused

    def fileno(self) -> int:
        """The connection's socket: readable when the X server has sent something."""
        return int(self._xlib.XConnectionNumber(self._display))

    def take_presses(self) -> int:
        """Read every event that has arrived; return how many were presses of the hotkey (a
        held key's repeats are not counted: one press, one picker)."""
        presses = 0
        event = _XEvent()
        while self._display and self._xlib.XPending(self._display):
            self._xlib.XNextEvent(self._display, ctypes.byref(event))
            key = event.xkey
            if key.keycode != self.keycode:
                continue
            state = key.state & _MODIFIER_BITS & ~(_LOCK | _NUM_LOCK)
            if event.type == _KEY_RELEASE:
                self._held = False
            elif event.type == _KEY_PRESS and state == self.mask and not self._held:
                self._held = True
                presses += 1
        return presses

    def _ungrab(self) -> None:
        for lock in _LOCK_STATES:
            self._xlib.XUngrabKey(self._display, self.keycode, self.mask | lock, self._root)

    def close(self) -> None:
        """Release the grab and the connection. Safe to call twice."""
        if not self._display:
            return
        if self.keycode:
            self._ungrab()
        self._xlib.XCloseDisplay(self._display)
        self._display = None
