"""A database found damaged at start: the tray says so, refuses writes, and offers to restore
the newest good backup or to go on read-only (offscreen; the real tray is in tests/e2e)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.backups import backup_database
from itfriend.core.dbfile import check_integrity
from itfriend.core.errors import StorageError
from itfriend.core.paths import AppPaths
from itfriend.core.services import open_services
from itfriend.ui.shell.app import ItfriendApp
from tests.core.test_database_files import damage
from tests.ui.shell.test_tray import menu_texts, qapp_instance


def _damaged_home(home: Path, *, with_backup: bool) -> AppPaths:
    paths = AppPaths(home, home, home / "logs").ensure()
    services = open_services(paths)
    for number in range(2000):
        services.people.add(f"Person {number}", email=f"p{number}@example.org")
    services.close()
    if with_backup:
        backup_database(paths.database, paths.backups, "manual")
    damage(paths.database)
    return paths


@pytest.mark.qt_log_ignore(
    "systemTrayWindowChanged", "does not support raise", "propagateSizeHints"
)
def test_a_damaged_database_is_told_and_restored_from_the_tray(
    qtbot: QtBot, itfriend_home: Path
) -> None:
    paths = _damaged_home(itfriend_home, with_backup=True)
    app = ItfriendApp(qapp_instance(), paths)
    app.has_tray = True
    try:
        with qtbot.waitSignal(app.ready, timeout=10_000):
            app.start([])
        assert app.damaged is not None and app.store is not None
        texts = menu_texts(app.tray)
        restore = next(t for t in texts if t.startswith("Restore the backup of "))
        assert "Go on read-only (the database is damaged)" in texts
        # Until the technician chooses, the tray writes nothing.
        with pytest.raises(StorageError, match="is damaged"):
            app.store.record_shown(datetime.now(UTC), state={"seen": "yes"})

        app.navigator.open("people")  # a window on the damaged file: it goes with the restore
        qtbot.waitUntil(lambda: "people" in app.windows.open_keys(), timeout=10_000)
        assert app.services is not None and app.services.db.write_refusal is not None
        actions = {a.text(): a for a in app.tray.menu.actions()}
        with qtbot.waitSignal(app.damaged.restored, timeout=10_000):
            actions[restore].trigger()
        assert app.windows.open_keys() == [] and app.services is None
        assert check_integrity(paths.database) == []
        assert not any(t.startswith("Restore the backup") for t in menu_texts(app.tray))
        app.store.record_shown(datetime.now(UTC), state={"seen": "yes"})
        assert app.store.state("seen") == "yes"
    finally:
        app.shutdown()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_going_on_read_only_keeps_refusing_writes(qtbot: QtBot, itfriend_home: Path) -> None:
    paths = _damaged_home(itfriend_home, with_backup=False)
    app = ItfriendApp(qapp_instance(), paths)
    app.has_tray = True
    try:
        with qtbot.waitSignal(app.ready, timeout=10_000):
            app.start([])
        assert app.damaged is not None and app.store is not None
        texts = menu_texts(app.tray)
        assert not any(t.startswith("Restore") for t in texts)  # no backup to offer
        actions = {a.text(): a for a in app.tray.menu.actions()}
        with qtbot.waitSignal(app.damaged.read_only_chosen, timeout=5_000):
            actions["Go on read-only (the database is damaged)"].trigger()
        assert "Go on read-only (the database is damaged)" not in menu_texts(app.tray)
        with pytest.raises(StorageError, match="is damaged"):
            app.store.record_shown(datetime.now(UTC), state={"seen": "yes"})
    finally:
        app.shutdown()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_the_tray_backs_up_the_database_without_loading_the_database_layer(
    qtbot: QtBot, itfriend_home: Path
) -> None:
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    services = open_services(paths)
    services.people.add("Ann Archer")
    services.close()
    app = ItfriendApp(qapp_instance(), paths)
    app.has_tray = True
    try:
        with qtbot.waitSignal(app.ready, timeout=10_000):
            app.start([])
        assert app.backup is not None
        assert "Back up the database" in menu_texts(app.tray)
        actions = {a.text(): a for a in app.tray.menu.actions()}
        with qtbot.waitSignal(app.backup.finished, timeout=10_000) as told:
            actions["Back up the database"].trigger()
        (copy,) = paths.backups.glob("itfriend-*-manual.sqlite")
        assert told.args == [f"The database was backed up to {copy}."]
        assert check_integrity(copy) == []
        assert app.services is None  # done with sqlite3 alone
    finally:
        app.shutdown()


@pytest.mark.qt_log_ignore(
    "systemTrayWindowChanged", "does not support raise", "propagateSizeHints"
)
@pytest.mark.parametrize("with_backup", [True, False])
def test_without_a_tray_the_message_box_offers_the_choices(
    qtbot: QtBot, itfriend_home: Path, with_backup: bool
) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    paths = _damaged_home(itfriend_home, with_backup=with_backup)
    app = ItfriendApp(qapp_instance(), paths)
    app.has_tray = False
    try:
        with qtbot.waitSignal(app.ready, timeout=10_000):
            app.start([])
        assert app.damaged is not None and app.store is not None
        box = app.damaged._box
        assert isinstance(box, QMessageBox) and "is damaged" in box.text()
        buttons = {b.objectName(): b for b in box.findChildren(QPushButton) if b.objectName()}
        if not with_backup:
            assert "restore" not in buttons
            with qtbot.waitSignal(app.damaged.read_only_chosen, timeout=5_000):
                buttons["read_only"].click()
            assert not app.damaged.pending
            return
        assert buttons["restore"].text().startswith("Restore the backup of ")
        with qtbot.waitSignal(app.damaged.restored, timeout=10_000):
            buttons["restore"].click()
        assert check_integrity(paths.database) == []
        app.store.record_shown(datetime.now(UTC), state={"seen": "yes"})
        assert app.store.state("seen") == "yes"
    finally:
        app.shutdown()
