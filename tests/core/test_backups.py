"""Backups: atomic, bounded in number, safe while another connection writes; restore puts a
whole copy back and keeps the current file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from itfriend.core import backups, restore
from itfriend.core.errors import ValidationError
from itfriend.core.paths import AppPaths
from itfriend.core.services import open_services


def _home_with(home: Path, *names: str) -> Path:
    services = open_services(AppPaths(home, home, home / "logs"))
    for name in names:
        services.people.add(name)
    services.close()
    return home / "itfriend.sqlite"


def _names(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM people ORDER BY id")]
    conn.close()
    return names


def test_backups_are_bounded_and_leave_no_temporary(itfriend_home: Path) -> None:
    database = _home_with(itfriend_home, "Ann Archer")
    folder = itfriend_home / "backups"
    made = [
        backups.backup_database(database, folder, "test") for _ in range(backups.KEEP_BACKUPS + 3)
    ]
    kept = sorted(folder.iterdir())
    assert len(kept) == backups.KEEP_BACKUPS
    assert kept == sorted(made[-backups.KEEP_BACKUPS :])
    assert all(_names(copy) == ["Ann Archer"] for copy in kept)
    assert all(copy.stat().st_mode & 0o077 == 0 for copy in kept)


def test_a_backup_taken_while_another_connection_holds_a_write_sees_the_committed_state(
    itfriend_home: Path,
) -> None:
    database = _home_with(itfriend_home, "Ann Archer")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE people SET name = 'half done'")
    copy = backups.copy_database(database, itfriend_home / "copy.sqlite")
    writer.execute("ROLLBACK")
    writer.close()
    assert _names(copy) == ["Ann Archer"]


def test_a_backup_replaces_a_symlink_rather_than_following_it(itfriend_home: Path) -> None:
    database = _home_with(itfriend_home, "Ann Archer")
    elsewhere = itfriend_home / "elsewhere.txt"
    elsewhere.write_text("keep me")
    link = itfriend_home / "copy.sqlite"
    link.symlink_to(elsewhere)
    backups.copy_database(database, link)
    assert elsewhere.read_text() == "keep me"
    assert not link.is_symlink() and _names(link) == ["Ann Archer"]


def test_restore_puts_the_copy_back_and_keeps_the_current_file(itfriend_home: Path) -> None:
    database = _home_with(itfriend_home, "Ann Archer")
    copy = backups.copy_database(database, itfriend_home / "copy.sqlite")
    _home_with(itfriend_home, "Bob Baker")
    kept = restore.restore_database(database, copy, itfriend_home / "backups")
    assert _names(database) == ["Ann Archer"]
    assert kept is not None and _names(kept) == ["Ann Archer", "Bob Baker"]
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    with sqlite3.connect(copy) as conn:  # a copy is one self-contained file
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    assert sorted(p.name for p in (itfriend_home / "backups").iterdir()) == [kept.name]


def test_restore_refuses_a_foreign_or_damaged_file(itfriend_home: Path) -> None:
    database = _home_with(itfriend_home, "Ann Archer")
    foreign = itfriend_home / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (number TEXT)")
    conn.close()
    with pytest.raises(ValidationError, match="cannot be restored: it has no itfriend schema"):
        restore.restore_database(database, foreign, itfriend_home / "backups")
    text = itfriend_home / "notes.txt"
    text.write_text("not a database at all" * 500)
    with pytest.raises(ValidationError, match=r"cannot be restored: .*not an itfriend database"):
        restore.restore_database(database, text, itfriend_home / "backups")
    assert _names(database) == ["Ann Archer"]
    assert not (itfriend_home / "backups").exists()
