"""The running app follows the change feed: a write from another process (here another connection
in this one) reaches the due summary, the reminder timer and the windows' signals, woken by the
database files' watch or by the CLI's "changed" message over the real instance socket."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from itfriend.core.change_feed import Change, ChangeKind, SqliteChangeFeed
from itfriend.core.change_feed.changed_rows import ChangedRows
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services
from itfriend.platform.instance.client import server_name
from itfriend.platform.instance.server import InstanceServer
from itfriend.platform.instance.wake import wake_running_app
from itfriend.ui.common.events import DataEvents
from itfriend.ui.shell.app import ItfriendApp
from itfriend.ui.shell.change_routing import ChangeRouter

# Offscreen Qt has no tray to watch.
OFFSCREEN_TRAY = pytest.mark.qt_log_ignore("systemTrayWindowChanged")


@contextlib.contextmanager
def running_app(qtbot: QtBot, itfriend_home: Path, services: Services) -> Iterator[ItfriendApp]:
    # Any hour of any day may remind, so the test does not depend on when it runs.
    services.settings.update(
        {"quiet.start": "00:00", "quiet.end": "00:00", "work.days": "mon,tue,wed,thu,fri,sat,sun"}
    )
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs")
    running = ItfriendApp(qapp, paths, InstanceServer(server_name(str(itfriend_home))))
    running.has_tray = True
    with qtbot.waitSignal(running.summary_changed, timeout=10_000):
        running.start([])
    watcher = running.change_watcher
    assert watcher is not None
    qtbot.waitUntil(lambda: watcher.last_id is not None and not watcher.busy, timeout=5_000)
    try:
        yield running
    finally:
        running.shutdown()


@OFFSCREEN_TRAY
def test_a_follow_up_written_elsewhere_shows_on_the_tray_and_re_arms_the_timer(
    qtbot: QtBot, itfriend_home: Path, services: Services
) -> None:
    with running_app(qtbot, itfriend_home, services) as app:
        _follow_up_shows_and_re_arms(qtbot, app, services)


def _follow_up_shows_and_re_arms(qtbot: QtBot, app: ItfriendApp, services: Services) -> None:
    assert app.tray.icon.toolTip() == "itfriend: nothing due"
    timer = app.reminder_timer
    assert timer is not None
    ann = services.people.add("Ann Example")
    now = datetime.now(UTC)
    with qtbot.waitSignal(
        app.summary_changed, timeout=5_000, check_params_cb=lambda s: s.follow_ups_due == 1
    ):
        services.follow_ups.add(ann.id, now - timedelta(minutes=5), "printer fixed?")
    assert app.tray.icon.toolTip().startswith("itfriend: 1 follow-up due")

    # The timer wakes at least every ten minutes (RESYNC_MS): these are sooner than that.
    later = services.follow_ups.add(ann.id, now + timedelta(minutes=8), "check the backup")
    qtbot.waitUntil(lambda: 0 < timer.remaining_ms <= 8 * 60_000, timeout=5_000)
    services.follow_ups.snooze(later.id, now + timedelta(minutes=3))
    qtbot.waitUntil(lambda: 0 < timer.remaining_ms <= 3 * 60_000, timeout=5_000)


@OFFSCREEN_TRAY
def test_the_clis_changed_message_wakes_the_app_without_the_file_watch(
    qtbot: QtBot,
    services: Services,
    itfriend_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(SqliteChangeFeed, "wake_paths", lambda _feed: [])
    with running_app(qtbot, itfriend_home, services) as app:
        assert app.change_watcher is not None and app.change_watcher.watched_files() == []
        assert app.events is not None
        services.people.add("Ann Example")
        answered: list[bool] = []
        # The CLI's own client, from another thread: it waits for the app's answer.
        sender = threading.Thread(target=lambda: answered.append(wake_running_app(itfriend_home)))
        with qtbot.waitSignal(app.events.people_changed, timeout=5_000):
            sender.start()
        sender.join()
        assert answered == [True]
        assert app.change_watcher.last_id is not None and app.change_watcher.last_id > 0


def _change(number: int, table: str, row_id: int | None) -> Change:
    return Change(number, table, row_id, ChangeKind.UPDATE, datetime.now(UTC), None)


def test_changes_emit_each_tables_signal_once_naming_the_rows(qtbot: QtBot) -> None:
    events = DataEvents()
    seen: list[tuple[str, ChangedRows | None]] = []
    every = (
        "people_changed",
        "contacts_changed",
        "follow_ups_changed",
        "schedule_changed",
        "groups_changed",
        "templates_changed",
    )
    for name in every:
        getattr(events, name).connect(lambda name=name: seen.append((name, events.feed_rows)))
    router = ChangeRouter(events)
    router.route([_change(1, "people", 4), _change(2, "interactions", 9), _change(3, "people", 5)])
    assert [name for name, _rows in seen] == ["people_changed", "contacts_changed"]
    rows = seen[0][1]
    assert rows is not None and rows.rows_of("people") == {4, 5}
    assert rows.rows_of("follow_ups") == frozenset() and events.feed_rows is None

    seen.clear()
    router.route([_change(4, "people", None), _change(5, "app_state", None)])
    assert [name for name, _rows in seen] == ["people_changed"]
    assert seen[0][1] is not None and seen[0][1].rows_of("people") is None  # reload them all

    seen.clear()
    router.reload_everything()
    assert {name for name, _rows in seen} == set(every)
    assert all(rows is not None and rows.everything for _name, rows in seen)
