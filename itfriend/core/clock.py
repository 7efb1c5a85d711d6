"""Time as the core sees it: a clock that can be replaced in tests, and local-time helpers.

Stored moments are UTC; the technician thinks in local dates and hours, so conversion happens here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Protocol

# The days as settings, quiet hours and walk-around rounds name them, in ``date.weekday()`` order.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Clock(Protocol):
    """Something that tells the current moment as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to; for tests and simulations."""

    def __init__(self, start: datetime) -> None:
        self._now = as_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = as_utc(moment)

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self._now += timedelta(**delta)


def local_tz() -> tzinfo:
    """The local time zone with its daylight-saving rules (a fixed offset would be wrong half
    the year for moments in the other season)."""
    from dateutil.tz import tzlocal

    zone: tzinfo = tzlocal()
    return zone


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken as local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_tz())
    return moment.astimezone(UTC)


def local_date(moment: datetime) -> date:
    # astimezone() without a zone uses the C library's local time for that very moment: right
    # across daylight-saving changes, and fast enough for 100,000 rows (dateutil's is not).
    return moment.astimezone().date()


def days_between(earlier: datetime, later: datetime) -> int:
    """Whole calendar days between two moments, counted on the local calendar."""
    return (local_date(later) - local_date(earlier)).days
