"""Backups and restores of damaged files: a restore works over a file too damaged to open, a
damaged database is never taken for a backup, and the newest good backup always survives."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from itfriend.core import backups, restore
from itfriend.core.dbfile import connect_reading
from itfriend.core.paths import AppPaths
from itfriend.core.safe_files import clear_interrupted_writes
from itfriend.core.services import open_services


def _home_with_people(home: Path, count: int) -> Path:
    services = open_services(AppPaths(home, home, home / "logs"))
    for number in range(count):
        services.people.add(f"Person {number}", email=f"p{number}@example.org")
    services.close()
    return home / "itfriend.sqlite"


def _count(database: Path) -> int:
    conn = connect_reading(database)  # reads on a full disk too
    try:
        return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
    finally:
        conn.close()


def _overwrite(database: Path, offset: int, size: int) -> None:
    with open(database, "r+b") as file:
        file.seek(offset)
        file.write(os.urandom(size))


@pytest.mark.parametrize("size", [100, 4096])
def test_a_restore_works_over_a_file_whose_header_is_destroyed(
    itfriend_home: Path, size: int
) -> None:
    database = _home_with_people(itfriend_home, 300)
    folder = itfriend_home / "backups"
    good = backups.backup_database(database, folder, "manual")
    _overwrite(database, 0, size)
    kept = restore.restore_database(database, good, folder)
    assert _count(database) == 300
    assert kept is not None and kept.name.endswith("-damaged.sqlite")
    for _ in range(backups.KEEP_DAMAGED + 3):  # more failures of the same kind stay bounded
        _overwrite(database, 0, size)
        restore.restore_database(database, good, folder)
    assert _count(database) == 300
    damaged = list(folder.glob("*-damaged.sqlite"))
    assert len(damaged) == backups.KEEP_DAMAGED
    assert good.exists()


def test_a_damaged_database_makes_no_backup_and_the_good_one_stays(itfriend_home: Path) -> None:
    database = _home_with_people(itfriend_home, 2000)
    folder = itfriend_home / "backups"
    good = backups.backup_database(database, folder, "manual")
    _overwrite(database, 4096 * 3, 4096 * 2)
    for _ in range(backups.KEEP_BACKUPS):
        with pytest.raises(backups.DamagedDatabaseError, match=r"is damaged .*no copy was made"):
            backups.backup_database(database, folder, "manual")
    assert backups.list_backups(folder) == [good]
    assert backups.latest_good_backup(folder) == good


def test_pruning_never_removes_the_newest_good_backup(itfriend_home: Path) -> None:
    database = _home_with_people(itfriend_home, 50)
    folder = itfriend_home / "backups"
    good = backups.backup_database(database, folder, "manual")
    bad = itfriend_home / "bad.sqlite"
    bad.write_bytes(b"not a database" * 400)
    for number in range(backups.KEEP_BACKUPS + 2):  # e.g. copies made by an older itfriend
        shutil.copy(bad, folder / f"itfriend-29990101-000000-{number:06d}-manual.sqlite")
    backups.prune_backups(folder)
    assert good.exists()
    assert len(backups.list_backups(folder)) == backups.KEEP_BACKUPS + 1


def test_a_killed_copy_leaves_a_temporary_that_the_next_start_removes(
    itfriend_home: Path, tmp_path: Path
) -> None:
    database = _home_with_people(itfriend_home, 50)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    child = os.fork()
    if child == 0:  # the copy is killed once SQLite has written its temporary
        try:
            backups._copy_into = lambda source, temporary: os._exit(9)  # type: ignore[assignment]
            backups.copy_database(database, elsewhere / "copy.sqlite")
        finally:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9
    left = list(elsewhere.iterdir())
    assert len(left) == 1 and left[0].name.endswith(".tmp")
    assert clear_interrupted_writes(itfriend_home) == left
    assert list(elsewhere.iterdir()) == []


def test_a_copy_with_another_page_size_is_restored(itfriend_home: Path) -> None:
    database = _home_with_people(itfriend_home, 200)
    copy = backups.copy_database(database, itfriend_home / "copy.sqlite")
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA page_size=1024")
    conn.execute("VACUUM")
    conn.close()
    services = open_services(AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"))
    services.people.add("Only in the live file")
    services.close()
    kept = restore.restore_database(database, copy, itfriend_home / "backups")
    assert _count(database) == 200
    assert kept is not None and _count(kept) == 201
    services = open_services(AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"))
    services.people.add("After the restore")
    services.close()
    assert _count(database) == 201


def test_a_failed_restore_leaves_no_backup_behind(
    itfriend_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _home_with_people(itfriend_home, 20)
    copy = backups.copy_database(database, itfriend_home / "copy.sqlite")

    def refuse(database: Path, source: Path) -> None:
        raise backups.StorageError("the disk is full: the database was not restored")

    monkeypatch.setattr(restore, "_restore_into", refuse)
    with pytest.raises(backups.StorageError, match="disk is full"):
        restore.restore_database(database, copy, itfriend_home / "backups")
    assert backups.list_backups(itfriend_home / "backups") == []


def test_a_restore_on_a_full_disk_says_the_disk_is_full_not_damaged(tmp_path: Path) -> None:
    from tests.mounts import fill, tmpfs

    with tmpfs(tmp_path / "disk", size="16m") as home:
        database = _home_with_people(home, 200)
        copy = backups.copy_database(database, tmp_path / "copy.sqlite")
        fill(home)
        with pytest.raises(backups.StorageError) as raised:
            restore.restore_database(database, copy, home / "backups")
        message = str(raised.value)
        assert "the disk is full" in message and "nothing was restored" in message
        assert "damaged" not in message
        assert backups.list_backups(home / "backups") == []
        assert _count(database) == 200
