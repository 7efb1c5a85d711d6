"""Real-desktop fixtures: an X server, a tray host, a private D-Bus session, dunst, a bus monitor
and an unlocked Secret Service keyring, each started by the test run and stopped after it.

Import the fixtures into a ``conftest.py`` (``from tests.desktop import *``) and mark the tests
that use them with ``@pytest.mark.desktop``. A missing tool skips the test with the Debian package
to install, except under ``ITFRIEND_REQUIRE_DESKTOP=1`` (CI), where it fails instead.

Everything waits on a condition (a window exists, a bus name has an owner, a log line appears),
polling briefly up to a timeout; nothing sleeps a fixed time.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

__all__ = [
    "DbusSession",
    "NotificationDaemon",
    "NotifyMonitor",
    "TrayHost",
    "app_env",
    "dbus_session",
    "notification_daemon",
    "notify_monitor",
    "require_tools",
    "stop_name_owner",
    "tray_host",
    "unlocked_keyring",
    "wait_until",
    "x_display",
]

T = TypeVar("T")

# Which Debian package brings each tool, for the skip message.
DEBIAN_PACKAGES = {
    "Xvfb": "xvfb",
    "trayer": "trayer",
    "xwininfo": "x11-utils",
    "xdotool": "xdotool",
    "dbus-daemon": "dbus",
    "dbus-monitor": "dbus-bin",
    "dbus-update-activation-environment": "dbus-bin",
    "gdbus": "libglib2.0-bin",
    "dunst": "dunst",
    "dunstctl": "dunst",
    "gnome-keyring-daemon": "gnome-keyring",
    "notify-send": "libnotify-bin",
}
REQUIRE_ENV = "ITFRIEND_REQUIRE_DESKTOP"
NOTIFICATIONS = "org.freedesktop.Notifications"
SECRETS = "org.freedesktop.secrets"
KEYRING_BACKEND = "keyring.backends.SecretService.Keyring"
# Variables of the machine running the tests that must not leak into the private desktop.
_FOREIGN = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_RUNTIME_DIR",
    "PYTHON_KEYRING_BACKEND",
    "QT_QPA_PLATFORM",
    "SSH_AUTH_SOCK",
    "GNOME_KEYRING_CONTROL",
)


def require_tools(*tools: str) -> None:
    """Skip (or, under ``ITFRIEND_REQUIRE_DESKTOP=1``, fail) unless every tool is installed."""
    import shutil

    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    packages = sorted({DEBIAN_PACKAGES.get(t, t) for t in missing})
    reason = f"needs {', '.join(missing)} (apt-get install {' '.join(packages)})"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 forbids skipping")
    pytest.skip(reason)


def wait_until(check: Callable[[], T | None], timeout: float, what: str) -> T:
    """Poll ``check`` every 20 ms until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


def _start(
    args: list[str], env: Mapping[str, str] | None = None, **kwargs: object
) -> subprocess.Popen[bytes]:
    """Start a helper in its own process group, so that teardown can end it and its children."""
    return subprocess.Popen(
        args, env=dict(env) if env is not None else None, start_new_session=True, **kwargs
    )  # type: ignore[call-overload]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a helper's whole process group: TERM, then KILL if it lingers."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _private_base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN and not k.startswith("XDG_")}
    # "disabled:" stops libdbus from auto-launching a stray bus for a program given a DISPLAY.
    env["DBUS_SESSION_BUS_ADDRESS"] = "disabled:"
    return env


