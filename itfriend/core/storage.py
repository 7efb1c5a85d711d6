"""The SQLite file as code sees it without SQLAlchemy: its schema revision, how moments are
written in it, and what a failed write means to the technician.

``db.py`` (SQLAlchemy) and ``reminders/store.py`` (sqlite3) both use this, so that they agree on
the file they share.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from itfriend.core.dbschema import ITFRIEND_COLUMNS
from itfriend.core.errors import StorageError

# The newest Alembic revision; a test checks that it matches the migrations folder.
SCHEMA_HEAD = "0002"
# sqlite3's message names the column (as the query labels it) and quotes the cell's text.
_UNDECODABLE_COLUMN = re.compile(r"decode to UTF-8 column '([A-Za-z0-9_]{1,60})'")


def moment_to_text(moment: datetime) -> str:
    """An aware moment as stored: naive UTC text, the way SQLAlchemy's SQLite ``DateTime``
    writes it (``YYYY-MM-DD HH:MM:SS.ffffff``), so that text comparison orders moments."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")  # as models.UtcDateTime does
    utc = moment.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}"
    )


def moment_from_text(text: str | None) -> datetime | None:
    """A stored moment as aware UTC (None stays None), as ``models.UtcDateTime`` returns it."""
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def storage_error(text: str, action: str = "written") -> StorageError:
    """The technician's message for SQLite's error ``text``; ``action`` says what failed
    ("written" or "read") when the error is none of the known ones."""
    if "decode to UTF-8" in text:
        # Never the message itself: it quotes the cell, which may be a personal note.
        return StorageError(
            f"the database is damaged (or was written by another program): "
            f"{_undecodable_place(text)} holds bytes that are not UTF-8 text, so it cannot be "
            "read; nothing was changed; see what is wrong with: itfriend db check"
        )
    if "malformed" in text or "not a database" in text:
        return StorageError(
            f"the database is damaged ({text}): nothing was changed; "
            "see what is wrong with: itfriend db check"
        )
    if "no such column" in text or "no such table" in text:
        return StorageError(
            f"the database is damaged or not at the schema this itfriend expects ({text}): "
            "nothing was changed; see what is wrong with: itfriend db check"
        )
    if "full" in text:
        return StorageError("the disk is full: nothing was saved; free some space and try again")
    if "readonly" in text or "read-only" in text:
        return StorageError("the database is read-only: nothing was saved; check its permissions")
    if "locked" in text:
        return StorageError("the database is busy in another program; try again in a moment")
    return StorageError(f"the database could not be {action}: {text}")


def _undecodable_place(text: str) -> str:
    """Where sqlite3's "Could not decode to UTF-8" error was met, in the technician's words: the
    table and column where they are known ("people.notes"), else the column as labelled."""
    found = _UNDECODABLE_COLUMN.search(text)
    if found is None:
        return "a value"
    label = found.group(1)
    # The ORM labels a column "<table>_<column>"; a plain query gives the column's own name.
    places = [
        f"{table}.{column}"
        for table, columns in ITFRIEND_COLUMNS.items()
        for column in columns
        if label in (column, f"{table}_{column}")
    ]
    return f"a value in {places[0]}" if len(places) == 1 else f"a value in the column {label!r}"
