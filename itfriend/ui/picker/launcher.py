"""Wires the picker to the app: the global hotkey is grabbed at start, the picker itself is built
the first time it is asked for, and the hotkey is grabbed again when its setting changes.

The picker fills templates for a person, so it needs the database layer; the idle tray does not
load that (see ``ItfriendApp``). The first opening therefore shows a placeholder search line at
once (``PickerPlaceholder``) while the services load, then the picker with what was typed; every
later opening shows the built picker at once.

Where the hotkey cannot be grabbed (Wayland, a clash, no X server), the user is told so once in
a notification (and the log), with ``itfriend pick`` to bind in the desktop's own settings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from itfriend.core.settings import Settings
from itfriend.platform.hotkeys import GlobalHotkey, HotkeyError
from itfriend.platform.paste import ClipboardPaster, create_window_tracker
from itfriend.ui.common.events import DataEvents

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from itfriend.core.services import Services
    from itfriend.ui.picker.placeholder import PickerPlaceholder
    from itfriend.ui.picker.window import TemplatePicker

log = logging.getLogger(__name__)
HOTKEY_SETTING = "hotkey.picker"
PLACEHOLDER_GRACE_MS = 250

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
        services_loaded: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._events = events
        self._with_services = with_services
        self._services_loaded = services_loaded
        self._tray_icon = tray_icon
        self.paster = ClipboardPaster(
            create_window_tracker(),
            lambda: str(settings.get("paste.keystroke")),
            parent=self,
        )
        self.picker: TemplatePicker | None = None
        self.placeholder: PickerPlaceholder | None = None
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
        showing = self.placeholder if self.placeholder is not None else self.picker
        if showing is not None and showing.isVisible():
            # Pressed again while open: the window to paste into is still the one from before.
            showing.raise_()
            showing.activateWindow()
            return
        # First, while the window the technician was typing in is still the active one.
        self.paster.remember_target()
        if self.picker is not None or (self.placeholder is None and self._services_loaded()):
            self._with_services(lambda services: self._open(services, started))
        elif self.placeholder is not None:  # pressed again while loading: it opens once
            self.placeholder.open()
        else:
            self._show_placeholder(started)

    def _show_placeholder(self, started: float) -> None:
        from itfriend.ui.picker.placeholder import PickerPlaceholder

        placeholder = PickerPlaceholder(started)
        self.placeholder = placeholder
        asked: list[bool] = []

        def load() -> None:
            if not asked:
                asked.append(True)
                self._with_services(lambda services: self._open(services, started))

        # Loading imports a lot while holding Python's lock: only once the search line has
        # been painted (or after a moment, should no paint come), so that it shows at once.
        # (Out of its paint event first: the services may be there already, and it closes then.)
        placeholder.shown_after.connect(lambda _ms: QTimer.singleShot(0, load))
        QTimer.singleShot(PLACEHOLDER_GRACE_MS, load)
        placeholder.open()

    def _open(self, services: Services, started: float) -> None:
        placeholder, self.placeholder = self.placeholder, None
        if self._closed:
            return
        typed, entered = "", False
        if placeholder is not None:
            wanted = placeholder.isVisible()  # Esc hid it: the opening was cancelled
            typed, entered = placeholder.typed(), placeholder.entered
            placeholder.hide()
            placeholder.deleteLater()
            if not wanted:
                return
        if self.picker is None:
            from itfriend.ui.picker.window import TemplatePicker

            self.picker = TemplatePicker(services, self._events, self.paster)
        self.picker.open_picker(started, search=typed, entered=entered)

    def cancel_opening(self) -> None:
        """The services could not be loaded: take the placeholder away (the next press tries
        again)."""
        placeholder, self.placeholder = self.placeholder, None
        if placeholder is not None:
            placeholder.hide()
            placeholder.deleteLater()

    def close(self) -> None:
        self._closed = True
        self.hotkey.stop()
        if self.placeholder is not None:
            self.placeholder.close()
        if self.picker is not None:
            self.picker.close_picker()
            self.picker.deleteLater()
        self.paster.finish()

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
            self._grab()  # the hotkey held so far stays if the new one cannot be had

    def _tell_user(self, message: str) -> None:
        from itfriend.platform.notifications.factory import create_notifier

        create_notifier(self._tray_icon).notify("itfriend: no global hotkey", message)
