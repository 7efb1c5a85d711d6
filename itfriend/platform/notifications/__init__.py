"""Desktop notifications with action buttons, falling back from backend to backend.

Use ``create_notifier(tray_icon)`` once at start and keep the result.
"""

from itfriend.platform.notifications.base import (
    ActionCallback,
    ChainNotifier,
    NotificationError,
    Notifier,
    NullNotifier,
)
from itfriend.platform.notifications.factory import create_notifier

__all__ = [
    "ActionCallback",
    "ChainNotifier",
    "NotificationError",
    "Notifier",
    "NullNotifier",
    "create_notifier",
]
