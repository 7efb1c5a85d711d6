"""A walk-around as lists read it, and which are due: pure rules over rows and a moment.

``WalkAroundService`` (SQLAlchemy) and ``ReminderStore`` (sqlite3) both read the rows and hand
them to ``due_walk_arounds`` and ``next_walk_around_due``, so that the two always agree.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from itfriend.core.clock import local_date
from itfriend.core.errors import ValidationError
from itfriend.core.recurrence import next_occurrence, occurrences_between

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


def safely(row: WalkAroundRow, compute: Callable[[WalkAroundRow], T]) -> T | None:
    """``compute(row)``, or None (logged) when its stored rule cannot be evaluated: one bad
    walk-around, e.g. from an older version that accepted it, must not stop every reminder."""
    try:
        return compute(row)
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        log.error("walk-around #%d has a rule that cannot be used (%s): skipped", row.id, exc)
        return None


def next_walk_around_due(rows: Iterable[WalkAroundRow]) -> datetime | None:
    """The soonest occurrence not yet reminded of (possibly past), over the enabled rows."""
    moments = [safely(r, lambda w: w.next_after(w.since)) for r in rows if r.enabled]
    return min((m for m in moments if m is not None), default=None)


def due_walk_arounds(
    rows: Iterable[WalkAroundRow], now: datetime, include_reminded_today: bool = False
) -> list[DueWalkAround]:
    """Enabled walk-arounds with occurrences not yet reminded of, up to ``now``.

    Several missed occurrences make one entry (the latest, with their count). With
    ``include_reminded_today``, one already reminded of today is listed too (count 0), so that
    ``itfriend due`` still shows it after the notification.
    """
    found: list[DueWalkAround] = []
    for row in rows:
        if not row.enabled:
            continue
        missed = safely(row, lambda r: occurrences_between(r.rule, r.created_at, r.since, now))
        if missed:
            found.append(DueWalkAround(row, missed[-1], len(missed)))
        elif (
            include_reminded_today
            and row.reminded_through is not None
            and row.reminded_through <= now
            and local_date(row.reminded_through) == local_date(now)
        ):
            found.append(DueWalkAround(row, row.reminded_through, 0))
    return sorted(found, key=lambda d: (d.latest, d.walk_around.id))


def moved_forward(current: datetime | None, through: datetime) -> datetime:
    """The new ``reminded_through`` after reminding of ``through``: it never goes back."""
    return through if current is None or current < through else current
