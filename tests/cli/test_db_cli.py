"""``itfriend db upgrade|check|backup|restore`` and what every command says about a database
it cannot use: one line each, nothing changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from itfriend.core.dbfile import check_integrity
from tests.conftest import CliRunner
from tests.core.test_database_files import damage


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_people(cli: CliRunner, home: Path, count: int) -> Path:
    rows = "\n".join(f"Person {n},p{n}@example.org" for n in range(count))
    source = home.parent / "people.csv"
    source.write_text("name,email\n" + rows + "\n")
    assert cli("import", str(source)).code == 0
    return source


def _one_line(text: str) -> bool:
    return text.count("\n") == 1 and "Traceback" not in text


def test_upgrade_checks_the_schema_it_finds(cli: CliRunner, itfriend_home: Path) -> None:
    assert cli("db", "upgrade").code == 0
    with sqlite3.connect(itfriend_home / "itfriend.sqlite") as conn:
        conn.execute("DROP TABLE people")
    conn.close()
    result = cli("db", "upgrade")
    assert result.code == 1 and _one_line(result.err)
    assert "its table people is missing" in result.err
    checked = cli("db", "check")
    assert checked.code == 1 and "schema: its table people is missing" in checked.out


def test_an_unknown_revision_is_one_line_for_every_command(
    cli: CliRunner, itfriend_home: Path
) -> None:
    cli("people", "add", "Ann Archer")
    with sqlite3.connect(itfriend_home / "itfriend.sqlite") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'abc123'")
    conn.close()
    for command in (("people", "list"), ("db", "upgrade"), ("due",), ("people", "add", "B")):
        result = cli(*command)
        assert result.code == 1 and _one_line(result.err), result.err
        assert "schema revision 'abc123', which this itfriend does not know" in result.err
    assert not (itfriend_home / "backups").exists()
    assert "schema: 'abc123', unknown to this itfriend" in cli("db", "check").out


def test_check_backup_and_restore_a_damaged_database(cli: CliRunner, itfriend_home: Path) -> None:
    source = _with_people(cli, itfriend_home, 2000)
    healthy = cli("db", "check")
    assert healthy.code == 0 and "integrity: ok" in healthy.out and "writable: yes" in healthy.out
    backed_up = cli("db", "backup")
    assert backed_up.code == 0
    (copy,) = (itfriend_home / "backups").glob("*-manual.sqlite")
    database = itfriend_home / "itfriend.sqlite"
    damage(database)
    damaged = _digest(database)

    checked = cli("db", "check")
    assert checked.code == 1 and "integrity: damaged" in checked.out
    assert f"newest that can be restored: {copy}" in checked.out
    # Reads go on, with the damage and the way out said first; writes are refused.
    listed = cli("people", "list")
    assert listed.code == 0 and "Person 0" in listed.out
    assert "is damaged" in listed.err and f"itfriend db restore {copy}" in listed.err
    imported = cli("import", str(source))
    assert imported.code == 1 and "nothing can be saved" in imported.err
    assert "Traceback" not in imported.err
    refused = cli("db", "backup")  # a damaged file is no backup: the good one stays
    assert refused.code == 1 and "is damaged" in refused.err and "no copy was made" in refused.err
    assert _digest(database) == damaged

    restored = cli("db", "restore", str(copy))
    assert restored.code == 0, restored.err
    assert cli("db", "check").code == 0
    assert cli("people", "add", "Zoe Zephyr").code == 0
    kept = [p for p in (itfriend_home / "backups").iterdir() if p != copy]
    assert len(kept) == 1 and kept[0].name.endswith("-damaged.sqlite")
    assert check_integrity(kept[0])  # the damaged database, kept as it was


def test_restore_refuses_a_foreign_file_and_changes_nothing(
    cli: CliRunner, itfriend_home: Path
) -> None:
    cli("people", "add", "Ann Archer")
    foreign = itfriend_home.parent / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (number TEXT)")
    conn.close()
    before = _digest(itfriend_home / "itfriend.sqlite")
    result = cli("db", "restore", str(foreign))
    assert result.code == 1 and _one_line(result.err)
    assert "cannot be restored: it has no itfriend schema revision" in result.err
    assert _digest(itfriend_home / "itfriend.sqlite") == before


def test_backup_to_a_file_refuses_to_replace_one_without_force(
    cli: CliRunner, itfriend_home: Path
) -> None:
    cli("people", "add", "Ann Archer")
    target = itfriend_home.parent / "copy.sqlite"
    target.write_text("mine")
    refused = cli("db", "backup", str(target))
    assert refused.code == 1 and "already exists" in refused.err
    assert target.read_text() == "mine"
    assert cli("db", "backup", str(target), "--force").code == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT name FROM people").fetchall() == [("Ann Archer",)]
    conn.close()


def test_restore_over_a_file_too_damaged_to_open(cli: CliRunner, itfriend_home: Path) -> None:
    cli("people", "add", "Ann Archer")
    assert cli("db", "backup").code == 0
    (copy,) = (itfriend_home / "backups").glob("*-manual.sqlite")
    database = itfriend_home / "itfriend.sqlite"
    with open(database, "r+b") as file:  # the first page: the schema itself
        file.seek(100)
        file.write(b"\xff" * 3900)
    refused = cli("people", "list")
    assert refused.code == 1 and _one_line(refused.err)
    assert f"itfriend db restore {copy}" in refused.err
    assert cli("db", "restore", str(copy)).code == 0
    assert "Ann Archer" in cli("people", "list").out
    assert len(list((itfriend_home / "backups").glob("*-damaged.sqlite"))) == 1


def test_a_read_that_meets_damaged_pages_is_one_line(cli: CliRunner, itfriend_home: Path) -> None:
    _with_people(cli, itfriend_home, 2000)
    database = itfriend_home / "itfriend.sqlite"
    pages = database.stat().st_size // 4096
    damage(database, page=pages // 2, pages=pages // 2 - 1)  # the data, not the schema
    listed = cli("people", "list")  # reads every person: meets the damage
    assert listed.code == 1 and "Traceback" not in listed.err
    assert listed.err.splitlines()[-1].startswith("itfriend: the database is damaged (")
    for command in (("due",), ("people", "show", "p5@example.org"), ("follow-ups",)):
        result = cli(*command)  # may or may not meet a damaged page: told either way
        assert "Traceback" not in result.err
        if result.code == 0:
            assert result.err.startswith("itfriend: warning: the database ")
        else:
            assert result.err.splitlines()[-1].startswith("itfriend: the database is damaged (")


def test_a_damaged_database_is_not_writable_nor_upgraded(
    cli: CliRunner, itfriend_home: Path
) -> None:
    _with_people(cli, itfriend_home, 2000)
    database = itfriend_home / "itfriend.sqlite"
    damage(database)
    damaged = _digest(database)
    checked = cli("db", "check")
    assert checked.code == 1 and "writable: yes" not in checked.out
    assert "writable: no: writes are refused until the database is restored" in checked.out
    upgraded = cli("db", "upgrade")
    assert upgraded.code == 1 and _one_line(upgraded.err), upgraded.err
    assert "not upgraded: the database" in upgraded.err and "is damaged" in upgraded.err
    assert "copy what you can read" not in upgraded.err  # export cannot read a damaged table
    assert _digest(database) == damaged
