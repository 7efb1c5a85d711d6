"""Notifications through plyer: the portable default (Windows toasts, macOS, Linux D-Bus or
notify-send). No action buttons: ``on_action`` is never called by this backend."""

from __future__ import annotations

from collections.abc import Sequence

from itfriend.platform.notifications.base import ActionCallback, NotificationError


class PlyerNotifier:
    """``plyer.notification.notify``; on Linux plyer uses dbus-python when importable, else
    ``notify-send``."""

    name = "plyer"

    def __init__(self, app_name: str = "itfriend", timeout_s: int = 10) -> None:
        self.app_name = app_name
        self.timeout_s = timeout_s

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: ActionCallback | None = None,
    ) -> bool:
        try:
            from plyer import notification

            notification.notify(
                title=title, message=body, app_name=self.app_name, timeout=self.timeout_s
            )
        except NotImplementedError as exc:
            raise NotificationError("plyer has no notifications on this platform") from exc
        except Exception as exc:  # plyer surfaces its platform's own errors (D-Bus, COM...)
            raise NotificationError(f"plyer could not notify: {exc}") from exc
        return True
