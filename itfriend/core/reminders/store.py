"""What the always-running tray reads and writes, over plain sqlite3.

The tray stays small (issue 8: SQLAlchemy's ORM alone costs some 40 MiB there), so the reminder
planner, the due summary and the cool-down countdown read and write the database file through the
standard ``sqlite3`` module; the ORM services load only when an editing window opens. The answers
equal the services' (tests compare them on the same data): the SQL is the same, moments are
written the way SQLAlchemy writes them (``storage.moment_to_text``), and the rules over the rows
are the very functions the services use (``itfriend.core.rows``).

One short-lived connection per call, so that any thread may call; every write is one transaction.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping, Sequence, Set
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from itfriend.core.change_feed.feed import ChangeKind
from itfriend.core.change_feed.log_sql import write_changes
from itfriend.core.clock import Clock, local_date
from itfriend.core.dbfile import connect_reading
from itfriend.core.errors import NotFoundError, StorageError
from itfriend.core.reminders.sql import (
    BASELINE,
    COOL_DOWN_COLUMNS,
    FOLLOW_UP_COLUMNS,
    PERSON_COLUMNS,
    WALK_AROUND_COLUMNS,
    cool_down_row,
    follow_up_row,
    get_state,
    marks,
    move_reminded_through,
    notice_row,
    overdue_where,
    person_columns,
    reading,
    set_states,
    shown_changes,
    walk_around_row,
    writing,
)
from itfriend.core.rows.cool_downs import ENDED, RUNNING, CoolDownRow, check_finish
from itfriend.core.rows.follow_ups import PENDING, FollowUpRow
from itfriend.core.rows.notices import FollowUpNotice
from itfriend.core.rows.people import PersonRow, make_row, stalest_first
from itfriend.core.rows.walk_arounds import (
    DueWalkAround,
    WalkAroundRow,
    due_walk_arounds,
    moved_forward,
    next_walk_around_due,
)
from itfriend.core.settings import Settings
from itfriend.core.storage import (
    SCHEMA_HEAD,
    moment_from_text,
    moment_to_text,
)


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


class ReminderStore:
    """Reads what is due and records what was shown, over plain sqlite3 (see the module)."""

    def __init__(self, database: Path, settings: Settings, clock: Clock) -> None:
        self.database = database
        self.settings = settings
        self.clock = clock
        # Why writes are refused (a damaged file found at start), until the technician
        # restores a backup or chooses to go on reading only; None: writes go ahead.
        self.write_refusal: str | None = None

    # --- follow-ups ----------------------------------------------------------------------

    def follow_ups_due(self, now: datetime) -> list[FollowUpRow]:
        """Pending follow-ups whose moment has come, soonest first (``FollowUpService.due``)."""
        query = (
            f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups AS f JOIN people AS p"
            " ON p.id = f.person_id WHERE f.state IN (?, ?) AND f.due <= ? ORDER BY f.due, f.id"
        )
        with reading(self.database) as conn:
            rows = conn.execute(query, (*PENDING, moment_to_text(now))).fetchall()
        return [follow_up_row(r) for r in rows]

    def next_follow_up_due(
        self, skipping: Set[tuple[int, datetime]] = frozenset()
    ) -> datetime | None:
        """The soonest pending follow-up moment not yet reminded of, passing over the
        ``(id, due)`` pairs in ``skipping`` (shown, but the showing could not be recorded)."""
        query = (
            "SELECT id, due FROM follow_ups WHERE state IN (?, ?) AND notified_at IS NULL"
            " ORDER BY due, id LIMIT ?"
        )
        with reading(self.database) as conn:
            rows = conn.execute(query, (*PENDING, len(skipping) + 1)).fetchall()
        return _first_not_skipped(rows, skipping)

    # --- people --------------------------------------------------------------------------

    def count_overdue(self) -> int:
        """How many people are past their contact cadence (``PeopleService.count_overdue``)."""
        with reading(self.database) as conn:
            where, values = overdue_where(conn, self.clock.now(), self._default_cadence)
            found = conn.execute(f"SELECT count(*) FROM people WHERE {where}", values).fetchone()
        return int(found[0])

    def overdue(self, limit: int | None = None) -> list[PersonRow]:
        """Overdue people, longest without contact first (``PeopleService.overdue``)."""
        with reading(self.database) as conn:
            where, values = overdue_where(conn, self.clock.now(), self._default_cadence)
            query = f"SELECT {PERSON_COLUMNS} FROM people WHERE {where} ORDER BY {BASELINE}, id"
            if limit is not None:
                query, values = query + " LIMIT ?", [*values, limit]
            return self._people(conn.execute(query, values).fetchall())

    def stalest(self, building: str, limit: int | None = None) -> list[PersonRow]:
        """The people of a building, not seen for longest first (``WalkAroundService.stalest``)."""
        query = f"SELECT {PERSON_COLUMNS} FROM people WHERE building = ? ORDER BY lower(name), id"
        with reading(self.database) as conn:
            rows = self._people(conn.execute(query, (building,)).fetchall())
        return stalest_first(rows, limit)

    def _people(self, rows: Sequence[sqlite3.Row]) -> list[PersonRow]:
        now, default = self.clock.now(), self._default_cadence
        today = local_date(now)
        return [make_row(person_columns(r), now, default, today) for r in rows]

    @property
    def _default_cadence(self) -> int:
        return int(self.settings.get("contact.cadence_days"))

    # --- walk-arounds --------------------------------------------------------------------

    def walk_arounds_due(
        self, now: datetime, reminded_through: Mapping[int, datetime] | None = None
    ) -> list[DueWalkAround]:
        """Enabled walk-arounds with occurrences not yet reminded of, up to ``now``;
        ``reminded_through`` moves some forward (shown, but that could not be recorded)."""
        return due_walk_arounds(self._enabled_walk_arounds(reminded_through), now)

    def next_walk_around_due(
        self, reminded_through: Mapping[int, datetime] | None = None
    ) -> datetime | None:
        """The soonest walk-around occurrence not yet reminded of (possibly past)."""
        return next_walk_around_due(self._enabled_walk_arounds(reminded_through))

    def _enabled_walk_arounds(
        self, reminded_through: Mapping[int, datetime] | None
    ) -> list[WalkAroundRow]:
        query = (
            f"SELECT {WALK_AROUND_COLUMNS} FROM walk_arounds WHERE enabled IS 1"
            " ORDER BY building, id"
        )
        with reading(self.database) as conn:
            rows = [walk_around_row(r) for r in conn.execute(query)]
        through = reminded_through or {}
        return [
            replace(r, reminded_through=moved_forward(r.reminded_through, through[r.id]))
            if r.id in through
            else r
            for r in rows
        ]

    # --- back-up notices -----------------------------------------------------------------

    def due_follow_up_notices(self, now: datetime) -> list[FollowUpNotice]:
        """Back-up notice reminders whose moment has come, oldest first."""
        query = (
            "SELECT id, group_name, follow_up_template, follow_up_at, subject FROM announcements"
            " WHERE follow_up_at IS NOT NULL AND follow_up_at <= ? ORDER BY follow_up_at, id"
        )
        with reading(self.database) as conn:
            return [notice_row(r) for r in conn.execute(query, (moment_to_text(now),))]

    def next_follow_up_notice(
        self, skipping: Set[tuple[int, datetime]] = frozenset()
    ) -> datetime | None:
        """The soonest back-up notice reminder (possibly already past), passing over the
        ``(announcement id, due)`` pairs in ``skipping``."""
        query = (
            "SELECT id, follow_up_at FROM announcements WHERE follow_up_at IS NOT NULL"
            " ORDER BY follow_up_at, id LIMIT ?"
        )
        with reading(self.database) as conn:
            rows = conn.execute(query, (len(skipping) + 1,)).fetchall()
        return _first_not_skipped(rows, skipping)

    # --- cool-downs ----------------------------------------------------------------------

    def running_cool_downs(self) -> list[CoolDownRow]:
        """Cool-downs not yet ended or replied to, soonest end first."""
        query = f"SELECT {COOL_DOWN_COLUMNS} FROM cool_downs WHERE state = ? ORDER BY ends_at, id"
        with reading(self.database) as conn:
            return [cool_down_row(r) for r in conn.execute(query, (RUNNING,))]

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


def _first_not_skipped(
    rows: Sequence[sqlite3.Row], skipping: Set[tuple[int, datetime]]
) -> datetime | None:
    """The moment of the first ``(id, moment)`` row not in ``skipping``."""
    for item_id, text in rows:
        moment = moment_from_text(text)
        if moment is not None and (item_id, moment) not in skipping:
            return moment
    return None