# --- X server and tray -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """An Xvfb server on a free display for the whole run; yields the DISPLAY string (":N")."""
    require_tools("Xvfb")
    read_end, write_end = os.pipe()
    process = _start(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
            # Without it Xvfb resets when its last client leaves, turning away one that
            # connects during the reset: random failures between tests.
            "-noreset",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not report its display number within 15 s")
        yield f":{number}"
    finally:
        os.close(read_end)
        _stop(process)


def _x_windows(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xwininfo", "-display", display, *args], capture_output=True, text=True, check=False
    )
    return result.stdout


@dataclass
class TrayHost:
    """A running system-tray host (trayer); ``icons()`` lists the windows embedded in it."""

    display: str
    window_id: str
    process: subprocess.Popen[bytes]

    def icons(self) -> list[str]:
        """The client windows embedded in the tray, one per icon (e.g. ``0x600007 "itfriend"``);
        trayer's own socket windows have no name and are left out."""
        tree = _x_windows(self.display, "-tree", "-id", self.window_id).splitlines()
        lines = [line.strip() for line in tree if line.strip().startswith("0x")]
        return [line for line in lines if "(has no name)" not in line]


@pytest.fixture
def tray_host(x_display: str, tmp_path: Path) -> Iterator[TrayHost]:
    """``trayer`` on the test display, ready once its panel window exists."""
    require_tools("trayer", "xwininfo")
    env = {**_private_base_env(), "DISPLAY": x_display}
    log = tmp_path / "trayer.log"
    args = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"]
    with log.open("wb") as sink:
        process = _start(
            [*args, "--height", "24", "--SetDockType", "true"],
            env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )

    def panel_window() -> str | None:
        if process.poll() is not None:
            raise RuntimeError(f"trayer exited ({process.returncode}): {log.read_text()}")
        for line in _x_windows(x_display, "-root", "-tree").splitlines():
            if '("panel" "trayer")' in line:
                return line.split()[0]
        return None

    try:
        window = wait_until(panel_window, 10, "the trayer panel window")
        yield TrayHost(x_display, window, process)
    finally:
        _stop(process)


# --- D-Bus session ------------------------------------------------------------------------------


@dataclass
class DbusSession:
    """A private session bus with its own HOME and XDG folders; ``env`` reaches it."""

    address: str
    root: Path
    env: dict[str, str] = field(repr=False)
    process: subprocess.Popen[bytes] = field(repr=False)

    def gdbus(self, *args: str) -> str:
        """Run ``gdbus ... --session ...`` on this bus and return its output."""
        result = subprocess.run(
            ["gdbus", *args], env=self.env, capture_output=True, text=True, check=True, timeout=10
        )
        return result.stdout

    def _bus_call(self, method: str, name: str) -> str:
        return subprocess.run(
            [
                "gdbus",
                "call",
                "--session",
                "-d",
                "org.freedesktop.DBus",
                "-o",
                "/org/freedesktop/DBus",
                "-m",
                f"org.freedesktop.DBus.{method}",
                name,
            ],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout

    def has_owner(self, name: str) -> bool:
        return self._bus_call("NameHasOwner", name).strip() == "(true,)"

    def owner_pid(self, name: str) -> int | None:
        reply = self._bus_call("GetConnectionUnixProcessID", name)
        # gdbus prints "(uint32 1234,)"
        words = reply.strip("()\n,").split()
        return int(words[-1]) if len(words) == 2 and words[-1].isdigit() else None


@pytest.fixture(scope="session")
def dbus_session(x_display: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DbusSession]:
    """One private session bus for the run (processes cache their session bus, so one per run).

    HOME, XDG_RUNTIME_DIR (mode 700) and the XDG folders point into a temporary folder, and the
    bus's activation environment knows DISPLAY, so daemons D-Bus starts find the X server.
    """
    require_tools("dbus-daemon", "dbus-update-activation-environment", "gdbus")
    root = tmp_path_factory.mktemp("desktop")
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    runtime.chmod(0o700)  # mkdir's mode is filtered by the umask
    env = _private_base_env()
    env.update(
        HOME=str(root / "home"),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_CONFIG_HOME=str(root / "home/.config"),
        XDG_DATA_HOME=str(root / "home/.local/share"),
        XDG_CACHE_HOME=str(root / "home/.cache"),
        XDG_STATE_HOME=str(root / "home/.local/state"),
        NO_AT_BRIDGE="1",
        DISPLAY=x_display,
    )
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    process = _start(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            "--print-address=1",
            f"--address=unix:path={runtime}/bus",
        ],
        env,
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 10)
        address = process.stdout.readline().decode().strip() if ready else ""
        if not address:
            raise RuntimeError("dbus-daemon did not print its address within 10 s")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        subprocess.run(
            [
                "dbus-update-activation-environment",
                "DISPLAY",
                "XDG_RUNTIME_DIR",
                "HOME",
                "XDG_CONFIG_HOME",
                "XDG_DATA_HOME",
                "NO_AT_BRIDGE",
            ],
            env=env,
            check=True,
            timeout=10,
        )
        yield DbusSession(address, root, env, process)
    finally:
        _stop(process)


def stop_name_owner(bus: DbusSession, name: str, timeout: float = 10) -> None:
    """End the process owning ``name`` on ``bus`` (a daemon that forked away from us), and wait
    until the name is free. Waiting on the name, not the pid: a reaped-late zombie keeps its pid.
    """
    pid = bus.owner_pid(name) if bus.has_owner(name) else None
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not bus.has_owner(name), timeout, f"{name} to be released")


# --- Notifications ------------------------------------------------------------------------------


