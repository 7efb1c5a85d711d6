"""Small helpers for what many windows time or count the same way.

``NamedTimer`` is a single-shot ``QTimer`` with a name (qutebrowser's ``usertypes.Timer``): the
name is its object name and shows in ``repr``, so a stray tick in a log or a test says whose it is.
``Latest`` drops the results of work that newer work has made stale; ``OneAtATime`` runs a load
again once it ends when it was asked for meanwhile, instead of twice at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer


class NamedTimer(QTimer):
    """A single-shot timer of ``interval_ms`` calling ``on_timeout``, named ``name``."""

    def __init__(
        self, name: str, interval_ms: int, on_timeout: Callable[[], Any], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(on_timeout)

    def __repr__(self) -> str:
        state = "active" if self.isActive() else "stopped"
        return f"<NamedTimer {self.objectName()!r} {self.interval()} ms, {state}>"


class Latest:
    """Counts requests, so that only the answer to the newest one is used.

    ``ticket()`` starts a request; ``is_current(ticket)`` says whether none came after it;
    ``drop()`` makes every answer still on its way stale.
    """

    def __init__(self) -> None:
        self._count = 0

    def ticket(self) -> int:
        self._count += 1
        return self._count

    def is_current(self, ticket: int) -> bool:
        return ticket == self._count

    def drop(self) -> None:
        self._count += 1

    def only_latest(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback`` for a new request, called only if no newer request was made since."""
        ticket = self.ticket()

        def deliver(result: Any) -> None:
            if self.is_current(ticket):
                callback(result)

        return deliver


class OneAtATime:
    """Runs ``start`` for a load; asked again while it runs, it runs once more after it."""

    def __init__(self, start: Callable[[], None]) -> None:
        self._start = start
        self.running = False
        self._again = False

    def request(self) -> None:
        if self.running:
            self._again = True
            return
        self.running = True
        self._start()

    def finished(self) -> bool:
        """The load ended; True when it starts again (its result is already out of date)."""
        self.running = False
        if not self._again:
            return False
        self._again = False
        self.request()
        return True
