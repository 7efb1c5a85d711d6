"""The tray's change watcher: woken by the database files' watch or the "changed" socket message,
it reads the change feed off the GUI thread, once per burst, and says when to reload all."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from itfriend.core.change_feed import Change, ChangeKind, SqliteChangeFeed
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.shell.change_watcher import COALESCE_MS, ChangeWatcher


class CountingFeed(SqliteChangeFeed):
    """The real feed, counting its reads."""

    def __init__(self, database: Path) -> None:
        super().__init__(database)
        self.reads = 0

    def changes_since(self, last_id: int, limit: int = 1000) -> list[Change]:
        self.reads += 1
        return super().changes_since(last_id, limit)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """The watchers' pool and parent: deleted here, on the GUI thread, with the watchers (their
    file watch must not be let go by a garbage collection on a pool thread)."""
    tasks = TaskRunner()
    yield tasks
    tasks.close()
    shiboken6.delete(tasks)


def started(qtbot: QtBot, feed: SqliteChangeFeed, runner: TaskRunner) -> ChangeWatcher:
    watcher = ChangeWatcher(feed, runner, parent=runner)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.last_id is not None and not watcher.busy, timeout=5_000)
    return watcher


def test_a_write_from_another_connection_wakes_it_through_the_file_watch(
    qtbot: QtBot, services: Services, runner: TaskRunner
) -> None:
    watcher = started(qtbot, SqliteChangeFeed(services.paths.database), runner)
    try:
        with qtbot.waitSignal(watcher.changes_read, timeout=5_000) as read:
            ann = services.people.add("Ann Example")
        [change] = read.args[0]
        assert (change.table, change.row_id, change.kind) == ("people", ann.id, ChangeKind.INSERT)
        assert watcher.last_id == change.id
        with qtbot.waitSignal(watcher.changes_read, timeout=5_000) as read:
            services.people.edit(ann.id, department="Finance")
        assert [(c.row_id, c.kind) for c in read.args[0]] == [(ann.id, ChangeKind.UPDATE)]
    finally:
        watcher.stop()


def test_the_wal_file_made_after_the_start_is_watched_too(
    qtbot: QtBot, itfriend_home: Path, runner: TaskRunner
) -> None:
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    open_services(paths).close()  # the last connection to close takes the -wal away
    wal = Path(f"{paths.database}-wal")
    assert not wal.exists()
    watcher = ChangeWatcher(SqliteChangeFeed(paths.database), runner, parent=runner)
    watcher.start()
    try:
        assert watcher.watched_files() == [paths.database]
        # Reading needs a -wal: the start's read made one, and it is watched from then on.
        qtbot.waitUntil(lambda: wal in watcher.watched_files(), timeout=5_000)
        qtbot.waitUntil(lambda: watcher.last_id is not None and not watcher.busy, timeout=5_000)
        with contextlib.closing(
            sqlite3.connect(paths.database)
        ) as writer:  # a writer that tells nobody
            with qtbot.waitSignal(watcher.changes_read, timeout=5_000):
                writer.execute(
                    "INSERT INTO changes (table_name, row_id, kind, at) VALUES "
                    "('people', 7, 'update', '2026-03-04 09:00:00.000000')"
                )
                writer.commit()
            with qtbot.waitSignal(watcher.changes_read, timeout=5_000) as read:
                writer.execute(
                    "INSERT INTO changes (table_name, row_id, kind, at) VALUES "
                    "('people', 8, 'update', '2026-03-04 09:00:01.000000')"
                )
                writer.commit()
        assert [c.row_id for c in read.args[0]] == [8]
    finally:
        watcher.stop()


def test_a_wake_up_reads_what_was_written_unwatched(
    qtbot: QtBot, services: Services, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket's "changed" message calls ``wake``: with no file watched, it alone reads."""
    monkeypatch.setattr(SqliteChangeFeed, "wake_paths", lambda _feed: [])
    watcher = started(qtbot, SqliteChangeFeed(services.paths.database), runner)
    try:
        assert watcher.watched_files() == []
        ann = services.people.add("Ann Example")
        with qtbot.waitSignal(watcher.changes_read, timeout=5_000) as read:
            watcher.wake()
        assert [c.row_id for c in read.args[0]] == [ann.id]
    finally:
        watcher.stop()


def test_a_burst_of_wake_ups_and_writes_is_read_once(
    qtbot: QtBot, services: Services, runner: TaskRunner
) -> None:
    feed = CountingFeed(services.paths.database)
    watcher = started(qtbot, feed, runner)
    arrived: list[list[Change]] = []
    watcher.changes_read.connect(arrived.append)
    try:
        for number in range(3):  # three commits, their file events handled together
            services.people.add(f"Person {number}")
        for _ in range(5):
            watcher.wake()
        qtbot.waitUntil(lambda: bool(arrived) and not watcher.busy, timeout=5_000)
        assert feed.reads == 1 and [len(batch) for batch in arrived] == [3]
        # Nothing is left to wake it: reading the feed did not touch the watched files. (An
        # absence can only be waited for: a few coalescing intervals.)
        qtbot.wait(COALESCE_MS * 5)
        assert feed.reads == 1 and not watcher.busy
    finally:
        watcher.stop()


def test_a_cursor_outside_the_log_asks_for_everything_to_be_reloaded(
    qtbot: QtBot, services: Services, runner: TaskRunner
) -> None:
    services.people.add("Ann Example")
    feed = SqliteChangeFeed(services.paths.database)
    watcher = started(qtbot, feed, runner)
    try:
        latest = feed.latest_id()
        watcher.last_id = latest + 50  # as after restoring an older backup
        with qtbot.waitSignal(watcher.reload_all, timeout=5_000):
            watcher.wake()
        assert watcher.last_id == latest
        with qtbot.waitSignal(watcher.changes_read, timeout=5_000) as read:
            bob = services.people.add("Bob Builder")
        assert [c.row_id for c in read.args[0]] == [bob.id]  # and it goes on from there
    finally:
        watcher.stop()


def test_a_database_replaced_by_an_older_copy_is_watched_again_and_reloads_all(
    qtbot: QtBot, itfriend_home: Path, runner: TaskRunner
) -> None:
    """As a restore of a backup does: the file is replaced by a rename, its log is older."""
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    services = open_services(paths)
    services.people.add("Ann Example")
    backup = itfriend_home / "backup.sqlite"
    with (
        contextlib.closing(sqlite3.connect(paths.database)) as source,
        contextlib.closing(sqlite3.connect(backup)) as copy,
    ):
        source.backup(copy)
    services.people.add("Bob Builder")
    services.close()
    assert not Path(f"{paths.database}-wal").exists()  # all in the file that is replaced
    watcher = started(qtbot, SqliteChangeFeed(paths.database), runner)
    try:
        with qtbot.waitSignal(watcher.reload_all, timeout=5_000):
            backup.replace(paths.database)
        assert watcher.last_id == SqliteChangeFeed(paths.database).latest_id()
        qtbot.waitUntil(lambda: paths.database in watcher.watched_files(), timeout=5_000)
        with (
            contextlib.closing(sqlite3.connect(paths.database)) as writer,
            qtbot.waitSignal(watcher.changes_read, timeout=5_000) as read,
        ):
            writer.execute(
                "INSERT INTO changes (table_name, row_id, kind, at) VALUES "
                "('people', 9, 'update', '2026-03-04 09:00:00.000000')"
            )
            writer.commit()
        assert [c.row_id for c in read.args[0]] == [9]
    finally:
        watcher.stop()
