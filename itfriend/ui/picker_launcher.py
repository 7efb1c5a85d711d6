"""Wires the picker to the app: built once at start, opened by the global hotkey or
``itfriend pick``, and the hotkey grabbed again when its setting changes.

Where the hotkey cannot be grabbed (Wayland, a clash, no X server), the user is told so once in
a notification (and the log), with ``itfriend pick`` to bind in the desktop's own settings.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from itfriend.core.services import Services
from itfriend.platform.hotkeys import GlobalHotkey, HotkeyError
from itfriend.platform.paste import ClipboardPaster, create_window_tracker
from itfriend.ui.events import DataEvents
from itfriend.ui.picker import TemplatePicker
from itfriend.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

log = logging.getLogger(__name__)
HOTKEY_SETTING = "hotkey.picker"


class PickerLauncher(QObject):
    """Owns the picker, the paster and the global hotkey of one running itfriend."""

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        runner: TaskRunner,
        tray_icon: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._tray_icon = tray_icon
        self.paster = ClipboardPaster(
            create_window_tracker(),
            lambda: str(services.settings.get("paste.keystroke")),
            parent=self,
        )
        self.picker = TemplatePicker(services, events, self.paster)
        self.hotkey = GlobalHotkey(self)
        self.hotkey_problem: str | None = None
        self._tried: str | None = None
        events.settings_changed.connect(self._settings_changed)

    def start_hotkey(self) -> None:
        """Grab the hotkey of the settings; pynput is imported off the GUI thread first."""

        def load() -> None:
            import pynput.keyboard  # noqa: F401 - slow; may fail without an X server
            import Xlib.display  # noqa: F401 - so that the first picker opens as fast as later ones

        # Either way the grab is tried next: it reports a failed import as a HotkeyError.
        self._runner.run(load, lambda _: self._grab(), lambda _exc: self._grab())

    def show_picker(self, started_at: float | None = None) -> None:
        """Remember the active window, then show the picker in front of it.

        ``started_at`` is when the request began (the hotkey press), to measure the opening.
        """
        started = started_at if started_at is not None else time.perf_counter()
        self.paster.remember_target()
        self.picker.open_picker(started)

    def close(self) -> None:
        self.hotkey.stop()
        self.picker.close_picker()
        self.paster.wait()
        self.picker.deleteLater()

    def _grab(self) -> None:
        sequence = str(self._services.settings.get(HOTKEY_SETTING))
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
        wanted = str(self._services.settings.get(HOTKEY_SETTING))
        if wanted != self._tried:
            self.hotkey.stop()
            self._grab()

    def _tell_user(self, message: str) -> None:
        from itfriend.platform.notifications.factory import create_notifier

        create_notifier(self._tray_icon).notify("itfriend: no global hotkey", message)
