"""The real app on a real X server with a real tray host: the icon is embedded, a second start
hands over to the first, and quitting ends it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from itfriend.core.services import open_services
from tests.desktop import TrayHost, app_env, wait_until

pytestmark = pytest.mark.desktop
REPO = Path(__file__).resolve().parents[2]


def windows_named(display: str, name: str) -> list[str]:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env={"DISPLAY": display},
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


def itfriend(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "itfriend", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_tray_icon_second_start_and_quit(tray_host: TrayHost, itfriend_home: Path) -> None:
    services = open_services()
    services.people.add("Jane Doe", department="Finance", email="jane@example.org")
    services.close()
    env = app_env(itfriend_home, display=tray_host.display)
    assert tray_host.icons() == []

    first = itfriend(env)
    try:
        wait_until(lambda: tray_host.icons() or None, 20, "the itfriend icon in the tray")
        assert first.poll() is None

        second = itfriend(env, "show")
        assert second.wait(timeout=20) == 0, second.stderr.read() if second.stderr else ""
        wait_until(
            lambda: windows_named(tray_host.display, "People — itfriend") or None,
            20,
            "the People window of the first instance",
        )
        assert first.poll() is None  # the first one is still the only itfriend

        quitting = itfriend(env, "quit")
        assert quitting.wait(timeout=20) == 0
        assert first.wait(timeout=20) == 0
        wait_until(lambda: tray_host.icons() == [] or None, 10, "the icon leaving the tray")
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    log = (itfriend_home / "logs" / "itfriend.log").read_text()
    # The short form hands over the request it stands for.
    assert "handed ['open', 'people'] to the running itfriend" in log


def test_without_a_tray_host_the_window_opens_instead(x_display: str, itfriend_home: Path) -> None:
    env = app_env(itfriend_home, display=x_display)
    app = itfriend(env)
    try:
        wait_until(
            lambda: windows_named(x_display, "no system tray found") or None,
            20,
            "the People window shown instead of a tray icon",
        )
        assert app.poll() is None
    finally:
        app.terminate()
        assert app.wait(timeout=20) == 0  # SIGTERM quits cleanly
    assert app.stderr is not None and b"No system tray was found" in app.stderr.read()


def test_without_a_tray_host_open_window_starts_at_that_window(
    x_display: str, itfriend_home: Path
) -> None:
    env = app_env(itfriend_home, display=x_display)
    app = itfriend(env, "open", "settings")
    try:
        [shown] = wait_until(
            lambda: windows_named(x_display, "no system tray found") or None,
            20,
            "the Settings dialog shown instead of a tray icon",
        )
        title = subprocess.run(
            ["xdotool", "getwindowname", shown],
            env={"DISPLAY": x_display},
            capture_output=True,
            text=True,
        ).stdout.strip()
        # As the X server has it: Qt adds " — itfriend" only to a title not ending with it.
        assert title == "Settings (no system tray found) — itfriend"
        assert windows_named(x_display, "People") == []
        assert app.poll() is None
    finally:
        app.terminate()
        assert app.wait(timeout=20) == 0
