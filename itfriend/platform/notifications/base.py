"""The notifier interface, the chain that falls back from one backend to the next, and the
do-nothing fallback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

log = logging.getLogger(__name__)

ActionCallback = Callable[[str], None]
"""Called with the key of the action the user picked; ``"default"`` is a click on the bubble."""

DEFAULT_ACTION = "default"


class NotificationError(Exception):
    """A backend could not show a notification (no bus, no daemon, no tray...)."""


class Notifier(Protocol):
    """Shows one desktop notification.

    ``actions`` are ``(key, label)`` pairs shown as buttons where the backend can;
    ``on_action(key)`` is called on the GUI thread when the user picks one. Returns True when
    the notification was handed to the desktop; a backend that cannot show it returns False or
    raises ``NotificationError``.
    """

    name: str

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: ActionCallback | None = None,
    ) -> bool: ...


class NullNotifier:
    """Shows nothing: for platforms with no way to notify, or notifications switched off."""

    name = "none"

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: ActionCallback | None = None,
    ) -> bool:
        log.info("Notification not shown (no notification backend): %s", title)
        return False


class ChainNotifier:
    """Tries each backend in order until one shows the notification.

    A failing backend is logged and the next one used, so a reminder is never silently
    dropped; when every backend fails, that is logged as an error and False returned.
    """

    name = "chain"

    def __init__(self, backends: Sequence[Notifier]) -> None:
        self.backends = list(backends)

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: ActionCallback | None = None,
    ) -> bool:
        for backend in self.backends:
            try:
                if backend.notify(title, body, actions=actions, on_action=on_action):
                    return True
                log.warning("Notification backend %s could not show %r", backend.name, title)
            except Exception as exc:  # any backend failure must fall through to the next one
                log.warning(
                    "Notification backend %s failed (%s); trying the next", backend.name, exc
                )
        log.error("No notification backend could show %r: %s", title, body)
        return False
