"""What the tray reads to know what is due, over plain sqlite3: the read half of ``ReminderStore``.

The reminder planner, the due summary and the cool-down countdown ask these questions all day;
each answer equals the matching service's (named in each docstring), with the same SQL and the
same rules over the rows (``itfriend.core.rows``). They are kept apart from the store's writes
(``store.py``), which carry the refusal of a damaged file and the change log; nothing here
writes. Like the store, this must not import SQLAlchemy (see ``store.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence, Set
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from itfriend.core.clock import Clock, local_date
from itfriend.core.reminders.sql import (
    BASELINE,
    COOL_DOWN_COLUMNS,
    FOLLOW_UP_COLUMNS,
    PERSON_COLUMNS,
    WALK_AROUND_COLUMNS,
    cool_down_row,
    follow_up_row,
    notice_row,
    overdue_where,
    person_columns,
    reading,
    walk_around_row,
)
from itfriend.core.rows.cool_downs import RUNNING, CoolDownRow
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
from itfriend.core.storage import moment_from_text, moment_to_text


class DueReader:
    """Reads what is due over plain sqlite3, one short-lived connection per call."""

    def __init__(self, database: Path, settings: Settings, clock: Clock) -> None:
        self.database = database
        self.settings = settings
        self.clock = clock

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


def _first_not_skipped(
    rows: Sequence[sqlite3.Row], skipping: Set[tuple[int, datetime]]
) -> datetime | None:
    """The moment of the first ``(id, moment)`` row not in ``skipping``."""
    for item_id, text in rows:
        moment = moment_from_text(text)
        if moment is not None and (item_id, moment) not in skipping:
            return moment
    return None
