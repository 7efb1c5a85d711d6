"""Storage that is full, read-only, foreign, damaged or at an unknown schema: each is refused
or read as far as it can be, in one clear message, and nothing is created or migrated over it."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from itfriend.core import db as db_module
from itfriend.core.errors import StorageError
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services
from tests.mounts import fill, remount, tmpfs


def _paths(home: Path) -> AppPaths:
    return AppPaths(home, home, home / "logs")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_people(home: Path, *names: str) -> None:
    services = open_services(_paths(home))
    for name in names:
        services.people.add(name)
    services.close()


def _names(services: Services) -> list[str]:
    return [p.name for p in services.people.list()]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk") as folder:
        yield folder


def test_a_full_disk_still_reads_and_refuses_writes_in_one_line(small_disk: Path) -> None:
    _with_people(small_disk, "Ann Archer")
    fill(small_disk)
    services = open_services(_paths(small_disk))
    try:
        assert _names(services) == ["Ann Archer"]
        with pytest.raises(StorageError, match=r"^the disk is full: nothing was saved"):
            services.people.add("Bob Baker")
    finally:
        services.close()
    (small_disk / "filler").unlink()
    services = open_services(_paths(small_disk))
    assert _names(services) == ["Ann Archer"]
    services.close()


def test_an_io_error_is_not_taken_for_no_revision(small_disk: Path) -> None:
    """On a full disk SQLite's usual connection fails with an I/O error (it cannot grow its
    -shm index): the revision is still read, so start-up neither creates nor migrates."""
    _with_people(small_disk, "Ann Archer")
    database = small_disk / "itfriend.sqlite"
    fill(small_disk)
    conn = sqlite3.connect(database)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    assert db_module.current_revision(database) == db_module.SCHEMA_HEAD


def test_an_unreadable_file_is_an_error_not_a_new_database(itfriend_home: Path) -> None:
    (itfriend_home / "itfriend.sqlite").mkdir(parents=True)  # cannot be opened as a file
    with pytest.raises(StorageError, match="cannot be read"):
        db_module.current_revision(itfriend_home / "itfriend.sqlite")


def test_a_read_only_folder_reads_and_says_why_it_cannot_write(small_disk: Path) -> None:
    _with_people(small_disk, "Ann Archer")
    remount(small_disk, "ro")
    try:
        services = open_services(_paths(small_disk))
        try:
            assert _names(services) == ["Ann Archer"]
            with pytest.raises(StorageError, match="read-only: nothing was saved"):
                services.people.add("Bob Baker")
        finally:
            services.close()
    finally:
        remount(small_disk, "rw")


def test_no_database_is_created_in_a_read_only_folder(small_disk: Path) -> None:
    (small_disk / "logs").mkdir()
    remount(small_disk, "ro")
    try:
        with pytest.raises(StorageError, match=r"cannot be created: the data folder .* read-only"):
            open_services(_paths(small_disk))
    finally:
        remount(small_disk, "rw")
    assert not (small_disk / "itfriend.sqlite").exists()


def test_an_unknown_revision_is_one_line_and_makes_no_backup(itfriend_home: Path) -> None:
    _with_people(itfriend_home, "Ann Archer")
    database = itfriend_home / "itfriend.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'abc123'")
    conn.close()
    before = _digest(database)
    for _ in range(3):
        with pytest.raises(StorageError, match="revision 'abc123', which this itfriend does not"):
            open_services(_paths(itfriend_home))
    assert not list(itfriend_home.glob("backups/*"))
    assert _digest(database) == before


def test_a_foreign_sqlite_file_is_refused_and_left_untouched(itfriend_home: Path) -> None:
    itfriend_home.mkdir(parents=True)
    database = itfriend_home / "itfriend.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE invoices (number TEXT)")
        conn.execute("INSERT INTO invoices VALUES ('2026-001')")
    conn.close()
    before = _digest(database)
    with pytest.raises(StorageError, match=r"not an itfriend database .*invoices.*untouched"):
        open_services(_paths(itfriend_home))
    assert _digest(database) == before
    with sqlite3.connect(database) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["invoices"]


def test_a_missing_table_is_refused(itfriend_home: Path) -> None:
    _with_people(itfriend_home, "Ann Archer")
    with sqlite3.connect(itfriend_home / "itfriend.sqlite") as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DROP TABLE people")
    conn.close()
    with pytest.raises(StorageError, match="damaged: its table people is missing"):
        open_services(_paths(itfriend_home))


def damage(database: Path, page: int = 20, pages: int = 2) -> None:
    """Overwrite ``pages`` pages of ``database`` from ``page`` on with garbage."""
    with open(database, "r+b") as file:
        file.seek(4096 * page)
        file.write(b"\xde\xad" * 2048 * pages)


def test_a_damaged_file_reads_but_refuses_every_write(itfriend_home: Path) -> None:
    services = open_services(_paths(itfriend_home))
    for number in range(2000):
        services.people.add(f"Person {number}", email=f"p{number}@example.org")
    services.close()
    database = itfriend_home / "itfriend.sqlite"
    damage(database)
    before = _digest(database)
    services = open_services(_paths(itfriend_home))
    try:
        assert services.db.warning is not None and "is damaged (" in services.db.warning
        assert "no backup to restore was found" in services.db.warning
        with pytest.raises(StorageError, match=r"is damaged .*nothing can be saved"):
            services.people.add("Zoe Zephyr")
    finally:
        services.close()
    assert _digest(database) == before


def test_a_read_only_folder_with_a_wal_but_no_shm_is_never_read_stale(small_disk: Path) -> None:
    import shutil

    _with_people(small_disk, "Ann Archer")
    database = small_disk / "itfriend.sqlite"
    services = open_services(_paths(small_disk))
    services.people.add("Bob Baker")  # in the -wal only, while this connection is open
    shutil.copy(database, small_disk / "db.copy")
    shutil.copy(f"{database}-wal", small_disk / "wal.copy")
    services.close()
    (small_disk / "db.copy").replace(database)
    (small_disk / "wal.copy").replace(f"{database}-wal")
    Path(f"{database}-shm").unlink(missing_ok=True)
    remount(small_disk, "ro")
    try:
        with pytest.raises(StorageError, match=r"recent changes in its -wal .*nothing was read"):
            services = open_services(_paths(small_disk))
            _names(services)  # before: ["Ann Archer"], Bob silently missing
    finally:
        remount(small_disk, "rw")
    services = open_services(_paths(small_disk))
    assert _names(services) == ["Ann Archer", "Bob Baker"]
    services.close()
