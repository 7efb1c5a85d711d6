"""Walk-arounds: recurring visits to a building, and whom to look in on while there.

Each walk-around keeps ``reminded_through``, the latest occurrence already reminded of, so that
after sleep or a restart the occurrences missed meanwhile are found again, and shown once.
"""

from __future__ import annotations

import builtins
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import WalkAround
from itfriend.core.people import PeopleService, PersonRow
from itfriend.core.recurrence import normalize_rule
from itfriend.core.rows.people import floor_key, staleness_key, stalest_first
from itfriend.core.rows.walk_arounds import DueWalkAround as DueWalkAround
from itfriend.core.rows.walk_arounds import WalkAroundRow as WalkAroundRow
from itfriend.core.rows.walk_arounds import (
    due_walk_arounds,
    moved_forward,
    next_walk_around_due,
)


class WalkAroundService:
    """Adds, lists and removes walk-arounds; tells which are due and whom to visit."""

    def __init__(self, db: Database, clock: Clock, people: PeopleService) -> None:
        self._db = db
        self._clock = clock
        self._people = people

    def add(self, building: str, rule: str, label: str = "") -> WalkAroundRow:
        """A walk-around of ``building`` on an RRULE (see ``recurrence.weekly_rule``)."""
        name = building.strip()
        if not name:
            raise ValidationError("say which building the walk-around is for")
        if len(name) > 200 or len(label.strip()) > 200:
            raise ValidationError("building and label are at most 200 characters")
        # Use the spelling the people records use, so that "hq" finds the people of "HQ".
        known = {b.lower(): b for b in self._people.buildings()}
        name = known.get(name.lower(), name)
        now = self._clock.now()
        stored = normalize_rule(rule, now)
        with self._db.transaction() as session:
            walk_around = WalkAround(
                building=name, rule=stored, label=label.strip(), enabled=True, created_at=now
            )
            session.add(walk_around)
            session.flush()
            return _row(walk_around)

    def list(self, enabled_only: bool = False) -> list[WalkAroundRow]:
        query = select(WalkAround).order_by(WalkAround.building, WalkAround.id)
        if enabled_only:
            query = query.where(WalkAround.enabled.is_(True))
        with self._db.transaction() as session:
            return [_row(w) for w in session.scalars(query)]

    def get(self, walk_around_id: int) -> WalkAroundRow:
        with self._db.transaction() as session:
            return _row(_get(session, walk_around_id))

    def remove(self, walk_around_id: int) -> WalkAroundRow:
        with self._db.transaction() as session:
            walk_around = _get(session, walk_around_id)
            row = _row(walk_around)
            session.delete(walk_around)
            return row

    def set_enabled(self, walk_around_id: int, enabled: bool) -> WalkAroundRow:
        with self._db.transaction() as session:
            walk_around = _get(session, walk_around_id)
            walk_around.enabled = enabled
            return _row(walk_around)

    def next_due(self) -> datetime | None:
        """The soonest occurrence not yet reminded of (possibly past), over enabled ones."""
        return next_walk_around_due(self.list(enabled_only=True))

    def due(
        self, now: datetime | None = None, include_reminded_today: bool = False
    ) -> builtins.list[DueWalkAround]:
        """Enabled walk-arounds with occurrences not yet reminded of, up to ``now`` (see
        ``due_walk_arounds``)."""
        return due_walk_arounds(
            self.list(enabled_only=True), now or self._clock.now(), include_reminded_today
        )

    def mark_reminded(self, walk_around_id: int, through: datetime) -> None:
        with self._db.transaction() as session:
            record_reminded(session, walk_around_id, through)

    def suggest(self, building: str, limit: int | None = None) -> builtins.list[PersonRow]:
        """The ``limit`` people of a building not seen for longest, ordered by floor, then
        staleness (never seen first): the order in which to walk the building."""
        return sorted(
            self.stalest(building, limit), key=lambda r: (floor_key(r.floor), staleness_key(r))
        )

    def stalest(self, building: str, limit: int | None = None) -> builtins.list[PersonRow]:
        """The people of a building, not seen for longest first."""
        return stalest_first(self._people.list(building=building), limit)


def record_reminded(session: Session, walk_around_id: int, through: datetime) -> None:
    """Move ``reminded_through`` forward (never back) inside the caller's transaction."""
    walk_around = session.get(WalkAround, walk_around_id)
    if walk_around is None:
        return  # removed meanwhile: nothing left to remember
    walk_around.reminded_through = moved_forward(walk_around.reminded_through, through)


def group_by_floor(rows: list[PersonRow]) -> list[tuple[str, list[PersonRow]]]:
    """Rows (already in floor order) grouped per floor, for a walk-around list."""
    groups: list[tuple[str, list[PersonRow]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.floor:
            groups[-1][1].append(row)
        else:
            groups.append((row.floor, [row]))
    return groups


def _get(session: Session, walk_around_id: int) -> WalkAround:
    walk_around = session.get(WalkAround, walk_around_id)
    if walk_around is None:
        raise NotFoundError(f"there is no walk-around #{walk_around_id}")
    return walk_around


def _row(w: WalkAround) -> WalkAroundRow:
    return WalkAroundRow(
        id=w.id,
        building=w.building,
        rule=w.rule,
        label=w.label,
        enabled=w.enabled,
        created_at=w.created_at,
        reminded_through=w.reminded_through,
    )
