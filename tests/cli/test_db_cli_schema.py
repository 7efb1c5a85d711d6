"""What every command and ``db check`` say about a database that is foreign without tables,
lacks a column, holds an odd revision or has indexes out of step with their tables: one line,
worded for what failed, nothing changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliRunner


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(text: str) -> bool:
    return text.count("\n") == 1 and "Traceback" not in text


def _run(database: Path, *statements: str) -> None:
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("statements", "said"),
    [
        (("CREATE VIEW v AS SELECT 1 AS x",), "view v"),
        (("PRAGMA application_id=1234", "PRAGMA user_version=7"), "application_id 1234"),
    ],
)
def test_a_foreign_file_without_tables_is_refused_untouched(
    cli: CliRunner, itfriend_home: Path, statements: tuple[str, ...], said: str
) -> None:
    itfriend_home.mkdir(parents=True)
    database = itfriend_home / "itfriend.sqlite"
    _run(database, *statements)
    before = _digest(database)
    for command in (("people", "list"), ("people", "add", "Zed"), ("db", "upgrade")):
        result = cli(*command)
        assert result.code == 1 and _one_line(result.err), result.err
        assert "is not an itfriend database" in result.err and said in result.err
    assert _digest(database) == before


def test_a_missing_column_is_refused_and_said_by_db_check(
    cli: CliRunner, itfriend_home: Path
) -> None:
    assert cli("people", "add", "Ann Archer").code == 0
    database = itfriend_home / "itfriend.sqlite"
    _run(database, "ALTER TABLE people DROP COLUMN notes")
    for command in (
        ("people", "show", "1"),
        ("export", str(itfriend_home / "f.csv")),
        ("db", "upgrade"),
    ):
        result = cli(*command)
        assert result.code == 1 and _one_line(result.err), result.err
        assert "its table people lacks the column(s) notes" in result.err
        assert "could not be written" not in result.err
    checked = cli("db", "check")
    assert checked.code == 1 and "schema: its table people lacks the column(s) notes" in checked.out


def test_a_revision_of_unicode_digits_is_unknown_not_an_unexpected_error(
    cli: CliRunner, itfriend_home: Path
) -> None:
    assert cli("people", "add", "Ann Archer").code == 0
    _run(itfriend_home / "itfriend.sqlite", "UPDATE alembic_version SET version_num = '²'")
    listed = cli("people", "list")
    assert listed.code == 1 and _one_line(listed.err)
    assert "schema revision '²', which this itfriend does not know" in listed.err
    checked = cli("db", "check")
    assert checked.code == 1 and "schema: '²', unknown to this itfriend" in checked.out


def test_an_index_out_of_step_and_text_that_is_not_utf8(
    cli: CliRunner, itfriend_home: Path
) -> None:
    assert cli("people", "add", "Ann Archer").code == 0
    assert cli("people", "add", "Bob Baker").code == 0
    database = itfriend_home / "itfriend.sqlite"
    conn = sqlite3.connect(database, isolation_level=None)
    index = conn.execute("SELECT * FROM sqlite_master WHERE name = 'ix_people_name'").fetchone()
    conn.close()
    # The name changes while SQLite does not know the index: its entry no longer matches.
    _run(
        database,
        "PRAGMA writable_schema=ON",
        "DELETE FROM sqlite_master WHERE name = 'ix_people_name'",
    )
    _run(
        database,
        "UPDATE people SET name = CAST(x'ff41' AS TEXT) WHERE id = 2",
        "PRAGMA writable_schema=ON",
        "INSERT INTO sqlite_master VALUES " + repr(tuple(index)),
    )
    checked = cli("db", "check")
    assert checked.code == 1, checked.out
    assert "integrity: damaged: row 2 missing from index ix_people_name" in checked.out
    shown = cli("people", "show", "2")
    assert shown.code == 1 and _one_line(shown.err), shown.err
    assert "the database is damaged" in shown.err and "could not be written" not in shown.err
