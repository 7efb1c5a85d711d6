"""Notifications through the freedesktop notification service, straight over D-Bus.

The only backend with action buttons and click handling on Linux. The calls go over one
private D-Bus connection (jeepney, already installed with keyring) watched by a
``QSocketNotifier``, so the ``ActionInvoked`` signals — which daemons such as dunst send only
to the connection that made the ``Notify`` call — arrive on the GUI thread through Qt's event
loop. (PySide6's QtDBus cannot marshal the ``uint32`` that ``Notify`` requires, which is why
the messages are built with jeepney rather than ``QDBusMessage``.)
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Sequence
from typing import Any

from itfriend.platform.notifications.base import ActionCallback, NotificationError

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class FreedesktopNotifier:
    """``org.freedesktop.Notifications.Notify`` with actions; ``on_action(key)`` on a click.

    ``bus_address`` defaults to ``DBUS_SESSION_BUS_ADDRESS`` when the first notification is
    sent. The call waits at most ``timeout`` seconds for the daemon's answer, so a hung daemon
    makes this backend fail over instead of freezing the tray.
    """

    name = "freedesktop"

    def __init__(
        self, bus_address: str | None = None, *, app_name: str = "itfriend", timeout: float = 3.0
    ) -> None:
        self.app_name = app_name
        self.timeout = timeout
        self._bus_address = bus_address
        self._connection: Any = None
        self._signals: deque[Any] = deque()
        self._watcher: Any = None
        self._callbacks: dict[int, ActionCallback] = {}
        self.last_id: int | None = None
        """The daemon's id of the latest notification shown."""

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: ActionCallback | None = None,
    ) -> bool:
        from jeepney import DBusAddress, MessageType, new_method_call

        connection = self._connect()
        flat_actions = [part for key, label in actions for part in (key, label)]
        hints = {"urgency": ("y", 1), "desktop-entry": ("s", self.app_name)}
        message = new_method_call(
            DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE),
            "Notify",
            "susssasa{sv}i",
            (self.app_name, 0, "", title, body, flat_actions, hints, -1),
        )
        try:
            reply = connection.send_and_get_reply(message, timeout=self.timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()  # reconnect next time: the bus may have gone
            raise NotificationError(f"the notification service did not answer: {exc}") from exc
        if reply.header.message_type == MessageType.error:
            raise NotificationError(f"the notification service refused: {reply.body}")
        self.last_id = int(reply.body[0])
        if on_action is not None:
            self._callbacks[self.last_id] = on_action
        self._dispatch()  # signals that arrived while waiting for the reply
        return True

    def close(self) -> None:
        """Stop listening and drop the connection (callbacks of shown bubbles are forgotten)."""
        if self._watcher is not None:
            self._watcher.setEnabled(False)
            self._watcher.deleteLater()
            self._watcher = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._callbacks.clear()

    def _connect(self) -> Any:
        if self._connection is not None:
            return self._connection
        address = self._bus_address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if not address or address.startswith("disabled:"):
            raise NotificationError("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS)")
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        from PySide6.QtCore import QSocketNotifier

        try:
            connection = open_dbus_connection(bus=address)
            rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
            connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=self.timeout)
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
            raise NotificationError(f"cannot connect to the D-Bus session bus: {exc}") from exc
        connection.filter(rule, queue=self._signals)
        self._connection = connection
        self._watcher = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
        self._watcher.activated.connect(self._on_readable)
        return connection

    def _on_readable(self) -> None:
        connection = self._connection
        if connection is None:
            return
        try:
            while True:  # read every complete message, then go back to the event loop
                connection.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("Lost the D-Bus connection of the notifications: %s", exc)
            self.close()
        self._dispatch()

    def _dispatch(self) -> None:
        while self._signals:
            message = self._signals.popleft()
            member = message.header.fields.get(_member_field())
            notification_id = int(message.body[0])
            if member == "ActionInvoked":
                callback = self._callbacks.get(notification_id)
                if callback is not None:
                    try:
                        callback(str(message.body[1]))
                    except Exception:
                        log.exception("Notification action handler failed")
            elif member == "NotificationClosed":
                self._callbacks.pop(notification_id, None)


def _member_field() -> Any:
    from jeepney import HeaderFields

    return HeaderFields.member
