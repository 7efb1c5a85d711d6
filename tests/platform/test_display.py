"""The tray refuses, in one line, to start without a graphical session (issue 13, 6): Qt would
abort the process (exit 134) after a misleading message about xcb-cursor."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from itfriend.platform.display import missing_graphical_session
from tests.desktop import require_tools

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
        listener.listen(16)  # probes connect without being accepted
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


@pytest.fixture
def listening_socket(tmp_path: Path) -> Iterator[Path]:
    """A Unix socket something listens on, as a Wayland compositor's."""
    path = tmp_path / "wayland-1"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))
        listener.listen(16)  # probes connect without being accepted
        yield path


def test_a_wayland_socket_is_a_session(listening_socket: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(listening_socket.parent)}
    assert missing_graphical_session(env, "linux") is None
    assert missing_graphical_session({**env, "QT_QPA_PLATFORM": "wayland"}, "linux") is None
    assert missing_graphical_session({**env, "QT_QPA_PLATFORM": "Wayland-EGL"}, "linux") is None


def test_a_wayland_socket_file_nobody_listens_on_is_missing(tmp_path: Path) -> None:
    (tmp_path / "wayland-1").touch()  # left behind by a compositor that crashed
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert missing_graphical_session(env, "linux") == "the display wayland-1 cannot be reached"


@linux_only
def test_wayland_chosen_needs_a_compositor_even_with_a_live_x_display(
    x_server_socket: int, tmp_path: Path
) -> None:
    env = {"DISPLAY": f":{x_server_socket}", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert missing_graphical_session({**env, "QT_QPA_PLATFORM": "wayland"}, "linux") == (
        "no Wayland compositor answers at wayland-0"
    )
    # Qt goes on to the next platform of the list, so a live X display is enough then.
    assert missing_graphical_session({**env, "QT_QPA_PLATFORM": "wayland;xcb"}, "linux") is None


def test_a_platform_qt_has_no_plugin_for_is_missing() -> None:
    reason = missing_graphical_session({"QT_QPA_PLATFORM": "bogus"}, "linux")
    assert reason is not None
    assert reason.startswith("Qt has no platform 'bogus', only ")
    assert "offscreen" in reason and "xcb" in reason and "wayland-egl" in reason
    # Qt skips an unknown name of a list and starts with the next one.
    assert missing_graphical_session({"QT_QPA_PLATFORM": "bogus;offscreen"}, "linux") is None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "OffScreen"}, "linux") is None


def test_a_platform_needing_no_session_or_another_system_is_left_to_qt() -> None:
    assert missing_graphical_session({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "minimal"}, "linux") is None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux") is None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "xcb"}, "linux") is not None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux") is not None
    assert missing_graphical_session({"QT_QPA_PLATFORM": "bogus"}, "win32") is None
    assert missing_graphical_session({}, "win32") is None
    assert missing_graphical_session({}, "darwin") is None


def test_a_remote_display_nobody_answers_is_missing_within_a_second() -> None:
    with socket.socket() as unused:  # a local TCP port nobody listens on: 6000 + N
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    if port < 6000:
        pytest.skip("the free port found is below X's 6000")
    started = time.monotonic()
    assert missing_graphical_session({"DISPLAY": f"localhost:{port - 6000}.0"}, "linux") == (
        f"the display localhost:{port - 6000}.0 cannot be reached"
    )
    assert time.monotonic() - started < 1.0
    # A host that does not answer at all (TEST-NET-1, RFC 5737): the probe gives up quickly.
    started = time.monotonic()
    assert missing_graphical_session({"DISPLAY": "192.0.2.1:10.0"}, "linux") is not None
    assert time.monotonic() - started < 1.5


def _clean_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_RUNTIME_DIR")
    }
    env["ITFRIEND_HOME"] = str(tmp_path / "home")
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no Wayland compositor there
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(settings)
    return env


def _run_app(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itfriend"], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="always a desktop there")
@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        # What ssh -X sets, on a machine where no X server (no tunnel) is there.
        ({"DISPLAY": "localhost:4699.0"}, "the display localhost:4699.0 cannot be reached"),
        ({"QT_QPA_PLATFORM": "bogus"}, "Qt has no platform 'bogus', only "),
        ({"QT_QPA_PLATFORM": "wayland"}, "no Wayland compositor answers at wayland-0"),
    ],
)
def test_the_app_with_no_usable_platform_says_so_in_one_line(
    tmp_path: Path, settings: dict[str, str], reason: str
) -> None:
    result = _run_app(_clean_env(tmp_path, **settings))
    assert result.returncode == 1, result.stderr  # not 134: Qt's abort with a core dump
    [line] = result.stderr.splitlines()
    assert line.startswith(f"itfriend: there is no graphical session ({reason}")
    assert line.endswith("so the tray app cannot start; the command line works: itfriend --help")


@pytest.fixture(scope="module")
def tcp_x_display() -> Iterator[str]:
    """An Xvfb listening on TCP too, for DISPLAY=localhost:N (what ssh -X sets)."""
    require_tools("Xvfb")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-listen", "tcp", "-noreset"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not report its display number within 15 s")
        yield number
    finally:
        os.close(read_end)
        process.terminate()
        process.wait(timeout=10)


# Qt itself judges: the platform starts (0) or Qt aborts (134). Our verdict must agree.
_QT_STARTS = (
    "import sys; from PySide6.QtGui import QGuiApplication; "
    "from itfriend.platform.display import missing_graphical_session; "
    "print(missing_graphical_session()); sys.stdout.flush(); QGuiApplication([])"
)


@pytest.mark.desktop
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
@pytest.mark.parametrize(
    ("settings", "starts"),
    [
        ({"DISPLAY": ":{n}"}, True),
        ({"DISPLAY": ":{n}", "QT_QPA_PLATFORM": "xcb"}, True),
        ({"DISPLAY": "localhost:{n}.0"}, True),
        ({"DISPLAY": "localhost:{n}", "QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"DISPLAY": ":{n}", "QT_QPA_PLATFORM": "bogus;xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
        ({"QT_QPA_PLATFORM": "minimal"}, True),
        ({"DISPLAY": ":{n}", "QT_QPA_PLATFORM": "wayland"}, False),
        ({"DISPLAY": ":{n}", "QT_QPA_PLATFORM": "bogus"}, False),
        ({"DISPLAY": "localhost:4699"}, False),
    ],
)
def test_the_verdict_agrees_with_qt(
    tcp_x_display: str, tmp_path: Path, settings: dict[str, str], starts: bool
) -> None:
    env = _clean_env(tmp_path, **{k: v.format(n=tcp_x_display) for k, v in settings.items()})
    result = subprocess.run(
        [sys.executable, "-c", _QT_STARTS], capture_output=True, text=True, env=env, timeout=60
    )
    verdict = result.stdout.splitlines()[0]
    assert (verdict == "None") is starts, verdict
    assert (result.returncode == 0) is starts, result.stderr


@pytest.mark.desktop
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
def test_the_app_on_a_live_display_with_wayland_chosen_says_so(
    tcp_x_display: str, tmp_path: Path
) -> None:
    env = _clean_env(tmp_path, DISPLAY=f":{tcp_x_display}", QT_QPA_PLATFORM="wayland")
    result = _run_app(env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "itfriend: there is no graphical session (no Wayland compositor answers at wayland-0), "
        "so the tray app cannot start; the command line works: itfriend --help"
    ]


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
