"""A database at revision 0001 (before the change log) migrates, with its backup made first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from itfriend.core import db as db_module
from itfriend.core.change_feed import ChangeKind, SqliteChangeFeed
from itfriend.core.services import open_services


def _database_at_0001(path: Path) -> None:
    path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO people (name, preferred_name, role, department, building, floor, room,"
            " phone, notes, personal_notes, created_at, updated_at) VALUES ('Ann Example', '',"
            " '', '', '', '', '', '', '', '', '2026-03-04 09:00:00', '2026-03-04 09:00:00')"
        )
    engine.dispose()


def test_a_0001_database_is_backed_up_then_gets_the_change_log(itfriend_home: Path) -> None:
    database = itfriend_home / "itfriend.sqlite"
    _database_at_0001(database)
    assert db_module.current_revision(database) == "0001"

    services = open_services()
    try:
        assert db_module.current_revision(database) == db_module.SCHEMA_HEAD == "0002"
        (backup,) = (itfriend_home / "backups").glob("*rev-0001.sqlite")
        with sqlite3.connect(backup) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        feed = SqliteChangeFeed(database)
        assert feed.latest_id() == 0
        (ann,) = services.people.list()
        services.people.edit(ann.id, room="214")
        (change,) = feed.changes_since(0)
        assert (change.table, change.row_id, change.kind) == ("people", ann.id, ChangeKind.UPDATE)
    finally:
        services.close()
