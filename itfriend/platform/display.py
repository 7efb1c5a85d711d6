"""Whether there is a graphical session for the tray app to show in.

On Linux and the BSDs, Qt started without a reachable X11 or Wayland display, or with a
``QT_QPA_PLATFORM`` it has no plugin for, prints a misleading message about ``xcb-cursor`` and
aborts the whole process (exit 134, a core dump). Asking first costs a connect on a local socket
(or, for a display on another host as ``ssh -X`` sets, a TCP connect bounded to half a second),
so the tray can say what is wrong instead. Windows and macOS always have their own window
system; a platform that needs no session (``offscreen``, ``minimal``, ``vnc``...) is left to Qt.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Mapping

from itfriend.platform.qt_platforms import available_platforms

# A display on another host is probed over TCP: long enough for a LAN or an ssh tunnel, short
# enough not to delay the start noticeably when nothing answers.
_TCP_PROBE_SECONDS = 0.5
_X_TCP_PORT = 6000


def missing_graphical_session(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """What is missing ("no DISPLAY or WAYLAND_DISPLAY is set"), or None when Qt can start."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) in ("win32", "darwin"):
        return None
    # Qt tries the platforms of "wayland;xcb" in order and starts with the first that works;
    # "vnc:size=800x600" carries arguments after the colon.
    chosen = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    chosen = [p for p in chosen if p]
    if not chosen:
        return _default_session_missing(env)
    known = available_platforms(env)
    reasons = []
    for name in chosen:
        reason = _platform_missing(name, env, known)
        if reason is None:
            return None
        reasons.append(reason)
    return "; ".join(reasons)


def _default_session_missing(env: Mapping[str, str]) -> str | None:
    """No platform chosen: Qt picks Wayland or X11 from the session, so either will do."""
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if wayland and _wayland_socket_answers(wayland, env.get("XDG_RUNTIME_DIR", "")):
        return None
    if display and _x_display_answers(display):
        return None
    if not display and not wayland:
        return "no DISPLAY or WAYLAND_DISPLAY is set"
    return f"the display {display or wayland} cannot be reached"


def _platform_missing(
    name: str, env: Mapping[str, str], known: frozenset[str] | None
) -> str | None:
    """Why the platform ``name`` of QT_QPA_PLATFORM cannot start, or None if it can (or may)."""
    lowered = name.lower()  # Qt matches plugin keys without regard to case
    if known is not None and lowered not in known:
        return f"Qt has no platform {name!r}, only {', '.join(sorted(known))}"
    if lowered == "xcb":
        display = env.get("DISPLAY", "")
        if not display:
            return "xcb needs DISPLAY, which is not set"
        return None if _x_display_answers(display) else f"the X display {display} cannot be reached"
    if lowered.startswith("wayland"):
        # libwayland-client's own default when WAYLAND_DISPLAY is not set.
        wayland = env.get("WAYLAND_DISPLAY", "") or "wayland-0"
        if _wayland_socket_answers(wayland, env.get("XDG_RUNTIME_DIR", "")):
            return None
        return f"no Wayland compositor answers at {wayland}"
    return None


def _wayland_socket_answers(name: str, runtime_dir: str) -> bool:
    if not (runtime_dir or os.path.isabs(name)):
        return False
    return _unix_socket_answers([name if os.path.isabs(name) else os.path.join(runtime_dir, name)])


def _x_display_answers(display: str) -> bool:
    """Whether an X server answers for ``display``: ":0" and "unix:1.0" on its local socket,
    "host:10.0" (as ssh -X sets) on TCP port 6010 of that host, within half a second."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if host.startswith("/") or not number.isdigit():
        return True  # a launchd-style socket path or a form we do not know: Qt will tell
    host = host.removeprefix("tcp/").removeprefix("inet/").removeprefix("inet6/")
    if host not in ("", "unix"):
        try:
            with socket.create_connection(
                (host.strip("[]"), _X_TCP_PORT + int(number)), timeout=_TCP_PROBE_SECONDS
            ):
                return True
        except (OSError, OverflowError):
            return False
    path = f"/tmp/.X11-unix/X{number}"
    # Linux X servers also listen on an abstract socket of the same name (seen in containers
    # that do not share /tmp).
    return _unix_socket_answers(["\0" + path, path] if sys.platform.startswith("linux") else [path])


def _unix_socket_answers(addresses: list[str]) -> bool:
    for address in addresses:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(1.0)
                probe.connect(address)
                return True
        except (OSError, ValueError):
            continue
    return False
