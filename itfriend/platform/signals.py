"""Quit cleanly on SIGTERM/SIGINT (logout, Ctrl+C) without a polling timer.

Python runs signal handlers only when it gets control; inside Qt's event loop that may be never.
``signal.set_wakeup_fd`` writes a byte to a socket that a QSocketNotifier watches, which wakes
the loop at once.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class SignalWakeup(QObject):
    def __init__(self, on_signal: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._on_signal = on_signal
        signal.set_wakeup_fd(self._writer.fileno())
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: None)

    def _drain(self) -> None:
        try:
            self._reader.recv(64)
        except BlockingIOError:
            return
        self._on_signal()

    def close(self) -> None:
        signal.set_wakeup_fd(-1)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
