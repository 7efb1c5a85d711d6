"""Picks the notification backends once at start, by platform and availability."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from typing import TYPE_CHECKING

from itfriend.platform.notifications.base import ChainNotifier, Notifier, NullNotifier

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

log = logging.getLogger(__name__)


def create_notifier(tray_icon: QSystemTrayIcon | None = None) -> Notifier:
    """The notifier to use for this run.

    On Linux and the BSDs: the freedesktop service over D-Bus (action buttons), then plyer,
    then the tray balloon. Elsewhere: plyer, then the tray balloon. Nothing available gives a
    ``NullNotifier``.
    """
    backends: list[Notifier] = []
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    freedesktop_platform = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
    if freedesktop_platform and bus and not bus.startswith("disabled:") and _has("jeepney"):
        from itfriend.platform.notifications.freedesktop import FreedesktopNotifier

        backends.append(FreedesktopNotifier())
    if _has("plyer"):
        from itfriend.platform.notifications.plyer_backend import PlyerNotifier

        backends.append(PlyerNotifier())
    if tray_icon is not None:
        from itfriend.platform.notifications.tray import TrayNotifier

        backends.append(TrayNotifier(tray_icon))
    log.info("Notification backends: %s", ", ".join(b.name for b in backends) or "none")
    if not backends:
        return NullNotifier()
    return ChainNotifier(backends)


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None
