"""The tray's child process for creating and migrating the database (``itfriend db upgrade``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from itfriend.core.db import SCHEMA_HEAD
from itfriend.core.errors import StorageError
from itfriend.platform.launch import prepare_database, start_command
from tests.conftest import CliRunner


def _revision(database: Path) -> str:
    with sqlite3.connect(database) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_start_command_runs_this_python_with_the_module() -> None:
    command = start_command()
    assert command[1:] == ["-m", "itfriend"]
    assert Path(command[0]).exists()


def test_prepare_database_creates_a_new_database_in_a_child(itfriend_home: Path) -> None:
    database = itfriend_home / "itfriend.sqlite"
    assert not database.exists()
    prepare_database()  # the child finds the home through ITFRIEND_HOME, as the tray's does
    assert _revision(database) == SCHEMA_HEAD
    prepare_database()  # at the head already: nothing to do, still fine
    assert _revision(database) == SCHEMA_HEAD


def test_a_damaged_file_is_reported_with_the_childs_reason_and_kept(itfriend_home: Path) -> None:
    database = itfriend_home / "itfriend.sqlite"
    itfriend_home.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"not a database at all, but somebody's precious file")
    with pytest.raises(StorageError, match="not an itfriend database or is damaged"):
        prepare_database()
    assert database.read_bytes().startswith(b"not a database")


def test_db_upgrade_says_where_and_which_schema(cli: CliRunner, itfriend_home: Path) -> None:
    result = cli("db", "upgrade")
    assert result.code == 0, result.err
    assert str(itfriend_home / "itfriend.sqlite") in result.out
    assert SCHEMA_HEAD in result.out


def test_a_database_from_a_newer_itfriend_is_one_clear_line(itfriend_home: Path) -> None:
    prepare_database()
    database = itfriend_home / "itfriend.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StorageError) as raised:
        prepare_database()
    message = str(raised.value)
    assert "written by a newer itfriend (schema 0099" in message
    assert "\n" not in message and "Traceback" not in message
    with sqlite3.connect(database) as conn:  # left as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)
