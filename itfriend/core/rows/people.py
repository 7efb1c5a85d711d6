"""A person as lists read them (``PersonRow``), and the pure rules about contact and staleness.

Both ``PeopleService`` (SQLAlchemy) and ``ReminderStore`` (sqlite3) build rows with ``make_row``
and decide who is overdue with ``overdue_cutoffs``, so that the two always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from itfriend.core.clock import as_utc, local_date, local_tz


@dataclass(frozen=True)
class PersonRow:
    """What a list shows of a person: plain values, cheap to make by the hundred thousand."""

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
    days_since_contact: int | None
    overdue: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "role": self.role,
            "department": self.department,
            "building": self.building,
            "floor": self.floor,
            "room": self.room,
            "phone": self.phone,
            "cadence_days": self.cadence_days,
            "last_contact": local_date(self.last_contact).isoformat()
            if self.last_contact
            else None,
            "days_since_contact": self.days_since_contact,
            "overdue": self.overdue,
        }


def make_row(
    source: Any, now: datetime, default_cadence: int, today: date | None = None
) -> PersonRow:
    """A PersonRow from anything with the person columns (an ORM object or a result row).

    ``today`` (the local date of ``now``) may be given when making many rows at once.
    """
    day = today or local_date(now)
    last = source.last_contact
    since_last = (day - local_date(last)).days if last else None
    since_baseline = (
        since_last if since_last is not None else (day - local_date(source.created_at)).days
    )
    cadence = source.cadence_days or default_cadence
    return PersonRow(
        id=source.id,
        name=source.name,
        email=source.email,
        role=source.role,
        department=source.department,
        building=source.building,
        floor=source.floor,
        room=source.room,
        phone=source.phone,
        cadence_days=source.cadence_days,
        last_contact=last,
        days_since_contact=since_last,
        overdue=since_baseline > cadence,
    )


def contact_cutoff(now: datetime, cadence_days: int) -> datetime:
    """Contact before this moment means more than ``cadence_days`` local calendar days ago."""
    today = local_date(now)
    return as_utc(datetime.combine(today - timedelta(days=cadence_days), time(0), local_tz()))


def overdue_cutoffs(
    now: datetime, default_cadence: int, cadences: Iterable[int | None]
) -> list[tuple[int | None, datetime]]:
    """``(cadence, cutoff)`` pairs: a person is overdue when their last contact (or, if never
    contacted, their adding) is before the cutoff of their cadence. ``None`` stands for the
    people without a cadence of their own, who follow ``default_cadence``.

    One range condition per distinct cadence in use keeps the query portable and
    index-friendly, instead of date arithmetic that differs between databases.
    """
    pairs: list[tuple[int | None, datetime]] = [(None, contact_cutoff(now, default_cadence))]
    pairs += [(c, contact_cutoff(now, c)) for c in dict.fromkeys(cadences) if c]
    return pairs


def staleness_key(row: PersonRow) -> tuple[bool, datetime, str]:
    """Sort key: never seen first, then longest since the last contact, then by name."""
    oldest = datetime.min.replace(tzinfo=UTC)
    return (row.last_contact is not None, row.last_contact or oldest, row.name.lower())


def stalest_first(rows: Iterable[PersonRow], limit: int | None = None) -> list[PersonRow]:
    """The rows (given by name) not seen for longest first, at most ``limit`` of them."""
    ordered = sorted(rows, key=staleness_key)
    return ordered if limit is None else ordered[:limit]


def floor_key(floor: str) -> tuple[bool, list[Any]]:
    """Sort key in natural order ("2" before "10"); people without a floor come last."""
    parts = re.split(r"(\d+)", floor.strip().lower())
    return (not floor.strip(), [int(p) if i % 2 else p for i, p in enumerate(parts)])
