"""The sqlite3 side of ``ReminderStore``: its connections, the columns it selects and the plain
rows it makes of them.

Moments come back from sqlite3 as the text SQLAlchemy wrote; they are parsed here into aware UTC,
as ``models.UtcDateTime`` returns them, so that a row equals the one the ORM services make.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from itfriend.core.change_feed.feed import ChangeKind
from itfriend.core.change_feed.log_sql import ChangeEntry
from itfriend.core.dbfile import connect_reading, write_refusal
from itfriend.core.errors import StorageError
from itfriend.core.rows.cool_downs import CoolDownRow
from itfriend.core.rows.follow_ups import FollowUpRow
from itfriend.core.rows.notices import FollowUpNotice
from itfriend.core.rows.people import overdue_cutoffs
from itfriend.core.rows.walk_arounds import WalkAroundRow, moved_forward
from itfriend.core.storage import moment_from_text, moment_to_text, storage_error

BUSY_TIMEOUT_S = 5.0  # as the ORM's busy_timeout: wait this long for another writer

FOLLOW_UP_COLUMNS = (
    "f.id, f.person_id, p.name, p.department, f.due, f.reason, f.state, f.notified_at"
)
PERSON_COLUMNS = (
    "id, name, email, role, department, building, floor, room, phone, cadence_days,"
    " last_contact, created_at"
)
WALK_AROUND_COLUMNS = "id, building, rule, label, enabled, created_at, reminded_through"
BASELINE = "coalesce(last_contact, created_at)"  # what a person's staleness counts from
COOL_DOWN_COLUMNS = "id, label, ticket_text, heat, started_at, ends_at, state, draft"


class PersonColumns(NamedTuple):
    """What ``make_row`` reads of a person (as ``people.row_select`` selects it)."""

    id: int
    name: str
    email: str | None
    role: str
    department: str
    building: str
    floor: str
    room: str
    phone: str
    cadence_days: int | None
    last_contact: datetime | None
    created_at: datetime


def _moment(text: str) -> datetime:
    moment = moment_from_text(text)
    if moment is None:
        raise ValueError("a required moment is missing from the database")
    return moment


def person_columns(r: sqlite3.Row) -> PersonColumns:
    return PersonColumns(
        r["id"],
        r["name"],
        r["email"],
        r["role"],
        r["department"],
        r["building"],
        r["floor"],
        r["room"],
        r["phone"],
        r["cadence_days"],
        moment_from_text(r["last_contact"]),
        _moment(r["created_at"]),
    )


def follow_up_row(r: sqlite3.Row) -> FollowUpRow:
    return FollowUpRow(
        id=r["id"],
        person_id=r["person_id"],
        person_name=r["name"],
        department=r["department"],
        due=_moment(r["due"]),
        reason=r["reason"],
        state=r["state"],
        notified_at=moment_from_text(r["notified_at"]),
    )


def walk_around_row(r: sqlite3.Row) -> WalkAroundRow:
    return WalkAroundRow(
        id=r["id"],
        building=r["building"],
        rule=r["rule"],
        label=r["label"],
        enabled=bool(r["enabled"]),
        created_at=_moment(r["created_at"]),
        reminded_through=moment_from_text(r["reminded_through"]),
    )


def notice_row(r: sqlite3.Row) -> FollowUpNotice:
    return FollowUpNotice(
        announcement_id=r["id"],
        group_name=r["group_name"],
        template_name=r["follow_up_template"],
        due=_moment(r["follow_up_at"]),
        subject=r["subject"],
    )


def cool_down_row(r: sqlite3.Row) -> CoolDownRow:
    return CoolDownRow(
        id=r["id"],
        label=r["label"],
        ticket_text=r["ticket_text"],
        heat=r["heat"],
        started_at=_moment(r["started_at"]),
        ends_at=_moment(r["ends_at"]),
        state=r["state"],
        draft=r["draft"],
    )


@contextlib.contextmanager
def reading(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection whose reads see one consistent state of the file."""
    with _connection(database, "BEGIN", "read") as conn:
        yield conn


