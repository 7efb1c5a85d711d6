"""The sending half of the Announce dialog: one delivery, off the GUI thread, with its progress.

Apart from the dialog because it is where the dialog meets the outside: the SMTP server, the
keyring (through ``platform.secrets``, read on a pool thread when a connection logs in) and the
schedule (a back-up notice reminder may be set with the delivery, so the write announces
``Change.SCHEDULE``). The dialog decides what to send and shows how it went; this only carries it
out and reports back.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from itfriend.core.announcements.delivery import Delivery, PasswordLookup, deliver
from itfriend.core.errors import ValidationError
from itfriend.core.when import parse_moment
from itfriend.platform.secrets import SMTP_PASSWORD, SecretStore
from itfriend.ui.common.events import Change

if TYPE_CHECKING:
    from itfriend.core.announcements import DeliveryReport
    from itfriend.core.announcements.compose import Composition
    from itfriend.core.services import Services
    from itfriend.ui.common.tasks import OnError
    from itfriend.ui.common.write_path import WritePath


class Sender(QObject):
    """Delivers a composition through ``writes``; ``sent`` counts the recipients as they go.

    ``password_lookup`` reads the SMTP password (the keyring by default) and ``password_store``
    keeps one typed in the prompt; ``ssl_context`` chooses which certificate authorities are
    trusted.

    Signals:
    sent(int): a message to this many recipients went out (emitted on the worker thread, so it
    reaches the GUI thread queued).
    """

    sent = Signal(int)

    def __init__(
        self,
        services: Services,
        writes: WritePath,
        password_lookup: PasswordLookup | None = None,
        password_store: Callable[[str], None] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._writes = writes
        secrets = SecretStore()
        self._password_lookup = password_lookup or (lambda: secrets.get(SMTP_PASSWORD))
        self._password_store = password_store or (lambda text: secrets.set(SMTP_PASSWORD, text))
        self._ssl_context = ssl_context

    def send(
        self,
        composition: Composition,
        delivery: Delivery,
        on_done: Callable[[DeliveryReport], None],
        on_error: OnError,
    ) -> None:
        services, lookup, context = self._services, self._password_lookup, self._ssl_context
        sent = self.sent.emit
        self._writes.write(
            lambda: deliver(services, composition, delivery, lookup, sent, context),
            [Change.SCHEDULE],
            on_done,
            on_error,
        )

    def store_password(self, password: str, then: Callable[[], None]) -> None:
        """Keep ``password`` in the keyring (off the GUI thread), then ``then()``."""
        store = self._password_store
        self._writes.read(lambda: store(password), lambda _: then())


def back_up_moment(wanted: bool, end: str, now: datetime) -> datetime | None:
    """When the back-up notice reminder is due (the announced ``end``), if one is ``wanted``."""
    if not wanted:
        return None
    moment = parse_moment(end, now)
    if moment <= now:
        raise ValidationError("the back-up notice reminder needs an end time in the future")
    return moment
