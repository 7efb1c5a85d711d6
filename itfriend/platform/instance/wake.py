"""Telling a running itfriend that the data changed, after a committed write from the CLI.

The running tray then reads the change feed (``itfriend.core.change_feed``) from the last id it
saw. This is only a wake-up, so it is cheap and best-effort: no tray running costs one failed
``connect`` (microseconds), and a busy tray delays the command by at most ``WAKE_TIMEOUT_S``.
The tray's watch of the database files covers a wake-up that is lost.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from itfriend.platform.instance.client import server_name

WAKE_TIMEOUT_S = 0.05
CHANGED = b'{"args": ["changed"]}\n'  # the message format of ``forward_to_running``


def wake_running_app(data_folder: Path) -> bool:
    """Send "changed" to the itfriend running on ``data_folder``; True when it answered.
    Never raises."""
    if sys.platform == "win32":
        # The client there is Qt's (named pipes): loading Qt would cost every command far more
        # than the wake-up is worth; the tray's file watch sees the write instead.
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(WAKE_TIMEOUT_S)
            client.connect(server_name(str(data_folder)))
            client.sendall(CHANGED)
            # Waiting for the reply lets the tray read the message before the socket closes.
            reply = client.recv(8)
    except OSError:  # nobody listening, a stale socket file, or a tray too busy to answer
        return False
    return reply.strip() == b"ok"
