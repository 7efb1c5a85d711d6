"""Writing the change log, in plain DB-API SQL shared by every writer: SQLAlchemy's recorder
(on its driver connection, at commit) and the tray's sqlite3 ``ReminderStore``.

Both call :func:`write_changes` inside their own open transaction, so the log rows commit or
roll back with the write they describe; each call also prunes the log to ``KEEP_NEWEST`` rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from itfriend.core.change_feed.feed import ChangeKind
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
