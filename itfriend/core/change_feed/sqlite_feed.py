"""The change feed of a SQLite file, read with plain sqlite3 (the idle tray loads no
SQLAlchemy): one short read-only connection per call, so that any thread may call."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from itfriend.core.change_feed.feed import WHOLE_DATABASE, Change, ChangeKind, ReloadAll
from itfriend.core.dbfile import BUSY_TIMEOUT_S, connect_reading
from itfriend.core.errors import StorageError
from itfriend.core.storage import moment_from_text, storage_error

_COLUMNS = "id, table_name, row_id, kind, at, changed_by"


class SqliteChangeFeed:
    """:class:`~itfriend.core.change_feed.feed.ChangeFeed` over the database file at
    ``database_path``. A missing file or one without the ``changes`` table (not yet migrated)
    reads as an empty log. Errors reading the file raise :class:`StorageError`."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = database_path

    def latest_id(self) -> int:
        with self._reading() as conn:
            if conn is None:
                return 0
            return int(conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0])

    def changes_since(self, last_id: int, limit: int = 1000) -> list[Change]:
        with self._reading() as conn:
            if conn is None:
                oldest, latest, rows = 0, 0, []
            else:
                # One read transaction: the bounds and the rows agree.
                oldest, latest = conn.execute(
                    "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM changes"
                ).fetchone()
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM changes WHERE id > ? ORDER BY id LIMIT ?",
                    (last_id, limit),
                ).fetchall()
                replaced = conn.execute(
                    "SELECT 1 FROM changes WHERE id > ? AND table_name = ? LIMIT 1",
                    (last_id, WHOLE_DATABASE),
                ).fetchone()
                if replaced:
                    raise ReloadAll(last_id, latest)
        if last_id > latest or (last_id < oldest - 1 and latest > 0):
            raise ReloadAll(last_id, latest)
        return [Change(r[0], r[1], r[2], ChangeKind(r[3]), _moment(r[4]), r[5]) for r in rows]

    def wake_paths(self) -> list[Path]:
        return [self.database_path, Path(f"{self.database_path}-wal")]

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """A read-only connection in one read transaction; None where there is no log yet."""
        if not self.database_path.is_file():
            yield None
            return
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise storage_error(str(exc), "read") from exc
        try:
            conn.execute("BEGIN")
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'"
            ).fetchone()
            yield conn if found else None
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise storage_error(str(exc), "read") from exc
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        uri = self.database_path.resolve().as_uri()
        conn = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A read-only folder or full disk, where SQLite cannot set up its -shm index.
            conn.close()
            conn = connect_reading(self.database_path)
        conn.execute("PRAGMA query_only=ON")
        return conn


def _moment(text: str) -> datetime:
    moment = moment_from_text(text)
    if moment is None:
        raise StorageError("the change log holds a change without its moment")
    return moment
