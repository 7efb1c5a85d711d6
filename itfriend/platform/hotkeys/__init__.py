"""A global hotkey: one key combination that calls back into the app from any application.

Two backends behind ``GlobalHotkey``: on X11 a passive key grab read through libX11
(``hotkeys.x11``: no thread, no extra library, the key is not also typed into the focused window,
and a combination another client holds is refused by the X server); on Windows and macOS pynput's
``keyboard.GlobalHotKeys``, which calls back on its own thread, so the callback is handed to the
GUI thread through a signal of a QObject living there.

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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from itfriend.core.errors import ItfriendError
from itfriend.core.quoting import quoted

if TYPE_CHECKING:
    from itfriend.platform.hotkeys.x11 import X11KeyGrab

log = logging.getLogger(__name__)

BIND_ADVICE = (
    "Bind the command 'itfriend pick' to a key in your desktop's keyboard-shortcut settings "
    "instead; it opens the picker of the running itfriend."
)


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
    activated(float): the hotkey was pressed; the value is ``time.perf_counter()`` when it was
        seen, so the delay until the picker shows can be measured.
    """

    activated = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grab: X11KeyGrab | None = None
        self._notifier: QSocketNotifier | None = None
        self._listener: Any = None
        self._callback: Callable[[], None] | None = None
        self.sequence: str | None = None
        self.last_pressed_at: float | None = None
        self.activated.connect(self._deliver)

    @property
    def active(self) -> bool:
        return self._grab is not None or self._listener is not None

    def start(self, sequence: str, callback: Callable[[], None]) -> None:
        """Listen for ``sequence`` and call ``callback()`` on the GUI thread when it is pressed,
        instead of any hotkey listened for before.

        Raises HotkeyError when it cannot be listened for (see the module docstring); on X11
        the hotkey listened for before then stays.
        """
        reason = unavailable_reason()
        if reason is not None:
            self.stop()
            raise HotkeyError(f"The hotkey {sequence} cannot be used: {reason}. {BIND_ADVICE}")
        if sys.platform in ("win32", "darwin"):
            self.stop()
            self._start_pynput(sequence)
        else:
            grab = self._grab_x11(sequence)  # before letting the old one go: it may fail
            self.stop()
            self._watch_x11(grab)
        self._callback = callback
        self.sequence = sequence
        log.info("Global hotkey %s is listened for", sequence)

    def _grab_x11(self, sequence: str) -> X11KeyGrab:
        from itfriend.platform.hotkeys.x11 import GrabError, SequenceError, X11KeyGrab

        try:
            return X11KeyGrab(sequence)
        except SequenceError as exc:
            raise _not_understood(sequence, str(exc)) from None
        except GrabError as exc:
            raise HotkeyError(
                f"The hotkey {sequence} cannot be used: {exc}. Choose another in Settings "
                f"(hotkey.picker), or: {BIND_ADVICE}"
            ) from None

    def _watch_x11(self, grab: X11KeyGrab) -> None:
        notifier = QSocketNotifier(grab.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self._read_x11)
        self._grab, self._notifier = grab, notifier
        self._read_x11()  # events the grab's round trip may already have read in

    def _read_x11(self) -> None:
        if self._grab is not None and self._grab.take_presses():
            self.activated.emit(time.perf_counter())

    def _start_pynput(self, sequence: str) -> None:
        keyboard = _import_pynput_keyboard(sequence)
        try:
            keyboard.HotKey.parse(sequence)
        except ValueError as exc:
            raise _not_understood(sequence, str(exc)) from None
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

    def stop(self) -> None:
        """Stop listening and release the key. Safe to call twice."""
        grab, self._grab = self._grab, None
        listener, self._listener = self._listener, None
        self._callback = None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if grab is not None:
            grab.close()
        if listener is not None:
            listener.stop()
            listener.join(0.5)
        if grab is not None or listener is not None:
            log.info("Global hotkey %s released", self.sequence)

    def _fired_on_pynput_thread(self, listener: Any) -> None:
        # The only thing done on pynput's thread: a queued signal to this object's (GUI) thread.
        if listener is self._listener:
            self.activated.emit(time.perf_counter())

    @Slot(float)
    def _deliver(self, seen_at: float) -> None:
        self.last_pressed_at = seen_at
        if self._callback is not None:
            self._callback()


def _not_understood(sequence: str, why: str) -> HotkeyError:
    return HotkeyError(
        f"{quoted(sequence)} is not a hotkey itfriend understands ({why}); write it like "
        "<ctrl>+<alt>+i (setting hotkey.picker)"
    )


def _import_pynput_keyboard(sequence: str) -> Any:
    try:
        from pynput import keyboard
    except ImportError as exc:  # pynput has no backend here
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "no backend"
        raise HotkeyError(
            f"The hotkey {sequence} cannot be used: {first_line}. {BIND_ADVICE}"
        ) from None
    return keyboard
