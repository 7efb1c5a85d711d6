"""Finding the running itfriend: the name of its local socket, and handing it a request.

Qt-free on Unix (a plain socket), so that ``itfriend quit`` and the tray's start-up check load no
Qt networking; the listening side is ``itfriend.platform.instance.server.InstanceServer``.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import zlib

_TIMEOUT_S = 1.5


def server_name(data_folder: str) -> str:
    """The socket of the instance using ``data_folder``: a short path on Unix, a pipe name on
    Windows (kept short: Unix socket paths are limited to about 100 bytes)."""
    # Checksums, not a hash library: this runs before the tray icon shows, and zlib is loaded
    # by Qt already. The name only has to tell data folders apart, not keep a secret.
    key = f"{_user()}:{data_folder}".encode()
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
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
            import json  # only once someone is listening: not on the way to a first icon

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


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    import getpass

    return getpass.getuser()


def _forward_with_qt(name: str, args: list[str]) -> bool:
    import json

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtNetwork import QLocalSocket

    _app = QCoreApplication.instance() or QCoreApplication([])  # Qt sockets need one
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
