"""``SqliteChangeFeed``: reading the log from a cursor, cheaply, and saying when to reload."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from itfriend.core.change_feed import ChangeKind, ReloadAll, SqliteChangeFeed, log_sql
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services
from tests.mounts import remount, tmpfs


def test_a_reader_follows_the_log_from_its_cursor(services: Services) -> None:
    feed = SqliteChangeFeed(services.paths.database)
    cursor = feed.latest_id()
    assert feed.changes_since(cursor) == []
    ann = services.people.add("Ann Example")
    bob = services.people.add("Bob Builder")
    first, second = feed.changes_since(cursor)
    assert (first.table, first.row_id, first.kind) == ("people", ann.id, ChangeKind.INSERT)
    assert second.row_id == bob.id and second.id == feed.latest_id()
    assert feed.changes_since(cursor, limit=1) == [first]
    assert feed.changes_since(second.id) == []


def test_a_missing_file_or_log_reads_as_empty(tmp_path: Path) -> None:
    feed = SqliteChangeFeed(tmp_path / "none.sqlite")
    assert feed.latest_id() == 0 and feed.changes_since(0) == []
    sqlite3.connect(tmp_path / "old.sqlite").execute("CREATE TABLE people (id INTEGER)").close()
    assert SqliteChangeFeed(tmp_path / "old.sqlite").changes_since(0) == []


def test_a_reader_behind_the_pruned_log_is_told_to_reload(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_sql, "KEEP_NEWEST", 3)
    feed = SqliteChangeFeed(services.paths.database)
    cursor = feed.latest_id()
    for n in range(6):
        services.people.add(f"Person {n}")
    latest = feed.latest_id()
    with sqlite3.connect(services.paths.database) as conn:
        kept = [row[0] for row in conn.execute("SELECT id FROM changes ORDER BY id")]
    assert kept == [latest - 2, latest - 1, latest]  # the newest KEEP_NEWEST
    with pytest.raises(ReloadAll) as told:
        feed.changes_since(cursor)
    assert told.value.latest_id == latest
    assert len(feed.changes_since(latest - 3)) == 3  # just inside: nothing was lost to it
    with pytest.raises(ReloadAll):
        feed.changes_since(latest - 4)


def test_a_reader_ahead_of_the_log_is_told_to_reload(services: Services) -> None:
    """A backup restored over the file takes the log back: the reader's cursor is past it."""
    services.people.add("Ann Example")
    feed = SqliteChangeFeed(services.paths.database)
    with pytest.raises(ReloadAll):
        feed.changes_since(feed.latest_id() + 5)


def test_the_reader_loads_no_sqlalchemy_and_opens_the_file_read_only(services: Services) -> None:
    services.people.add("Ann Example")
    code = (
        "import sys; from pathlib import Path\n"
        "from itfriend.core.change_feed import SqliteChangeFeed\n"
        f"feed = SqliteChangeFeed(Path({str(services.paths.database)!r}))\n"
        "assert feed.changes_since(0)[-1].table == 'people'\n"
        "bad = [m for m in sys.modules if m.startswith(('sqlalchemy', 'PySide6'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_feed_reads_a_read_only_folder(tmp_path: Path) -> None:
    """Where SQLite cannot set up its -shm index, the feed still reads (it never writes)."""
    with tmpfs(tmp_path / "disk") as folder:
        paths = AppPaths(folder, folder, folder / "logs")
        services = open_services(paths)
        services.people.add("Ann Archer")
        services.close()
        feed = SqliteChangeFeed(paths.database)
        remount(folder, "ro")
        try:
            (newest,) = feed.changes_since(feed.latest_id() - 1)
            assert (newest.table, newest.kind) == ("people", ChangeKind.INSERT)
        finally:
            remount(folder, "rw")
