"""Records every committed SQLAlchemy write in the change log, from one set of event hooks on
the engine and the session factory (see the package docstring for the design).

What a transaction changed is gathered on its connection (``Connection.info``) as it runs, and
written by :func:`log_sql.write_changes` on the driver's connection when the transaction
commits, inside it; a rollback (or the start of the next transaction) forgets it.

- The ORM's unit of work, at ``after_flush``: one entry per object inserted, changed or deleted.
  Its statements are not looked at again at the cursor (``_QUIET``).
- A Core ``UPDATE`` or ``DELETE`` run through the session on a table with an integer id, at
  ``do_orm_execute``: the ids its WHERE clause matches are read first, and are its entries when
  they are at most ``PRECISE_LIMIT``.
- Any other write seen at the cursor (bulk inserts, the import's driver ``executemany``, raw
  SQL) that changed rows: one coarse entry (row id None) per table and kind.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, Integer, event, select
from sqlalchemy.orm import ORMExecuteState, Session, object_mapper, sessionmaker

from itfriend.core.change_feed.feed import ChangeKind
from itfriend.core.change_feed.log_sql import ChangeEntry, write_changes
from itfriend.core.storage import storage_error

PRECISE_LIMIT = 100  # more rows than this in one statement: one coarse entry instead

_PENDING = "itfriend.change_feed.pending"  # Connection.info: list[ChangeEntry]
_QUIET = "itfriend.change_feed.quiet"  # Connection.info: > 0 while recorded statements run

_WRITE = re.compile(
    r"\s*(INSERT|REPLACE|UPDATE|DELETE)\s+(?:OR\s+\w+\s+)?(?:INTO\s+|FROM\s+)?[\"`\[]?(\w+)",
    re.IGNORECASE,
)
_KINDS = {
    "INSERT": ChangeKind.INSERT,
    "REPLACE": ChangeKind.INSERT,
    "UPDATE": ChangeKind.UPDATE,
    "DELETE": ChangeKind.DELETE,
}


class ChangeRecorder:
    """Installs the hooks on ``engine`` and ``sessions``.

    ``changed_by`` gives the technician's name at commit (None: unknown). ``committed`` counts
    the transactions that wrote log rows (one whose commit then failed counts too: a reader
    woken for it finds nothing new).
    """

    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self.changed_by: Callable[[], str | None] = lambda: None
        self.committed = 0
        event.listen(engine, "begin", _forget)
        event.listen(engine, "rollback", _forget)
        event.listen(engine, "commit", self._write)
        event.listen(engine, "after_cursor_execute", _saw_statement)
        event.listen(sessions, "before_flush", _flush_starts)
        event.listen(sessions, "after_flush", _flushed)
        event.listen(sessions, "do_orm_execute", _session_statement)

    def _write(self, conn: Connection) -> None:
        entries: list[ChangeEntry] = conn.info.pop(_PENDING, [])
        conn.info.pop(_QUIET, None)
        if not entries:
            return
        driver = conn.connection.dbapi_connection
        assert driver is not None  # a connection in a transaction has its driver connection
        cursor = driver.cursor()
        try:
            written = write_changes(cursor, entries, self.changed_by())
        except sqlite3.Error as exc:
            # Raised before the commit: the transaction is rolled back whole, as for any write.
            raise storage_error(str(exc)) from exc
        finally:
            cursor.close()
        if written:
            self.committed += 1


def _pending(conn: Connection) -> list[ChangeEntry]:
    entries: list[ChangeEntry] = conn.info.setdefault(_PENDING, [])
    return entries


def _forget(conn: Connection) -> None:
    if conn.invalidated:
        # e.g. Ctrl+C inside SQLite: its driver connection, and what was gathered on it, are
        # gone (and asking for ``info`` would raise over the interrupt).
        return
    conn.info.pop(_PENDING, None)
    conn.info.pop(_QUIET, None)


def _quiet(conn: Connection, step: int) -> None:
    conn.info[_QUIET] = conn.info.get(_QUIET, 0) + step


def _saw_statement(
    conn: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if conn.info.get(_QUIET):
        return
    found = _WRITE.match(statement)
    if found is None or cursor.rowcount == 0:  # -1: not known, recorded
        return
    _pending(conn).append((found.group(2), None, _KINDS[found.group(1).upper()]))


def _flush_starts(session: Session, _context: Any, _instances: Any) -> None:
    _quiet(session.connection(), +1)


def _flushed(session: Session, _context: Any) -> None:
    entries = [_entry(obj, ChangeKind.INSERT) for obj in session.new]
    entries += [_entry(obj, ChangeKind.UPDATE) for obj in session.dirty if session.is_modified(obj)]
    entries += [_entry(obj, ChangeKind.DELETE) for obj in session.deleted]
    conn = session.connection()
    _pending(conn).extend(entries)
    _quiet(conn, -1)


def _entry(obj: object, kind: ChangeKind) -> ChangeEntry:
    mapper = object_mapper(obj)  # an object of the session: always mapped
    key = mapper.primary_key_from_instance(obj)
    row_id = key[0] if len(key) == 1 and isinstance(key[0], int) else None
    return (str(getattr(mapper.local_table, "name", "")), row_id, kind)


def _session_statement(state: ORMExecuteState) -> Any:
    """Run a session's UPDATE or DELETE after reading the ids it will change (see the module);
    anything else runs as usual (None) and is seen at the cursor."""
    if not (state.is_update or state.is_delete):
        return None
    statement: Any = state.statement
    table = statement.table
    keys = list(table.primary_key.columns)
    where = statement.whereclause
    if len(keys) != 1 or not isinstance(keys[0].type, Integer) or where is None:
        return None
    conn = state.session.connection()
    ids = list(conn.scalars(select(keys[0]).where(where).distinct().limit(PRECISE_LIMIT + 1)))
    if len(ids) > PRECISE_LIMIT:
        return None
    kind = ChangeKind.UPDATE if state.is_update else ChangeKind.DELETE
    _quiet(conn, +1)
    try:
        result = state.invoke_statement()
    finally:
        _quiet(conn, -1)
    _pending(conn).extend((str(table.name), int(row_id), kind) for row_id in ids)
    return result
