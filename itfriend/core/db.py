"""Opens the database: a private SQLite file in the data folder, migrated to the current schema.

Before anything is created or migrated, the file is read with plain sqlite3 (``dbfile``): a
foreign file, an unknown or newer revision, a missing table or an unreadable file is refused
untouched, so an up-to-date start does not load Alembic and an error is never taken for "new".
Before a migration changes an existing database, a copy is kept in ``backups/``. A file that can
only be read (full disk, read-only folder) or that is damaged opens for reading only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from itfriend.core.backups import latest_good_backup
from itfriend.core.change_feed.recording import ChangeRecorder
from itfriend.core.dbfile import (
    FileState,
    check_integrity,
    connect_reading,
    damaged_message,
    inspect_file,
    refuse_unusable,
    write_refusal,
)
from itfriend.core.errors import StorageError
from itfriend.core.paths import AppPaths
from itfriend.core.storage import SCHEMA_HEAD as SCHEMA_HEAD
from itfriend.core.storage import storage_error

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class Database:
    """One database: an engine and the sessions made from it (one session per thread).

    ``write_refusal`` is None when the file can be written; otherwise every write is refused
    with that message (a full disk, a read-only folder, a damaged file), while reads work.
    ``warning`` is what the technician should be told at once about the file, if anything.
    """

    def __init__(
        self,
        engine: Engine,
        write_refusal: str | None = None,
        warning: str | None = None,
        folder: Path | None = None,
    ) -> None:
        self.engine = engine
        self.write_refusal = write_refusal
        self.warning = warning
        self._folder = folder
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Every committed write leaves its rows in the change log, in the same transaction.
        self.changes = ChangeRecorder(engine, self._sessions)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back whole on any error."""
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except DatabaseError as exc:
                # Operational errors (full, locked, read-only) and damage met while reading
                # ("malformed"); an IntegrityError and the like belong to the caller.
                if isinstance(exc, OperationalError) or type(exc) is DatabaseError:
                    raise self._storage_error(exc) from exc
                raise

    def _storage_error(self, exc: DatabaseError) -> StorageError:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        if self.write_refusal is not None and ("readonly" in text or "read-only" in text):
            return StorageError(self.write_refusal)
        if "disk I/O" in text and self._folder is not None:
            # A full disk shows as an I/O error when SQLite cannot grow its -shm index.
            reason = write_refusal(self._folder)
            if reason is not None:
                return StorageError(reason)
        statement = (getattr(exc, "statement", None) or "").lstrip().upper()
        reading = statement.startswith(("SELECT", "WITH", "PRAGMA"))
        return storage_error(text, "read" if reading else "written")

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
    """The Alembic revision of the database file, or None for a new one (or one without
    Alembic's table). A file that cannot be read raises :class:`StorageError`: taking an I/O
    error for "no revision" would create or migrate over a file that is there."""
    return inspect_file(path).revision


def backup_database(path: Path, backups: Path, revision: str | None) -> Path:
    """Copy the database before it is migrated (see ``backups.backup_database``)."""
    from itfriend.core import backups as copies

    return copies.backup_database(path, backups, f"rev-{revision or 'none'}")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision with Alembic."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(paths: AppPaths, *, check: bool = True) -> Database:
    """Open the database of an itfriend installation, creating or migrating it as needed.

    Nothing is created or migrated unless the file was read and understood: a file that is
    not itfriend's, at an unknown schema, or unreadable is refused untouched. A file that can
    only be read (full disk, read-only folder) or that ``check`` finds damaged opens for
    reading only (``Database.write_refusal`` says why).
    """
    paths.ensure()
    db_path = paths.database
    try:
        state = inspect_file(db_path)
    except StorageError as exc:
        if "is damaged" not in str(exc):
            raise
        latest = latest_good_backup(paths.backups)
        offer = f"itfriend db restore {latest}" if latest else "itfriend db restore FILE"
        raise StorageError(f"{exc}; restore a backup with: {offer}") from exc
    if state.is_new:
        return _create(db_path, state)
    refuse_unusable(db_path, state)
    refusal, warning = state.write_refusal, None
    if check:
        damage = check_integrity(db_path)
        if damage:
            latest = latest_good_backup(paths.backups)
            refusal = damaged_message(db_path, damage, latest)
            warning = refusal
    if state.revision != SCHEMA_HEAD:
        if refusal is not None:
            raise StorageError(f"the database needs migrating, which cannot be done: {refusal}")
        saved = backup_database(db_path, paths.backups, state.revision)
        log.info("database backed up to %s before migrating from %s", saved, state.revision)
        engine = _engine(db_path, None)
        try:
            migrate(engine)
        except OperationalError as exc:
            engine.dispose()
            raise _storage_error(exc) from exc
        except Exception as exc:  # Alembic meeting a schema it did not expect
            engine.dispose()
            raise StorageError(
                f"the database could not be migrated from schema {state.revision} ({exc}); "
                f"the copy made before is {saved}"
            ) from exc
        return Database(engine, folder=db_path.parent)
    return Database(_engine(db_path, refusal), refusal, warning, db_path.parent)


def _create(db_path: Path, state: FileState) -> Database:
    """A new database at the current schema, where the folder lets one be written."""
    if state.write_refusal is not None:
        raise StorageError(f"the database cannot be created: {state.write_refusal}")
    try:
        _create_private_file(db_path)
    except OSError as exc:
        raise StorageError(f"cannot create the database {db_path}: {exc.strerror}") from exc
    engine = _engine(db_path, None)
    try:
        create_schema(engine)
    except OperationalError as exc:
        engine.dispose()
        raise _storage_error(exc) from exc
    return Database(engine, folder=db_path.parent)


def _engine(db_path: Path, refusal: str | None) -> Engine:
    """The engine over the file: the usual one, or one that only reads (``refusal`` set)."""
    if refusal is None:
        engine = create_engine(f"sqlite:///{db_path}")
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine

    def reader() -> sqlite3.Connection:
        conn = connect_reading(db_path)
        conn.isolation_level = "DEFERRED"  # the driver's own transactions, as SQLAlchemy expects
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    from sqlalchemy.pool import NullPool

    # No pool: a fallback connection may hold an exclusive lock (see connect_reading), which
    # must go with each session rather than keep the tray's own reads out.
    return create_engine("sqlite://", creator=reader, poolclass=NullPool)


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
