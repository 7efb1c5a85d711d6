"""One itfriend per user and data folder: a second start hands its arguments to the first.

The first instance listens on a local socket whose name is derived from the user and the data
folder, so that two installations (e.g. tests with their own ``ITFRIEND_HOME``) never meet; a
later start reaches it through ``itfriend.platform.instance.client``.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


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
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("args"), list):
            log.warning("ignored a malformed message from another start")
            return
        args = message["args"]
        client.write(b"ok\n")  # type: ignore[attr-defined]
        client.flush()  # type: ignore[attr-defined]
        self.arguments_received.emit([str(a) for a in args])
