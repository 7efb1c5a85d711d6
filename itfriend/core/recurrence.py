"""Recurrence rules of walk-arounds: RFC 5545 RRULE text, read with python-dateutil.

A rule's hours are local wall-clock hours ("every Tuesday at 10:00" stays at 10:00 in summer), so
occurrences are computed on naive local times and only then turned into aware UTC moments. A
rule starts at its first moment after the walk-around's creation, which fixes the weeks an
"every 2 weeks" rule falls on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dateutil.rrule import rrulestr

from itfriend.core.clock import WEEKDAYS
from itfriend.core.errors import ValidationError
from itfriend.core.quoting import quoted
from itfriend.core.reminders.quiet_hours import to_local

_DAY_CODES = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
_FULL_DAYS = dict(
    zip(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        _DAY_CODES.values(),
        strict=True,
    )
)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# Rules that repeat faster than hourly would make a reminder machine, not a walk-around.
_FREQUENCIES = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RULE_HELP = "e.g. FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=10;BYMINUTE=0"


def weekly_rule(days: Sequence[str] | str, at: str, every_weeks: int = 1) -> str:
    """The RRULE of "every ``every_weeks`` weeks on ``days`` at ``at``" (local time).

    ``days`` are names such as ``tue,thu`` or ``tuesday``; ``at`` is ``HH:MM``.
    """
    names = days.split(",") if isinstance(days, str) else list(days)
    codes: list[str] = []
    for name in (n.strip().lower() for n in names):
        if not name:
            continue
        code = _day_code(name)
        if code is None:
            raise ValidationError(
                f"{quoted(name)} is not a day; list days as mon,tue,wed,thu,fri,sat,sun"
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError("say on which days, e.g. --days tue,thu")
    match = _TIME.match(at.strip())
    if match is None:
        raise ValidationError(f"{quoted(at)} is not a time; use a 24-hour time such as 10:00")
    if not 1 <= every_weeks <= 52:
        raise ValidationError("every-weeks must be between 1 and 52")
    codes.sort(key=list(_DAY_CODES.values()).index)
    interval = f"INTERVAL={every_weeks};" if every_weeks > 1 else ""
    return (
        f"FREQ=WEEKLY;{interval}BYDAY={','.join(codes)};"
        f"BYHOUR={int(match.group(1))};BYMINUTE={int(match.group(2))};BYSECOND=0"
    )


def _day_code(name: str) -> str | None:
    """``tue``, ``tu`` or ``tuesday`` → ``TU``; None for anything else."""
    for full, code in _FULL_DAYS.items():
        if len(name) >= 2 and full.startswith(name):
            return code
    return None


def normalize_rule(text: str, anchor: datetime) -> str:
    """The rule in the stored form (no ``RRULE:`` prefix, upper case), or ValidationError."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    rule = rule.strip().upper()
    if not rule:
        raise ValidationError(f"the recurrence rule is empty; {_RULE_HELP}")
    if any(c in rule for c in "\r\n") or "DTSTART" in rule:
        raise ValidationError(f"give one RRULE line without DTSTART; {_RULE_HELP}")
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if parts.get("FREQ") not in _FREQUENCIES:
        raise ValidationError(
            f"a walk-around rule needs FREQ={'/'.join(_FREQUENCIES)}; {_RULE_HELP}"
        )
    for key, highest in (("BYHOUR", 23), ("BYMINUTE", 59), ("BYSECOND", 59)):
        values = parts.get(key, "").split(",") if key in parts else []
        # ASCII digits, at most two: int() refuses "¹" and numbers of over 4,300 digits.
        if any(not (v.isascii() and v.isdigit()) or len(v) > 2 or int(v) > highest for v in values):
            raise ValidationError(f"{key} takes numbers from 0 to {highest}; {_RULE_HELP}")
    recurrence = _parse(rule, anchor)
    # dateutil checks most of a rule only when it makes dates: make the first one now, so that
    # a rule that cannot work (BYHOUR=25) or never happens (30 February) is refused here, not
    # later in the reminder timer.
    try:
        first = recurrence.after(to_local(anchor).replace(tzinfo=None), inc=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            f"{quoted(rule)} is not a recurrence rule I understand ({exc}); {_RULE_HELP}"
        ) from None
    if first is None:
        raise ValidationError(f"{quoted(rule)} never happens; {_RULE_HELP}")
    return rule


def _parse(rule: str, anchor: datetime) -> Any:
    """The dateutil rule, started at the first matching moment after ``anchor``.

    Starting there (not at the anchor itself) makes "every 2 weeks on Tuesday", added on a
    Wednesday, begin next Tuesday: dateutil counts intervals from the start's own week.
    """
    start = to_local(anchor).replace(tzinfo=None, second=0, microsecond=0)
    try:
        parts = rule.split(";")
        every_time = ";".join(p for p in parts if not p.startswith(("INTERVAL=", "COUNT=")))
        if every_time != rule:
            first = rrulestr(every_time, dtstart=start).after(start, inc=True)
            start = first or start
        return rrulestr(rule, dtstart=start)
    except (ValueError, TypeError, OverflowError) as exc:  # UNTIL=99999999999 overflows
        raise ValidationError(
            f"{quoted(rule)} is not a recurrence rule I understand ({exc}); {_RULE_HELP}"
        ) from None


def _naive_local(moment: datetime) -> datetime:
    return to_local(moment).replace(tzinfo=None)


def _utc(naive_local: datetime) -> datetime:
    return naive_local.astimezone(UTC)


def occurrences_between(
    rule: str, anchor: datetime, after: datetime, through: datetime
) -> list[datetime]:
    """Occurrences (aware UTC) later than ``after`` and no later than ``through``."""
    if through <= after:
        return []
    found = _parse(rule, anchor).between(_naive_local(after), _naive_local(through), inc=True)
    return [m for m in (_utc(n) for n in found) if after < m <= through]


def next_occurrence(rule: str, anchor: datetime, after: datetime) -> datetime | None:
    """The first occurrence (aware UTC) later than ``after``; None when the rule has ended."""
    recurrence = _parse(rule, anchor)
    candidate = _naive_local(after)
    # Normally one step; more only around a daylight-saving fold, where naive times repeat.
    for _ in range(4):
        found = recurrence.after(candidate, inc=False)
        if found is None:
            return None
        moment = _utc(found)
        if moment > after:
            return moment
        candidate = found
    return None  # pragma: no cover
