"""The tray balloon fallback refuses when there is no visible tray icon, so the chain moves on."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from itfriend.platform.notifications import ChainNotifier, NotificationError
from itfriend.platform.notifications.tray import TrayNotifier


def test_hidden_tray_icon_cannot_show_a_message(qapp: object) -> None:
    notifier = TrayNotifier(QSystemTrayIcon())
    with pytest.raises(NotificationError, match="not shown"):
        notifier.notify("Follow up", "Jane")
    assert not ChainNotifier([notifier]).notify("Follow up", "Jane")
