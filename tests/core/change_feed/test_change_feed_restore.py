"""A restore replaces the database, log and all: the restored log's ids may repeat ids a
reader has already seen, so the feed must tell every reader to reload (the hostile review's
case: after a restore and two adds, ``changes_since`` returned nothing while rows 2 and 3 had
become other people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from itfriend.core import backups
from itfriend.core.change_feed import ReloadAll, SqliteChangeFeed
from itfriend.core.paths import AppPaths
from itfriend.core.restore import restore_database
from itfriend.core.services import Services, open_services


def _open(home: Path) -> Services:
    return open_services(AppPaths(home, home, home / "logs"))


def _add(home: Path, *names: str) -> None:
    services = _open(home)
    try:
        for name in names:
            services.people.add(name)
    finally:
        services.close()


def test_a_reader_before_a_restore_is_told_to_reload_even_once_the_log_grew_back(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    _add(home, "Ann")
    paths = AppPaths(home, home, home / "logs")
    copy = tmp_path / "copy.sqlite"
    backups.copy_database(paths.database, copy)
    _add(home, "Bob", "Cy")
    feed = SqliteChangeFeed(paths.database)
    cursor = feed.latest_id()

    restore_database(paths.database, copy, paths.backups)
    _add(home, "Dee", "Eve")  # the restored log's ids climb past the reader's cursor again

    with pytest.raises(ReloadAll) as told:
        feed.changes_since(cursor)
    assert told.value.latest_id == feed.latest_id()
    # After reloading, the reader goes on from there as usual.
    assert feed.changes_since(told.value.latest_id) == []
    _add(home, "Fay")
    assert [c.table for c in feed.changes_since(told.value.latest_id)] == ["people"]


def test_a_reader_that_starts_after_the_restore_is_not_told_to_reload(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(home, "Ann")
    paths = AppPaths(home, home, home / "logs")
    copy = tmp_path / "copy.sqlite"
    backups.copy_database(paths.database, copy)
    restore_database(paths.database, copy, paths.backups)
    feed = SqliteChangeFeed(paths.database)
    cursor = feed.latest_id()
    _add(home, "Bob")
    assert [(c.table, c.kind) for c in feed.changes_since(cursor)] == [("people", "insert")]
