"""Restoring while the tray runs: the copy goes into the live file, so that connections open
before the restore see the restored data and write into it; a killed restore leaves nothing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from itfriend.core import backups, restore
from itfriend.core.paths import AppPaths
from itfriend.core.safe_files import clear_interrupted_writes
from itfriend.core.services import Services, open_services
from tests.conftest import CliRunner


def _open(home: Path) -> Services:
    return open_services(AppPaths(home, home, home / "logs"))


def _names(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM people ORDER BY name")]
    conn.close()
    return names


def _copy_with_page_size(database: Path, copy: Path, page_size: int | None) -> Path:
    backups.copy_database(database, copy)
    if page_size is not None:  # e.g. a copy made elsewhere, by another SQLite
        conn = sqlite3.connect(copy, isolation_level=None)
        conn.execute(f"PRAGMA page_size={page_size}")
        conn.execute("VACUUM")
        conn.close()
    return copy


@pytest.mark.parametrize("page_size", [None, 1024, 8192])
def test_a_connection_open_before_the_restore_sees_it_and_writes_into_it(
    itfriend_home: Path, page_size: int | None
) -> None:
    tray = _open(itfriend_home)  # stands for the running tray, open all along
    tray.people.add("Ann Archer")
    database = itfriend_home / "itfriend.sqlite"
    copy = _copy_with_page_size(database, itfriend_home / "copy.sqlite", page_size)
    tray.people.add("Bob Baker")
    reader = sqlite3.connect(database)
    assert reader.execute("SELECT count(*) FROM people").fetchone() == (2,)

    kept = restore.restore_database(database, copy, itfriend_home / "backups")
    assert kept is not None and _names(kept) == ["Ann Archer", "Bob Baker"]
    assert reader.execute("SELECT count(*) FROM people").fetchone() == (1,)
    assert [p.name for p in tray.people.list()] == ["Ann Archer"]
    tray.people.add("Cy Cole")  # lands in the restored file, not an unlinked old one
    tray.close()
    reader.close()
    assert _names(database) == ["Ann Archer", "Cy Cole"]
    assert [p.name for p in itfriend_home.iterdir() if ".itfriend-" in p.name] == []


def test_a_killed_restore_leaves_no_backup_after_the_next_start(
    itfriend_home: Path, cli: CliRunner
) -> None:
    services = _open(itfriend_home)
    services.people.add("Ann Archer")
    services.close()
    database = itfriend_home / "itfriend.sqlite"
    copy = backups.copy_database(database, itfriend_home / "copy.sqlite")
    folder = itfriend_home / "backups"
    child = os.fork()
    if child == 0:  # killed once the current file is kept, before the copy goes in
        try:
            restore._restore_into = lambda database, source: os._exit(9)  # type: ignore[assignment]
            restore.restore_database(database, copy, folder)
        finally:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9
    assert backups.list_backups(folder) == []  # no backup of a restore that never happened
    assert len(list(folder.iterdir())) == 1  # the copy, under its temporary name

    assert cli("people", "list").code == 0  # the next start clears it
    assert list(folder.iterdir()) == []
    assert clear_interrupted_writes(itfriend_home) == []
    assert _names(database) == ["Ann Archer"]
