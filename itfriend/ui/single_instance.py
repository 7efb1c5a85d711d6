"""One itfriend per user and data folder: a second start hands its arguments to the first.

The first instance listens on a QLocalServer whose name is derived from the user and the data
folder, so that two installations (e.g. tests with their own ``ITFRIEND_HOME``) never meet. The
socket is created private to the user.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

_TIMEOUT_MS = 1500


def server_name(data_folder: str) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}:{data_folder}".encode()).hexdigest()[:16]
    return f"itfriend-{digest}"


def forward_to_running(name: str, args: list[str]) -> bool:
    """Send ``args`` to a running instance; True when one took them."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(_TIMEOUT_MS):
        return False
    socket.write(json.dumps({"args": args}).encode() + b"\n")
    socket.flush()
    # The reply tells us the message was read, so that we do not exit before it arrives. It may
    # already sit in the buffer (waiting for the write can read it), so look before waiting.
    while not socket.canReadLine():
        if not socket.waitForReadyRead(_TIMEOUT_MS):
            socket.abort()
            return False
    answered = bytes(socket.readLine().data()).strip() == b"ok"
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts.

    Signals:
    arguments_received(list): a later start handed over its command-line arguments.
    """

    arguments_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        if not self._server.listen(name):
            # A socket file left by a crashed instance: nobody answered on it, so remove it.
            QLocalServer.removeServer(name)
            if not self._server.listen(name):
                log.warning("cannot listen for other starts: %s", self._server.errorString())

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            # The message may have arrived with the connection, before readyRead was connected.
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            args = json.loads(line).get("args", [])
        except ValueError:
            log.warning("ignored a malformed message from another start")
            return
        socket.write(b"ok\n")
        socket.flush()
        self.arguments_received.emit([str(a) for a in args])
