"""Opens the database: a private SQLite file in the data folder, migrated to the current schema.

Before a migration changes an existing database, a copy is kept in ``backups/``. Checking whether a
migration is needed reads one row with sqlite3, so that an up-to-date start does not load Alembic.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from itfriend.core.errors import StorageError
from itfriend.core.paths import AppPaths
from itfriend.core.storage import SCHEMA_HEAD as SCHEMA_HEAD
from itfriend.core.storage import storage_error

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class Database:
    """One database: an engine and the sessions made from it (one session per thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back whole on any error."""
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except OperationalError as exc:
                raise _storage_error(exc) from exc

    def close(self) -> None:
        self.engine.dispose()


def _storage_error(exc: OperationalError) -> StorageError:
    return storage_error(str(exc.orig) if exc.orig is not None else str(exc))


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite creates it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def current_revision(path: Path) -> str | None:
    """The Alembic revision of the database file, or None for a new one."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with contextlib.closing(sqlite3.connect(path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return row[0] if row else None


def backup_database(path: Path, backups: Path, revision: str | None) -> Path:
    """Copy the database (consistently, with SQLite's backup API) before it is migrated."""
    backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"itfriend-{stamp}-rev-{revision or 'none'}.sqlite"
    _create_private_file(target)
    with (
        contextlib.closing(sqlite3.connect(path)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    return target


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision with Alembic."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(paths: AppPaths) -> Database:
    """Open (creating and migrating as needed) the database of an itfriend installation."""
    paths.ensure()
    db_path = paths.database
    try:
        is_new = not db_path.exists()
        _create_private_file(db_path)
        revision = current_revision(db_path)
        # Revisions are numbered "0001", "0002"...: a higher one comes from a later version.
        if revision is not None and revision.isdigit() and int(revision) > int(SCHEMA_HEAD):
            raise StorageError(
                f"{db_path} was written by a newer itfriend (schema {revision}; this one knows "
                f"up to {SCHEMA_HEAD}): update itfriend to use it"
            )
        if revision != SCHEMA_HEAD and not is_new and revision is not None:
            saved = backup_database(db_path, paths.backups, revision)
            log.info("database backed up to %s before migrating from %s", saved, revision)
    except OSError as exc:
        raise StorageError(f"cannot open the database {db_path}: {exc.strerror or exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{db_path} is not an itfriend database or is damaged: {exc}") from exc
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _set_sqlite_pragmas)
    if revision != SCHEMA_HEAD:
        try:
            if revision is None and _is_empty(db_path):
                create_schema(engine)
            else:
                migrate(engine)
        except OperationalError as exc:
            raise _storage_error(exc) from exc
    return Database(engine)


def _is_empty(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0)


def create_schema(engine: Engine) -> None:
    """Create a new database at the newest schema and mark it so, as Alembic would.

    Running every migration on an empty file gives the same schema (a test checks that the
    models and the migrations agree) but loads Alembic and Mako into the tray for good: some
    16 MiB and a tenth of a second on the first start.
    """
    from sqlalchemy import text

    from itfriend.core.models import Base

    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        connection.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        connection.execute(
            text("INSERT INTO alembic_version VALUES (:head)"), {"head": SCHEMA_HEAD}
        )


def open_memory_database() -> Database:
    """A throwaway in-memory database with the full schema, for benchmarks and tests."""
    from sqlalchemy.pool import StaticPool

    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    event.listen(engine, "connect", _set_sqlite_pragmas)
    migrate(engine)
    return Database(engine)