@contextlib.contextmanager
def writing(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection whose work is one transaction, committed at the end or rolled back whole;
    taken for writing at once, so that a read-modify-write cannot interleave with another."""
    with _connection(database, "BEGIN IMMEDIATE", "written") as conn:
        yield conn


@contextlib.contextmanager
def _connection(database: Path, begin: str, action: str) -> Iterator[sqlite3.Connection]:
    try:
        if action == "read":
            # Reads go on where the file cannot be written (a full disk, a read-only folder).
            conn = connect_reading(database)
        else:
            # mode=rw: a missing file is an error here, never a new empty database.
            uri = database.resolve().as_uri() + "?mode=rw"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise _error(database, exc, action) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(begin)
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    except sqlite3.Error as exc:
        raise _error(database, exc, action) from exc
    finally:
        conn.close()


def _error(database: Path, exc: sqlite3.Error, action: str) -> StorageError:
    """The technician's message; a full disk shows as an I/O error when SQLite cannot grow its
    ``-shm`` index, and a read-only folder as "unable to open"."""
    reason = write_refusal(database.parent) if action == "written" else None
    return StorageError(reason) if reason is not None else storage_error(str(exc), action)


def marks(values: Sequence[Any]) -> str:
    """As many ``?`` placeholders as ``values``, for ``IN (...)`` (``IN ()`` matches nothing)."""
    return ", ".join("?" * len(values))


def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def overdue_where(
    conn: sqlite3.Connection, now: datetime, default_cadence: int
) -> tuple[str, list[Any]]:
    """The WHERE clause (and its values) of overdue people, as ``PeopleService`` builds it."""
    cadences = [r[0] for r in conn.execute("SELECT DISTINCT cadence_days FROM people")]
    clauses: list[str] = ["0"]  # "0" matches nobody, as the ORM's false() does
    values: list[Any] = []
    for cadence, cutoff in overdue_cutoffs(now, default_cadence, cadences):
        if cadence is None:
            clauses.append(f"(cadence_days IS NULL AND {BASELINE} < ?)")
            values.append(moment_to_text(cutoff))
        else:
            clauses.append(f"(cadence_days = ? AND {BASELINE} < ?)")
            values += [cadence, moment_to_text(cutoff)]
    return " OR ".join(clauses), values


def move_reminded_through(conn: sqlite3.Connection, walk_around_id: int, through: datetime) -> None:
    """Move a walk-around's ``reminded_through`` forward (never back), as ``record_reminded``."""
    row = conn.execute(
        "SELECT reminded_through FROM walk_arounds WHERE id = ?", (walk_around_id,)
    ).fetchone()
    if row is None:
        return  # removed meanwhile: nothing left to remember
    later = moved_forward(moment_from_text(row[0]), through)
    conn.execute(
        "UPDATE walk_arounds SET reminded_through = ? WHERE id = ?",
        (moment_to_text(later), walk_around_id),
    )


def set_states(conn: sqlite3.Connection, values: Mapping[str, str]) -> None:
    """Set ``app_state`` values, adding the keys not there yet."""
    conn.executemany(
        "INSERT INTO app_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        values.items(),
    )


def shown_changes(
    conn: sqlite3.Connection,
    follow_up_ids: Sequence[int],
    notice_ids: Sequence[int],
    walk_arounds: Sequence[tuple[int, datetime]],
    states: Mapping[str, str],
) -> list[ChangeEntry]:
    """The change-log entries of ``ReminderStore.record_shown``: the rows it wrote (a walk-around
    removed meanwhile was not written), and ``app_state`` as a whole (its keys are not ids)."""
    walk_around_ids = [walk_around_id for walk_around_id, _ in walk_arounds]
    kept = {
        row[0]
        for row in conn.execute(
            f"SELECT id FROM walk_arounds WHERE id IN ({marks(walk_around_ids)})", walk_around_ids
        )
    }
    update = ChangeKind.UPDATE
    entries: list[ChangeEntry] = [("follow_ups", i, update) for i in follow_up_ids]
    entries += [("announcements", i, update) for i in notice_ids]
    entries += [("walk_arounds", i, update) for i in walk_around_ids if i in kept]
    if states:
        entries.append(("app_state", None, update))
    return entries