@dataclass
class NotificationDaemon:
    """dunst serving ``org.freedesktop.Notifications`` on the private bus."""

    bus: DbusSession
    process: subprocess.Popen[bytes] = field(repr=False)

    def dunstctl(self, *args: str) -> str:
        """Drive dunst as a user would: ``action 0`` clicks the newest, ``close-all``..."""
        result = subprocess.run(
            ["dunstctl", *args],
            env=self.bus.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return result.stdout


@pytest.fixture(scope="session")
def notification_daemon(dbus_session: DbusSession) -> Iterator[NotificationDaemon]:
    """dunst on the private bus and display, ready once it owns the notifications name."""
    require_tools("dunst", "dunstctl")
    stop_name_owner(dbus_session, NOTIFICATIONS)  # one D-Bus may have activated on its own
    config = dbus_session.root / "dunstrc"
    # Long timeouts: a notification stays until a test clicks or closes it.
    config.write_text("[global]\n    idle_threshold = 0\n[urgency_normal]\n    timeout = 0\n")
    process = _start(
        ["dunst", "-config", str(config)],
        dbus_session.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def owned() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"dunst exited with code {process.returncode}")
        return dbus_session.has_owner(NOTIFICATIONS)

    try:
        wait_until(owned, 10, f"dunst to own {NOTIFICATIONS}")
        yield NotificationDaemon(dbus_session, process)
    finally:
        _stop(process)


@dataclass
class NotifyMonitor:
    """A ``dbus-monitor`` log of every Notify call on the private bus."""

    log: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 10) -> str:
        """Wait until ``text`` appears in the log; returns the whole log."""
        return wait_until(
            lambda: self.text() if text in self.text() else None,
            timeout,
            f"{text!r} in the Notify calls seen on the bus",
        )


@pytest.fixture
def notify_monitor(dbus_session: DbusSession, tmp_path: Path) -> Iterator[NotifyMonitor]:
    """Watches Notify calls; ready once the monitor is attached (its ``NameLost`` is logged)."""
    require_tools("dbus-monitor")
    log = tmp_path / "notify-monitor.log"
    with log.open("wb") as sink:
        process = _start(
            [
                "dbus-monitor",
                "--session",
                f"type='method_call',interface='{NOTIFICATIONS}',member='Notify'",
            ],
            dbus_session.env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    monitor = NotifyMonitor(log, process)
    try:
        wait_until(lambda: "member=NameLost" in monitor.text(), 10, "dbus-monitor to attach")
        yield monitor
    finally:
        _stop(process)


# --- Keyring ------------------------------------------------------------------------------------


def _start_keyring(bus: DbusSession, data_home: Path, password: str | None) -> dict[str, str]:
    """gnome-keyring-daemon's Secret Service on ``bus`` with its keyrings in ``data_home``;
    unlocked with ``password`` when one is given (the login keyring is created with it).

    Without a password the keyring stays locked and every access opens an unlock prompt on
    the display, waiting for a user: no fixture offers that state.
    """
    require_tools("gnome-keyring-daemon")
    stop_name_owner(bus, SECRETS)  # a daemon left by an earlier test, or one D-Bus activated
    env = {**bus.env, "XDG_DATA_HOME": str(data_home)}
    args = ["gnome-keyring-daemon", "--components=secrets", "--daemonize"]
    args.insert(1, "--unlock" if password is not None else "--start")
    subprocess.run(
        args, env=env, input=(password or "").encode(), capture_output=True, check=True, timeout=20
    )
    wait_until(lambda: bus.has_owner(SECRETS), 10, f"gnome-keyring to own {SECRETS}")
    return {**bus.env, "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND}


@pytest.fixture
def unlocked_keyring(dbus_session: DbusSession, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A fresh, unlocked Secret Service keyring; yields the env that selects it for keyring."""
    env = _start_keyring(dbus_session, tmp_path / "keyring-data", secrets.token_urlsafe(16))
    try:
        yield env
    finally:
        stop_name_owner(dbus_session, SECRETS)


# --- Starting the app ---------------------------------------------------------------------------


def app_env(
    itfriend_home: Path,
    *,
    display: str | None = None,
    bus: DbusSession | None = None,
    keyring_env: Mapping[str, str] | None = None,
    **extra: str,
) -> dict[str, str]:
    """The environment for starting ``itfriend`` as a subprocess on the private desktop.

    The machine's own DISPLAY, bus and keyring never leak in: without ``display`` Qt runs
    offscreen, without ``bus`` there is no session bus at all.
    """
    env = _private_base_env()
    if bus is not None:
        env.update(bus.env)
    if keyring_env is not None:
        env.update(keyring_env)
    if display is not None:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env.pop("DISPLAY", None)
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["ITFRIEND_HOME"] = str(itfriend_home)
    env.update(extra)
    return env
