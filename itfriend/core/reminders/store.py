"""What the always-running tray reads and writes, over plain sqlite3.

The tray stays small (issue 8: SQLAlchemy's ORM alone costs some 40 MiB there), so the reminder
planner, the due summary and the cool-down countdown read and write the database file through the
standard ``sqlite3`` module; the ORM services load only when an editing window opens. The answers
equal the services' (tests compare them on the same data): the SQL is the same, moments are
written the way SQLAlchemy writes them (``storage.moment_to_text``), and the rules over the rows
are the very functions the services use (``itfriend.core.rows``).

One short-lived connection per call, so that any thread may call; every write is one transaction.

The reads (what is due) are ``DueReader``'s, in ``due_reader.py``; this module adds what the
tray writes (a cool-down ended, reminders shown) and the checks around writing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from itfriend.core.change_feed.feed import ChangeKind
from itfriend.core.change_feed.log_sql import write_changes
from itfriend.core.clock import Clock, local_date
from itfriend.core.dbfile import connect_reading
from itfriend.core.errors import NotFoundError, StorageError
from itfriend.core.reminders.due_reader import DueReader
from itfriend.core.reminders.sql import (
    COOL_DOWN_COLUMNS,
    cool_down_row,
    get_state,
    marks,
    move_reminded_through,
    reading,
    set_states,
    shown_changes,
    writing,
)
from itfriend.core.rows.cool_downs import ENDED, CoolDownRow, check_finish
from itfriend.core.settings import Settings
from itfriend.core.storage import SCHEMA_HEAD, moment_to_text


def schema_is_current(database: Path) -> bool:
    """Whether ``database`` exists and is at the newest schema, so that the store may use it.

    False for a missing file, one without Alembic's table, an older revision, and a file that
    cannot be read at all (the full opener then reports that to the technician); never raises.
    """
    try:
        if not database.is_file():
            return False
        with contextlib.closing(connect_reading(database)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except (sqlite3.Error, OSError, ValueError):
        return False
    return row is not None and row[0] == SCHEMA_HEAD


def day_count(value: str | None, day: date) -> int:
    """The count kept as ``"YYYY-MM-DD N"`` for the local ``day`` (0 for another day)."""
    stored_day, _, count = (value or "").partition(" ")
    return int(count) if stored_day == day.isoformat() and count.isdigit() else 0


class ReminderStore(DueReader):
    """Reads what is due and records what was shown, over plain sqlite3 (see the module)."""

    def __init__(self, database: Path, settings: Settings, clock: Clock) -> None:
        super().__init__(database, settings, clock)
        # Why writes are refused (a damaged file found at start), until the technician
        # restores a backup or chooses to go on reading only; None: writes go ahead.
        self.write_refusal: str | None = None

    # --- cool-downs ----------------------------------------------------------------------

    def end_cool_down(self, cool_down_id: int) -> CoolDownRow:
        """Mark a cool-down over (``CoolDownService.end``)."""
        self._check_writable()
        with writing(self.database) as conn:
            found = conn.execute(
                f"SELECT {COOL_DOWN_COLUMNS} FROM cool_downs WHERE id = ?", (cool_down_id,)
            ).fetchone()
            if found is None:
                raise NotFoundError(f"there is no cool-down #{cool_down_id}")
            check_finish(cool_down_id, found["state"], ENDED)
            conn.execute("UPDATE cool_downs SET state = ? WHERE id = ?", (ENDED, cool_down_id))
            write_changes(conn, [("cool_downs", cool_down_id, ChangeKind.UPDATE)], self._by)
            ended = conn.execute(
                f"SELECT {COOL_DOWN_COLUMNS} FROM cool_downs WHERE id = ?", (cool_down_id,)
            ).fetchone()
        return cool_down_row(ended)

    @property
    def _by(self) -> str | None:
        """Who writes, for the change log (``me.name``, where set)."""
        return str(self.settings.get("me.name")) or None

    def _check_writable(self) -> None:
        if self.write_refusal is not None:
            raise StorageError(self.write_refusal)

    # --- what was shown ------------------------------------------------------------------

    def state(self, key: str) -> str | None:
        """A value the app remembers between runs (the ``app_state`` table), or None."""
        with reading(self.database) as conn:
            return get_state(conn, key)

    def record_shown(
        self,
        at: datetime,
        *,
        follow_up_ids: Sequence[int] = (),
        notice_ids: Sequence[int] = (),
        walk_arounds: Sequence[tuple[int, datetime]] = (),
        state: Mapping[str, str] | None = None,
        count_key: str | None = None,
        count: int = 0,
    ) -> None:
        """Remember, in one transaction, that reminders were shown at ``at``: follow-ups are
        notified, back-up notice reminders cleared, walk-arounds reminded through an occurrence
        (never moved back; a removed one is skipped), ``state`` values set, and ``count`` added
        to the day count under ``count_key`` (see ``day_count``; the local day of ``at``)."""
        self._check_writable()
        with writing(self.database) as conn:
            in_follow_ups, in_notices = marks(follow_up_ids), marks(notice_ids)
            conn.execute(
                f"UPDATE follow_ups SET notified_at = ? WHERE id IN ({in_follow_ups})",
                (moment_to_text(at), *follow_up_ids),
            )
            conn.execute(
                f"UPDATE announcements SET follow_up_at = NULL WHERE id IN ({in_notices})",
                tuple(notice_ids),
            )
            for walk_around_id, through in walk_arounds:
                move_reminded_through(conn, walk_around_id, through)
            values = dict(state or {})
            if count_key is not None:
                today = local_date(at)
                total = day_count(get_state(conn, count_key), today) + count
                values[count_key] = f"{today.isoformat()} {total}"
            set_states(conn, values)
            write_changes(
                conn, shown_changes(conn, follow_up_ids, notice_ids, walk_arounds, values), self._by
            )
