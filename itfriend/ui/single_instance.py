"""One itfriend per user and data folder: a second start hands its arguments to the first.

The first instance listens on a local socket whose name is derived from the user and the data
folder, so that two installations (e.g. tests with their own ``ITFRIEND_HOME``) never meet. On
Unix it lives in the user's private runtime folder, and a later start reaches it with a plain
socket: checking costs no Qt networking import before the tray icon shows.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket
import sys
import tempfile

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_TIMEOUT_S = 1.5


def server_name(data_folder: str) -> str:
    """The socket of the instance using ``data_folder``: a short path on Unix, a pipe name on
    Windows (kept short: Unix socket paths are limited to about 100 bytes)."""
    digest = hashlib.sha256(f"{getpass.getuser()}:{data_folder}".encode()).hexdigest()[:16]
    if sys.platform == "win32":
        return f"itfriend-{digest}"
    folder = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return os.path.join(folder, f"itfriend-{digest}.sock")


def forward_to_running(name: str, args: list[str]) -> bool:
    """Send ``args`` to a running instance; True when one took them."""
    if sys.platform == "win32":
        return _forward_with_qt(name, args)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(_TIMEOUT_S)
            client.connect(name)
            client.sendall(json.dumps({"args": args}).encode() + b"\n")
            # The reply tells us the message was read, so that we do not exit before it arrives.
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = client.recv(64)
                if not chunk:
                    break
                reply += chunk
    except OSError:
        return False
    return reply.strip() == b"ok"


def _forward_with_qt(name: str, args: list[str]) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    client = QLocalSocket()
    client.connectToServer(name)
    timeout_ms = int(_TIMEOUT_S * 1000)
    if not client.waitForConnected(timeout_ms):
        return False
    client.write(json.dumps({"args": args}).encode() + b"\n")
    client.flush()
    # The reply may already sit in the buffer (waiting for the write can read it): look first.
    while not client.canReadLine():
        if not client.waitForReadyRead(timeout_ms):
            client.abort()
            return False
    answered = bytes(client.readLine().data()).strip() == b"ok"
    client.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts.

    Signals:
    arguments_received(list): a later start handed over its command-line arguments.
    """

    arguments_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        if not self._server.listen(name):
            # A socket file left by a crashed instance: nobody answers on it, so remove it.
            QLocalServer.removeServer(name)
            if not self._server.listen(name):
                log.warning("cannot listen for other starts: %s", self._server.errorString())

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(client.deleteLater)
            # The message may have arrived with the connection, before readyRead was connected.
            self._read(client)

    def _read(self, client: QObject) -> None:
        if not client.canReadLine():  # type: ignore[attr-defined]
            return
        line = bytes(client.readLine().data())  # type: ignore[attr-defined]
        try:
            args = json.loads(line).get("args", [])
        except ValueError:
            log.warning("ignored a malformed message from another start")
            return
        client.write(b"ok\n")  # type: ignore[attr-defined]
        client.flush()  # type: ignore[attr-defined]
        self.arguments_received.emit([str(a) for a in args])
