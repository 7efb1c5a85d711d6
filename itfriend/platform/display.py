"""Whether there is a graphical session for the tray app to show in.

On Linux and the BSDs, Qt started without a reachable X11 or Wayland display prints a misleading
message about ``xcb-cursor`` and aborts the whole process (exit 134, a core dump). Asking first
costs a connect on a local socket, so the tray can say what is wrong instead. Windows and macOS
always have their own window system; a platform the user picked (``QT_QPA_PLATFORM=offscreen``,
``vnc``...) needs no session either.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Mapping

_SESSION_PLATFORMS = ("xcb", "wayland")


def missing_graphical_session(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """What is missing ("no DISPLAY or WAYLAND_DISPLAY is set"), or None when Qt can start."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) in ("win32", "darwin"):
        return None
    chosen = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    chosen = [p for p in chosen if p]
    if chosen and not all(p.startswith(_SESSION_PLATFORMS) for p in chosen):
        return None
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if wayland and _wayland_socket_exists(wayland, env.get("XDG_RUNTIME_DIR", "")):
        return None
    if display and _x_display_answers(display):
        return None
    if not display and not wayland:
        return "no DISPLAY or WAYLAND_DISPLAY is set"
    return f"the display {display or wayland} cannot be reached"


def _wayland_socket_exists(name: str, runtime_dir: str) -> bool:
    path = name if os.path.isabs(name) else os.path.join(runtime_dir, name)
    return bool(runtime_dir or os.path.isabs(name)) and os.path.exists(path)


def _x_display_answers(display: str) -> bool:
    """Whether a local X server listens for ``display`` (":0", "unix:1.0"); a remote one
    ("host:10.0", as ssh -X sets) is not probed, to keep the start quick: Qt will tell."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if host not in ("", "unix") or not number.isdigit():
        return True
    path = f"/tmp/.X11-unix/X{number}"
    # Linux X servers also listen on an abstract socket of the same name (seen in containers
    # that do not share /tmp).
    candidates = ["\0" + path, path] if sys.platform.startswith("linux") else [path]
    for address in candidates:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(1.0)
                probe.connect(address)
                return True
        except OSError:
            continue
    return False
