"""The real-desktop fixtures themselves: each starts what it promises."""

from __future__ import annotations

import subprocess

import pytest

from tests.desktop import DbusSession, NotificationDaemon, NotifyMonitor, TrayHost

pytestmark = pytest.mark.desktop


def test_x_display_answers(x_display: str) -> None:
    result = subprocess.run(
        ["xwininfo", "-display", x_display, "-root"], capture_output=True, text=True, check=True
    )
    assert "1280" in result.stdout


def test_tray_host_has_no_icons_yet(tray_host: TrayHost) -> None:
    assert tray_host.window_id.startswith("0x")
    assert tray_host.icons() == []


def test_private_bus_is_private(dbus_session: DbusSession) -> None:
    runtime = dbus_session.env["XDG_RUNTIME_DIR"]
    assert dbus_session.address.startswith(f"unix:path={runtime}/")
    assert oct(__import__("os").stat(runtime).st_mode & 0o777) == "0o700"
    assert dbus_session.env["HOME"].startswith(str(dbus_session.root))


def test_notify_send_reaches_monitor(
    notification_daemon: NotificationDaemon, notify_monitor: NotifyMonitor
) -> None:
    subprocess.run(
        ["notify-send", "Fixture check", "dunst is listening"],
        env=notification_daemon.bus.env,
        check=True,
        timeout=10,
    )
    log = notify_monitor.wait_for("dunst is listening")
    assert 'string "Fixture check"' in log


def test_unlocked_keyring_round_trip(unlocked_keyring: dict[str, str]) -> None:
    code = (
        "import keyring; keyring.set_password('itfriend-test', 'k', 'v1');"
        "print(keyring.get_password('itfriend-test', 'k'))"
    )
    result = subprocess.run(
        ["python", "-c", code], env=unlocked_keyring, capture_output=True, text=True, timeout=30
    )
    assert result.stdout.strip() == "v1", result.stderr
