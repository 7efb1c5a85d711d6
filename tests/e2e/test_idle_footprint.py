"""The running tray holds no database layer until a window needs it (issue 8: idle memory).

Run in a child process, because this test process has long imported SQLAlchemy itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from itfriend.core.paths import app_paths
from itfriend.core.services import open_services

# Starts the real app offscreen on a fresh home with a follow-up due, waits until it is ready
# (database created by its child, due summary and reminders worked out), reports which heavy
# libraries are loaded; then opens the People window and reports again.
CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from itfriend.core.paths import app_paths
from itfriend.ui.shell.app import ItfriendApp

HEAVY = ("sqlalchemy", "alembic", "jinja2", "rapidfuzz", "vaderSentiment", "textstat", "Xlib")
report = {}

def loaded():
    return sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY})

qapp = QApplication(["itfriend"])
app = ItfriendApp(qapp, app_paths().ensure())
app.has_tray = True

def ready():
    def summarised(summary):
        report["summary"] = summary.tooltip()
        report["idle"] = loaded()
        report["hotkey"] = app.picker is not None and app.picker.hotkey.active
        app.summary_changed.disconnect(summarised)
        app.services_loaded.connect(opened)
        app.navigator.open("people")
    app.summary_changed.connect(summarised)

def opened():
    report["after_window"] = loaded()
    print(json.dumps(report))
    app.quit()

app.ready.connect(ready)
QTimer.singleShot(60_000, qapp.quit)
app.start([])
qapp.exec()
"""


def test_the_idle_tray_loads_no_database_layer_until_a_window_opens(itfriend_home: Path) -> None:
    services = open_services(app_paths())
    jane = services.people.add("Jane Doe", department="Finance")
    services.follow_ups.add(jane.id, datetime.now(UTC) - timedelta(hours=1), "laptop working?")
    services.settings.set("notifications.enabled", False)  # nothing to show on any desktop
    services.close()

    report = _run_app(_env(itfriend_home))
    assert report["summary"] == "itfriend: 1 follow-up due"
    assert report["idle"] == []
    assert "sqlalchemy" in report["after_window"]


@pytest.mark.desktop
def test_on_x_from_a_new_home_with_its_hotkey_grabbed(itfriend_home: Path, x_display: str) -> None:
    """The first start on a real X server: the database is created by the 'db upgrade' child,
    the global hotkey is grabbed, and still nothing heavy is loaded in the tray."""
    assert not (itfriend_home / "itfriend.sqlite").exists()
    report = _run_app(_env(itfriend_home, display=x_display))
    assert (itfriend_home / "itfriend.sqlite").exists()
    assert report["summary"] == "itfriend: nothing due"
    assert report["hotkey"] is True
    assert report["idle"] == []


def _run_app(env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def _env(home: Path, display: str | None = None) -> dict[str, str]:
    """Offscreen or on ``display``, with no session bus: the child reaches nothing else."""
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_SESSION_TYPE")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["ITFRIEND_HOME"] = str(home)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
    return env
