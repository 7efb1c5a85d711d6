"""A real reminder end to end: itfriend, started with an overdue follow-up in its data folder,
sends a Notify call naming the person to the real notification daemon on a private D-Bus."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from itfriend.core.services import open_services
from tests.desktop import DbusSession, NotificationDaemon, NotifyMonitor, TrayHost, app_env

pytestmark = pytest.mark.desktop
REPO = Path(__file__).resolve().parents[2]


def test_an_overdue_follow_up_is_notified_once_at_start(
    tray_host: TrayHost,
    dbus_session: DbusSession,
    notification_daemon: NotificationDaemon,
    notify_monitor: NotifyMonitor,
    itfriend_home: Path,
) -> None:
    services = open_services()
    # Any hour of any day is allowed, so the test does not depend on when it runs.
    services.settings.update(
        {"quiet.start": "00:00", "quiet.end": "00:00", "work.days": "mon,tue,wed,thu,fri,sat,sun"}
    )
    jane = services.people.add("Jane Doe", department="Finance", email="jane@example.org")
    services.interactions.log(
        jane.id,
        "in-person",
        "new laptop delivered",
        at=services.clock.now() - timedelta(days=3),
        follow_up_due=services.clock.now() - timedelta(days=1),
    )
    services.close()

    env = app_env(itfriend_home, display=tray_host.display, bus=dbus_session)
    app = subprocess.Popen(
        [sys.executable, "-m", "itfriend"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        log = notify_monitor.wait_for("Follow up with Jane Doe (Finance)", timeout=30)
        assert "new laptop delivered" in log
        assert '"done"' in log and '"Done"' in log  # the action buttons went with it
    finally:
        quitting = subprocess.run(
            [sys.executable, "-m", "itfriend", "quit"], cwd=REPO, env=env, timeout=30
        )
        assert quitting.returncode == 0
        assert app.wait(timeout=30) == 0
    # Shown once: the follow-up is remembered as notified, so a restart shows nothing again.
    services = open_services()
    try:
        [follow_up] = services.follow_ups.pending()
        assert follow_up.notified_at is not None
    finally:
        services.close()
