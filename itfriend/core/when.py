"""Parses the moments a technician types: ``3d``, ``1w``, ``tomorrow``, ``2026-12-01 14:00``."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from itfriend.core.clock import as_utc, local_tz
from itfriend.core.errors import ValidationError
from itfriend.core.quoting import quoted

_OFFSET = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_UNIT = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_LONGEST = timedelta(days=3653)
_EARLIEST_YEAR, _LATEST_YEAR = 1900, 2200
_HELP = "use 30m, 2h, 3d, 1w, today, tomorrow, yesterday, next week, YYYY-MM-DD or YYYY-MM-DD HH:MM"


def parse_offset(text: str) -> timedelta | None:
    """``3d`` → 3 days; None when the text is not an offset."""
    match = _OFFSET.match(text)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2).lower()
    try:
        offset = timedelta(**{_UNIT[unit]: amount})
    except OverflowError:
        offset = _LONGEST + _LONGEST
    if offset > _LONGEST:
        raise ValidationError(f"{quoted(text)} is too far away; use at most 10 years")
    return offset


def parse_moment(text: str, now: datetime, default_time: time = time(9, 0)) -> datetime:
    """A moment from what the user typed, as aware UTC.

    Offsets count from ``now``; a day without an hour means ``default_time`` local time on that day.
    """
    raw = text.strip()
    lowered = raw.lower()
    if lowered == "now":
        return as_utc(now)
    offset = parse_offset(raw)
    if offset is not None:
        return as_utc(now) + offset
    local_now = now.astimezone(local_tz())
    named_days = {"today": 0, "tomorrow": 1, "yesterday": -1, "next week": 7}
    if lowered in named_days:
        day = local_now.date() + timedelta(days=named_days[lowered])
        return as_utc(datetime.combine(day, default_time))
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            f"{quoted(text)} is not a date or time I understand; {_HELP}"
        ) from None
    if not _EARLIEST_YEAR <= parsed.year <= _LATEST_YEAR:
        raise ValidationError(
            f"{quoted(text)} is not a year I can use ({_EARLIEST_YEAR}-{_LATEST_YEAR})"
        )
    if len(raw) <= 10:  # a bare date
        parsed = datetime.combine(parsed.date(), default_time)
    return as_utc(parsed)
