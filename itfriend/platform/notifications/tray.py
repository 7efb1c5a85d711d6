"""The last fallback: the tray icon's own balloon message (``QSystemTrayIcon.showMessage``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QSystemTrayIcon

from itfriend.platform.notifications.base import DEFAULT_ACTION, ActionCallback, NotificationError


class TrayNotifier:
    """Shows the message next to the tray icon; a click on it calls ``on_action("default")``
    for the latest message. Action buttons are not available here."""

    name = "tray"

    def __init__(self, tray_icon: QSystemTrayIcon, duration_ms: int = 10_000) -> None:
        self.tray_icon = tray_icon
        self.duration_ms = duration_ms
        self._on_click: ActionCallback | None = None
        tray_icon.messageClicked.connect(self._clicked)

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: ActionCallback | None = None,
    ) -> bool:
        if not self.tray_icon.isVisible():
            raise NotificationError("the tray icon is not shown")
        self._on_click = on_action
        icon = QSystemTrayIcon.MessageIcon.Information
        self.tray_icon.showMessage(title, body, icon, self.duration_ms)
        return True

    def _clicked(self) -> None:
        if self._on_click is not None:
            self._on_click(DEFAULT_ACTION)
