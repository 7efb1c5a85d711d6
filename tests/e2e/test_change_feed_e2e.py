"""The change feed on the real desktop (issue 14): writes from the CLI reach the running tray.

A follow-up snoozed from the CLI to the next minute is notified at that minute (the tray's
reminder timer was re-armed by the write, not at its next ten-minute resync), and a contact
logged from the CLI changes the tray's due summary within about a second of its commit. The
tray logs each new tooltip as it sets it (``due summary: ...``): that line is what is watched.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.change_feed_bench import overdue_tooltip, wait_for_summary
from itfriend.core.change_feed import SqliteChangeFeed
from itfriend.core.services import Services, open_services
from tests.desktop import DbusSession, NotificationDaemon, NotifyMonitor, TrayHost, app_env

pytestmark = pytest.mark.desktop
REPO = Path(__file__).resolve().parents[2]
# The CLI and the tray read "YYYY-MM-DD HH:MM" in this zone; UTC keeps the test's sums plain.
ZONE = "UTC"


def _prepare(itfriend_home: Path) -> Services:
    services = open_services()
    # Any hour of any day may remind, so the test does not depend on when it runs.
    services.settings.update(
        {"quiet.start": "00:00", "quiet.end": "00:00", "work.days": "mon,tue,wed,thu,fri,sat,sun"}
    )
    return services


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "itfriend", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@contextlib.contextmanager
def running_tray(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    app = subprocess.Popen(
        [sys.executable, "-m", "itfriend"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield app
    finally:
        _cli(env, "quit")
        assert app.wait(timeout=30) == 0


def test_a_follow_up_snoozed_from_the_cli_to_the_next_minute_is_notified_then(
    tray_host: TrayHost,
    dbus_session: DbusSession,
    notification_daemon: NotificationDaemon,
    notify_monitor: NotifyMonitor,
    itfriend_home: Path,
) -> None:
    services = _prepare(itfriend_home)
    jane = services.people.add("Jane Doe", department="Finance")
    follow_up = services.follow_ups.add(
        jane.id, datetime.now(UTC) + timedelta(days=2), "is the new dock working?"
    )
    services.close()
    env = app_env(itfriend_home, display=tray_host.display, bus=dbus_session, TZ=ZONE)
    log_file = itfriend_home / "logs" / "itfriend.log"
    with running_tray(env):
        wait_for_summary(log_file, "itfriend: nothing due", timeout=30)
        now = datetime.now(UTC)
        # The next minute, with time left to run the CLI before it.
        minute = (now + timedelta(seconds=15)).replace(second=0, microsecond=0)
        minute += timedelta(minutes=1)
        _cli(env, "follow-ups", "snooze", str(follow_up.id), "--until", f"{minute:%Y-%m-%d %H:%M}")
        assert "Follow up with Jane Doe" not in notify_monitor.text()

        wait = (minute - datetime.now(UTC)).total_seconds()
        notify_monitor.wait_for("Follow up with Jane Doe (Finance)", timeout=wait + 10)
        arrived = datetime.now(UTC)
        assert "is the new dock working?" in notify_monitor.text()
        assert minute <= arrived <= minute + timedelta(seconds=5), (minute, arrived)


def test_a_contact_logged_from_the_cli_shows_on_the_tray_within_a_second(
    tray_host: TrayHost, itfriend_home: Path
) -> None:
    services = _prepare(itfriend_home)
    services.settings.set("notifications.enabled", False)
    long_ago = services.clock.now() - timedelta(days=400)  # past any cadence: overdue
    people = [services.people.add(name) for name in ("Ann Example", "Bob Builder")]
    services.interactions.log_many([p.id for p in people], "email", "welcome", at=long_ago)
    services.close()
    env = app_env(itfriend_home, display=tray_host.display, TZ=ZONE)
    log_file = itfriend_home / "logs" / "itfriend.log"
    feed = SqliteChangeFeed(itfriend_home / "itfriend.sqlite")
    with running_tray(env):
        wait_for_summary(log_file, overdue_tooltip(2), timeout=30)
        before = feed.latest_id()
        started = time.monotonic()
        _cli(env, "log", "Ann Example", "--via", "phone", "--note", "printer sorted")
        shown = wait_for_summary(log_file, overdue_tooltip(1), timeout=10)
        seconds = time.monotonic() - started
        committed = feed.changes_since(before)[-1].at
        assert (shown - committed).total_seconds() <= 1.0, (committed, shown)
        assert seconds < 10  # the CLI's own start is most of it
