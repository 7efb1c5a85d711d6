"""The tray refuses, in one line, to start without a graphical session (issue 13, 6): Qt would
abort the process (exit 134) after a misleading message about xcb-cursor."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from itfriend.platform.display import missing_graphical_session

REPO = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets")


@pytest.fixture
def x_server_socket() -> Iterator[int]:
    """A display number on which something listens like a local X server (an abstract socket,
    so that no file in /tmp is needed)."""
    for number in range(4700 + os.getpid() % 200, 5000):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(f"\0/tmp/.X11-unix/X{number}")
        except OSError:
            listener.close()
            continue
        listener.listen(1)
        try:
            yield number
        finally:
            listener.close()
        return
    pytest.fail("no free display number")


def test_no_display_at_all_is_missing() -> None:
    assert missing_graphical_session({}, "linux") == "no DISPLAY or WAYLAND_DISPLAY is set"


def test_a_display_nobody_listens_on_is_missing() -> None:
    assert missing_graphical_session({"DISPLAY": ":4699"}, "linux") == (
        "the display :4699 cannot be reached"
    )
    assert missing_graphical_session({"WAYLAND_DISPLAY": "wayland-9"}, "linux") == (
        "the display wayland-9 cannot be reached"
    )


@linux_only
def test_a_listening_x_server_is_a_session(x_server_socket: int) -> None:
    assert missing_graphical_session({"DISPLAY": f":{x_server_socket}.0"}, "linux") is None
    assert missing_graphical_session({"DISPLAY": f"unix:{x_server_socket}"}, "linux") is None


def test_a_wayland_socket_is_a_session(tmp_path: Path) -> None:
    (tmp_path / "wayland-1").touch()
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert missing_graphical_session(env, "linux") is None


def test_a_platform_needing_no_session_or_another_system_is_left_to_qt() -> None:
    assert missing_graphical_session({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux") is None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "xcb"}, "linux") is not None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux") is not None
    assert missing_graphical_session({}, "win32") is None
    assert missing_graphical_session({}, "darwin") is None
    # A remote display (ssh -X) is not probed: that could take seconds; Qt tells.
    assert missing_graphical_session({"DISPLAY": "localhost:10.0"}, "linux") is None


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="always a desktop there")
@pytest.mark.parametrize("command", [[], ["show"]])
def test_the_app_without_a_session_says_so_in_one_line(tmp_path: Path, command: list[str]) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["ITFRIEND_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "itfriend", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr  # not 134: Qt's abort with a core dump
    assert result.stderr.splitlines() == [
        "itfriend: there is no graphical session (no DISPLAY or WAYLAND_DISPLAY is set), so the "
        "tray app cannot start; the command line works: itfriend --help"
    ]
