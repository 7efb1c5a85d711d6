"""Wires the picker to the app: the global hotkey is grabbed at start, the picker itself is built
the first time it is asked for, and the hotkey is grabbed again when its setting changes.

The picker fills templates for a person, so it needs the database layer; the idle tray does not
load that (see ``ItfriendApp``). The first opening therefore waits for the services to load (well
under a second); every later one shows the prebuilt picker at once.

Where the hotkey cannot be grabbed (Wayland, a clash, no X server), the user is told so once in
a notification (and the log), with ``itfriend pick`` to bind in the desktop's own settings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from itfriend.core.settings import Settings
from itfriend.platform.hotkeys import GlobalHotkey, HotkeyError
from itfriend.platform.paste import ClipboardPaster, create_window_tracker
from itfriend.ui.events import DataEvents

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from itfriend.core.services import Services
    from itfriend.ui.picker import TemplatePicker

log = logging.getLogger(__name__)
HOTKEY_SETTING = "hotkey.picker"

# Runs its argument with the loaded services, at once or once they are loaded.
WithServices = Callable[[Callable[["Services"], None]], None]


class PickerLauncher(QObject):
    """Owns the global hotkey, the paster and (once first used) the picker of one itfriend."""

    def __init__(
        self,
        settings: Settings,
        events: DataEvents,
        with_services: WithServices,
        tray_icon: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._events = events
        self._with_services = with_services
        self._tray_icon = tray_icon
        self.paster = ClipboardPaster(
            create_window_tracker(),
            lambda: str(settings.get("paste.keystroke")),
            parent=self,
        )
        self.picker: TemplatePicker | None = None
        self.hotkey = GlobalHotkey(self)
        self.hotkey_problem: str | None = None
        self._tried: str | None = None
        self._closed = False
        events.settings_changed.connect(self._settings_changed)

    def start_hotkey(self) -> None:
        """Grab the hotkey of the settings (on X11 one round trip to the server)."""
        self._grab()

    def show_picker(self, started_at: float | None = None) -> None:
        """Remember the active window, then show the picker in front of it.

        ``started_at`` is when the request began (the hotkey press), to measure the opening.
        """
        started = started_at if started_at is not None else time.perf_counter()
        # First, while the window the technician was typing in is still the active one.
        self.paster.remember_target()
        self._with_services(lambda services: self._open(services, started))

    def _open(self, services: Services, started: float) -> None:
        if self._closed:
            return
        if self.picker is None:
            from itfriend.ui.picker import TemplatePicker

            self.picker = TemplatePicker(services, self._events, self.paster)
        self.picker.open_picker(started)

    def close(self) -> None:
        self._closed = True
        self.hotkey.stop()
        if self.picker is not None:
            self.picker.close_picker()
            self.picker.deleteLater()
        self.paster.wait()

    def _grab(self) -> None:
        sequence = str(self._settings.get(HOTKEY_SETTING))
        self._tried = sequence
        try:
            self.hotkey.start(sequence, lambda: self.show_picker(self.hotkey.last_pressed_at))
        except HotkeyError as exc:
            self.hotkey_problem = str(exc)
            log.warning("%s", exc)
            self._tell_user(str(exc))
        else:
            self.hotkey_problem = None

    def _settings_changed(self) -> None:
        wanted = str(self._settings.get(HOTKEY_SETTING))
        if wanted != self._tried:
            self.hotkey.stop()
            self._grab()

    def _tell_user(self, message: str) -> None:
        from itfriend.platform.notifications.factory import create_notifier

        create_notifier(self._tray_icon).notify("itfriend: no global hotkey", message)
