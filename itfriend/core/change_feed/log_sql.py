"""Writing the change log, in plain DB-API SQL shared by every writer: SQLAlchemy's recorder
(on its driver connection, at commit) and the tray's sqlite3 ``ReminderStore``.

Both call :func:`write_changes` inside their own open transaction, so the log rows commit or
roll back with the write they describe; each call also prunes the log to ``KEEP_NEWEST`` rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from itfriend.core.change_feed.feed import WHOLE_DATABASE, ChangeKind
from itfriend.core.storage import moment_to_text

# Enough for a reader that was asleep over a busy day; a reader further behind reloads all.
KEEP_NEWEST = 10_000

# (table, row id or None for many rows, kind)
ChangeEntry = tuple[str, int | None, ChangeKind]

# Tables whose writes are bookkeeping, not data a reader shows.
UNLOGGED_TABLES = frozenset({"changes", "alembic_version"})

_INSERT = "INSERT INTO changes (table_name, row_id, kind, at, changed_by) VALUES (?, ?, ?, ?, ?)"
# The ids are a rowid range: finding max(id) and deleting from the oldest end are cheap.
_PRUNE = "DELETE FROM changes WHERE id <= (SELECT max(id) FROM changes) - ?"


class Executes(Protocol):
    """A DB-API connection or cursor with the qmark parameter style (sqlite3's)."""

    def execute(self, sql: str, parameters: Sequence[Any], /) -> Any: ...

    def executemany(self, sql: str, parameters: Sequence[Sequence[Any]], /) -> Any: ...


def is_logged(table: str) -> bool:
    return table not in UNLOGGED_TABLES and not table.startswith("sqlite_")


def write_changes(
    target: Executes,
    entries: Iterable[ChangeEntry],
    by: str | None,
    at: datetime | None = None,
) -> int:
    """Add ``entries`` to the log in the caller's transaction (duplicates once, in order), then
    prune it; returns how many rows were added."""
    moment = moment_to_text(at or datetime.now(UTC))
    unique = dict.fromkeys(entry for entry in entries if is_logged(entry[0]))
    if not unique:
        return 0
    target.executemany(
        _INSERT, [(table, row_id, str(kind), moment, by) for table, row_id, kind in unique]
    )
    target.execute(_PRUNE, (KEEP_NEWEST,))
    return len(unique)


def newest_change_id(target: Executes) -> int:
    """The newest id in the log of the open database (0 where it has no log)."""
    found = target.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'", ()
    ).fetchone()
    if not found:
        return 0
    return int(target.execute("SELECT coalesce(max(id), 0) FROM changes", ()).fetchone()[0])


def mark_whole_database_changed(target: Executes, above: int, at: datetime | None = None) -> None:
    """After a restore: one ``WHOLE_DATABASE`` row with an id above ``above`` (the newest id
    the replaced database had) and above the restored log's own, so that no reader's cursor is
    past it and every reader reloads (the restored log's ids may repeat ids readers have seen)."""
    if not target.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'", ()
    ).fetchone():
        return  # a restored copy from before the log existed: its migration starts a new one
    next_id = max(above, newest_change_id(target)) + 1
    target.execute(
        "INSERT INTO changes (id, table_name, row_id, kind, at, changed_by) "
        "VALUES (?, ?, NULL, ?, ?, NULL)",
        (next_id, WHOLE_DATABASE, str(ChangeKind.UPDATE), moment_to_text(at or datetime.now(UTC))),
    )
