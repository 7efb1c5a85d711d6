import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from itfriend.core import db as db_module
from itfriend.core import dbfile
from itfriend.core.paths import AppPaths, app_paths
from itfriend.core.services import open_services


def test_migrates_an_empty_folder_to_the_head(itfriend_home: Path) -> None:
    services = open_services()
    services.close()
    database = itfriend_home / "itfriend.sqlite"
    assert db_module.current_revision(database) == db_module.SCHEMA_HEAD
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"people", "interactions", "follow_ups", "systems", "templates", "groups"} <= tables
    # Nothing written outside ITFRIEND_HOME.
    assert app_paths().data == itfriend_home.resolve()


def test_schema_head_constant_matches_the_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == db_module.SCHEMA_HEAD


def test_models_and_migrations_agree() -> None:
    """Autogenerate finds nothing to do: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from itfriend.core.models import Base

    database = db_module.open_memory_database()
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_an_old_database_is_backed_up_before_migrating(
    itfriend_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_services().close()
    database = itfriend_home / "itfriend.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    migrated: list[str] = []
    monkeypatch.setattr(db_module, "migrate", lambda engine: migrated.append("yes"))
    # Only "0001" exists yet: let "older" stand for a known earlier revision.
    monkeypatch.setattr(dbfile, "known_revisions", lambda: frozenset({"older", "0001"}))
    open_services().close()
    backups = list((itfriend_home / "backups").glob("*.sqlite"))
    assert migrated == ["yes"]
    assert len(backups) == 1 and "older" in backups[0].name
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "older"


def test_a_damaged_database_gives_a_clear_error(itfriend_home: Path) -> None:
    from itfriend.core.errors import StorageError

    itfriend_home.mkdir(parents=True)
    (itfriend_home / "itfriend.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="not an itfriend database or is damaged"):
        open_services(AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"))


def test_a_file_too_damaged_to_read_names_the_backup_to_restore(itfriend_home: Path) -> None:
    from itfriend.core.backups import backup_database
    from itfriend.core.errors import StorageError

    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs")
    open_services(paths).close()
    saved = backup_database(paths.database, paths.backups, "manual")
    with open(paths.database, "r+b") as file:  # the first page: the schema itself
        file.seek(100)
        file.write(b"\xff" * 3900)
    with pytest.raises(StorageError, match=f"damaged.*itfriend db restore {saved}$"):
        open_services(paths)


def test_core_imports_no_qt() -> None:
    """itfriend.core must stay plain Python: importing all of it loads no PySide6 module."""
    code = (
        "import importlib, pkgutil, sys, itfriend.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'itfriend.core.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_database_gets_the_same_schema_as_the_migrations_give(itfriend_home: Path) -> None:
    """A fresh file is created from the models and stamped; an old one is migrated. Both must
    end up with the same tables, columns and indexes."""
    open_services().close()  # fresh: created from the models
    created = _schema(itfriend_home / "itfriend.sqlite")
    migrated_engine = db_module.create_engine(f"sqlite:///{itfriend_home / 'migrated.sqlite'}")
    db_module.migrate(migrated_engine)
    migrated_engine.dispose()
    assert created == _schema(itfriend_home / "migrated.sqlite")
    assert db_module.current_revision(itfriend_home / "itfriend.sqlite") == db_module.SCHEMA_HEAD


def _schema(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        schema = {name: conn.execute(f"PRAGMA table_info('{name}')").fetchall() for name in names}
        for name in names:
            schema[f"{name} indexes"] = sorted(
                (row[1], row[2]) for row in conn.execute(f"PRAGMA index_list('{name}')")
            )
            schema[f"{name} foreign keys"] = sorted(
                row[2:5] for row in conn.execute(f"PRAGMA foreign_key_list('{name}')")
            )
    return schema


def test_a_failed_migration_is_one_line_naming_the_copy_made_before(
    itfriend_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itfriend.core.errors import StorageError

    open_services().close()
    database = itfriend_home / "itfriend.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    conn.close()
    monkeypatch.setattr(dbfile, "known_revisions", lambda: frozenset({"older", "0001"}))

    def fail(_engine: object) -> None:
        raise RuntimeError("Can't locate revision identified by 'older'")

    monkeypatch.setattr(db_module, "migrate", fail)
    with pytest.raises(StorageError, match=r"could not be migrated from schema older .* is /"):
        open_services()
    (copy,) = (itfriend_home / "backups").glob("*rev-older.sqlite")
    assert copy.exists()


def test_the_tables_checked_at_opening_are_the_models_tables() -> None:
    from itfriend.core.dbschema import ITFRIEND_COLUMNS
    from itfriend.core.models import Base

    assert set(Base.metadata.tables) == dbfile.ITFRIEND_TABLES
    columns = {
        name: frozenset(table.columns.keys()) for name, table in Base.metadata.tables.items()
    }
    assert columns == ITFRIEND_COLUMNS


def test_the_known_revisions_are_the_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    revisions = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    assert dbfile.known_revisions() == revisions


def test_a_failed_read_is_worded_as_a_read(itfriend_home: Path) -> None:
    from sqlalchemy.exc import OperationalError

    database = open_services().db
    try:
        failed = OperationalError("SELECT people.id FROM people", {}, Exception("odd failure"))
        assert str(database._storage_error(failed)) == "the database could not be read: odd failure"
        failed = OperationalError("UPDATE people SET name=?", {}, Exception("odd failure"))
        assert "could not be written: odd failure" in str(database._storage_error(failed))
    finally:
        database.close()
