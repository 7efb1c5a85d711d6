"""Walk-arounds: recurring visits to a building, and whom to look in on while there.

Each walk-around keeps ``reminded_through``, the latest occurrence already reminded of, so that
after sleep or a restart the occurrences missed meanwhile are found again, and shown once.
"""

from __future__ import annotations

import builtins
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from itfriend.core.clock import Clock, local_date
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import WalkAround
from itfriend.core.people import PeopleService, PersonRow
from itfriend.core.recurrence import next_occurrence, normalize_rule, occurrences_between

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class WalkAroundRow:
    id: int
    building: str
    rule: str
    label: str
    enabled: bool
    created_at: datetime
    reminded_through: datetime | None

    @property
    def since(self) -> datetime:
        """Occurrences after this moment have not been reminded of yet."""
        return self.reminded_through or self.created_at

    @property
    def title(self) -> str:
        return f"{self.label} ({self.building})" if self.label else self.building

    def next_after(self, moment: datetime) -> datetime | None:
        return next_occurrence(self.rule, self.created_at, moment)

    def to_json(self, now: datetime) -> dict[str, Any]:
        upcoming = self.next_after(now) if self.enabled else None
        return {
            "id": self.id,
            "building": self.building,
            "rule": self.rule,
            "label": self.label,
            "enabled": self.enabled,
            "next": upcoming.isoformat() if upcoming else None,
            "reminded_through": (
                self.reminded_through.isoformat() if self.reminded_through else None
            ),
        }


@dataclass(frozen=True)
class DueWalkAround:
    """A walk-around whose time has come: its latest occurrence and how many were missed."""

    walk_around: WalkAroundRow
    latest: datetime
    count: int  # occurrences not yet reminded of (0 when already reminded of today)


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
        moments = []
        for row in self.list(enabled_only=True):
            moment = _safely(row, lambda r: r.next_after(r.since))
            if moment is not None:
                moments.append(moment)
        return min(moments, default=None)

    def due(
        self, now: datetime | None = None, include_reminded_today: bool = False
    ) -> builtins.list[DueWalkAround]:
        """Enabled walk-arounds with occurrences not yet reminded of, up to ``now``.

        Several missed occurrences make one entry (the latest, with their count). With
        ``include_reminded_today``, one already reminded of today is listed too (count 0), so
        that ``itfriend due`` still shows it after the notification.
        """
        moment = now or self._clock.now()
        found: builtins.list[DueWalkAround] = []
        for row in self.list(enabled_only=True):
            missed = _safely(
                row, lambda r: occurrences_between(r.rule, r.created_at, r.since, moment)
            )
            if missed:
                found.append(DueWalkAround(row, missed[-1], len(missed)))
            elif (
                include_reminded_today
                and row.reminded_through is not None
                and row.reminded_through <= moment
                and local_date(row.reminded_through) == local_date(moment)
            ):
                found.append(DueWalkAround(row, row.reminded_through, 0))
        return sorted(found, key=lambda d: (d.latest, d.walk_around.id))

    def mark_reminded(self, walk_around_id: int, through: datetime) -> None:
        with self._db.transaction() as session:
            record_reminded(session, walk_around_id, through)

    def suggest(self, building: str, limit: int | None = None) -> builtins.list[PersonRow]:
        """The ``limit`` people of a building not seen for longest, ordered by floor, then
        staleness (never seen first): the order in which to walk the building."""
        return sorted(
            self.stalest(building, limit), key=lambda r: (_floor_key(r.floor), _staleness_key(r))
        )

    def stalest(self, building: str, limit: int | None = None) -> builtins.list[PersonRow]:
        """The people of a building, not seen for longest first."""
        rows = sorted(self._people.list(building=building), key=_staleness_key)
        return rows if limit is None else rows[:limit]


def _safely(row: WalkAroundRow, compute: Callable[[WalkAroundRow], T]) -> T | None:
    """``compute(row)``, or None (logged) when its stored rule cannot be evaluated: one bad
    walk-around, e.g. from an older version that accepted it, must not stop every reminder."""
    try:
        return compute(row)
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        log.error("walk-around #%d has a rule that cannot be used (%s): skipped", row.id, exc)
        return None


def record_reminded(session: Session, walk_around_id: int, through: datetime) -> None:
    """Move ``reminded_through`` forward (never back) inside the caller's transaction."""
    walk_around = session.get(WalkAround, walk_around_id)
    if walk_around is None:
        return  # removed meanwhile: nothing left to remember
    if walk_around.reminded_through is None or walk_around.reminded_through < through:
        walk_around.reminded_through = through


def group_by_floor(rows: list[PersonRow]) -> list[tuple[str, list[PersonRow]]]:
    """Rows (already in floor order) grouped per floor, for a walk-around list."""
    groups: list[tuple[str, list[PersonRow]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.floor:
            groups[-1][1].append(row)
        else:
            groups.append((row.floor, [row]))
    return groups


def _floor_key(floor: str) -> tuple[bool, list[Any]]:
    # Natural order ("2" before "10"); people without a floor come last.
    parts = re.split(r"(\d+)", floor.strip().lower())
    return (not floor.strip(), [int(p) if i % 2 else p for i, p in enumerate(parts)])


def _staleness_key(row: PersonRow) -> tuple[bool, datetime, str]:
    oldest = datetime.min.replace(tzinfo=UTC)
    return (row.last_contact is not None, row.last_contact or oldest, row.name.lower())


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
