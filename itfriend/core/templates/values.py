"""The values a template is filled with: ``person.*``, ``me.*``, ``ticket.*``, dates, free values.

A value that is empty (a person without a department, a technician who never set ``me.phone``)
is left out rather than given as ``""``, so that a template using it reports it missing and the
picker asks for it, instead of sending a message with a hole in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from jinja2 import Undefined

from itfriend.core.clock import Clock, SystemClock, local_date
from itfriend.core.errors import ValidationError
from itfriend.core.quoting import quoted

if TYPE_CHECKING:  # only types: filling a template needs neither SQLAlchemy nor a session
    from itfriend.core.models import Person
    from itfriend.core.people import PersonRow
    from itfriend.core.settings import Settings

PERSON_FIELDS = (
    "first_name",
    "name",
    "department",
    "building",
    "floor",
    "room",
    "email",
    "phone",
    "role",
)
ME_FIELDS = ("name", "phone", "email", "signature")
TICKET_FIELDS = ("number", "title")
GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    "person": PERSON_FIELDS,
    "me": ME_FIELDS,
    "ticket": TICKET_FIELDS,
}
HELPERS = ("today", "weekday", "format_date", "in_days")


def person_values(person: PersonRow | Person) -> dict[str, str]:
    """The non-empty ``person.*`` fields; ``first_name`` is the preferred name when known."""
    preferred = str(getattr(person, "preferred_name", "") or "").strip()
    words = person.name.split()
    fields = {
        "first_name": preferred or (words[0] if words else ""),
        "name": person.name,
        "department": person.department,
        "building": person.building,
        "floor": person.floor,
        "room": person.room,
        "email": person.email or "",
        "phone": person.phone,
        "role": person.role,
    }
    return {key: value.strip() for key, value in fields.items() if value and value.strip()}


def template_values(
    person: PersonRow | Person | None,
    settings: Settings,
    extra: Mapping[str, str],
    *,
    clock: Clock | None = None,
) -> dict[str, Any]:
    """Everything a template can use: the person, ``me.*`` from Settings, date helpers, and
    ``extra`` (``{"ticket.number": "4711", "new_date": "2026-03-10"}``) nested by its dots.

    ``extra`` wins over the person and the settings, so a picker field can correct a value.
    """
    values: dict[str, Any] = dict(date_helpers(local_date((clock or SystemClock()).now())))
    if person is not None:
        values["person"] = person_values(person)
    me = {key: str(settings.get(f"me.{key}")).strip() for key in ME_FIELDS}
    values["me"] = {key: value for key, value in me.items() if value}
    return merge_values(values, nest_values(extra))


def nest_values(flat: Mapping[str, Any]) -> dict[str, Any]:
    """``{"ticket.number": "1"}`` → ``{"ticket": {"number": "1"}}``; nested mappings are kept."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        parts = [p.strip() for p in str(key).split(".")]
        if not all(parts):
            raise ValidationError(f"{quoted(key)} is not a value name (use name or group.name)")
        if isinstance(value, Mapping):
            value = nest_values(value)
        target = nested
        for part in parts[:-1]:
            child = target.setdefault(part, {})
            if not isinstance(child, dict):
                raise ValidationError(
                    f"{quoted(key)} clashes with the value {quoted(part)} given on its own"
                )
            target = child
        leaf = parts[-1]
        if isinstance(target.get(leaf), dict) and isinstance(value, dict):
            target[leaf] = merge_values(target[leaf], value)
        elif isinstance(target.get(leaf), dict) or (leaf in target and isinstance(value, dict)):
            raise ValidationError(f"{quoted(key)} clashes with another value of the same name")
        else:
            target[leaf] = value
    return nested


def merge_values(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it; groups (dicts) are merged field by field."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_values(merged[key], value)
        else:
            merged[key] = value
    return merged


def as_date(value: Any) -> date | None:
    """A date from a date, a datetime or ISO text (``2026-03-10``); None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        return None


def _time_of(value: Any) -> str | None:
    """The hour ("18:00") of a datetime or of ISO text with one; None for a bare date."""
    if isinstance(value, datetime):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return None
    text = str(value).strip()
    if len(text) <= 10:
        return None
    return f"{datetime.fromisoformat(text):%H:%M}"


_MAX_DAYS = 36_500  # a hundred years: further is a typo, and past year 9999 an overflow


def _date_or_text(value: Any, helper: str) -> Any:
    """``value`` when it is a date or a text; ValidationError otherwise, naming the helper and
    never showing the value (a function or a template's ``self`` would show its repr)."""
    if isinstance(value, date | str):
        return value
    if isinstance(value, Undefined):  # a value nobody gave: asked for, as anywhere else
        return str(value)
    raise ValidationError(f"{helper} takes a date or a text, not a value of another kind")


def date_helpers(today: date) -> dict[str, Any]:
    """``today``, ``weekday(d)``, ``format_date(d)`` and ``in_days(n)`` for a given today.

    ``format_date`` writes "Tuesday 10 March" (with the year when it is not this year, and "at
    18:00" when the value has an hour) and gives back as typed any text that is not a date, such
    as "next Tuesday afternoon".
    """

    def weekday(value: Any) -> str:
        day = as_date(_date_or_text(value, "weekday"))
        return f"{day:%A}" if day else str(value)

    def format_date(value: Any) -> str:
        day = as_date(_date_or_text(value, "format_date"))
        if day is None:
            return str(value).strip()
        text = f"{day:%A} {day.day} {day:%B}"
        if day.year != today.year:
            text += f" {day.year}"
        moment = _time_of(value)
        return f"{text} at {moment}" if moment else text

    def in_days(count: Any) -> date:
        # Only a number or a text: str() of anything else (a helper, a class) shows internals.
        if isinstance(count, Undefined):  # a count nobody gave: asked for, as anywhere else
            days = int(count)
        elif isinstance(count, int) and not isinstance(count, bool):
            days = count
        elif isinstance(count, str) and count.strip().lstrip("+-").isdigit():
            days = int(count)
        else:
            shown = quoted(count) if isinstance(count, str) else "a value of another kind"
            raise ValidationError(f"in_days needs a whole number of days, not {shown}")
        if abs(days) > _MAX_DAYS:
            raise ValidationError(f"in_days counts at most {_MAX_DAYS:,} days either way")
        return today + timedelta(days=days)

    helpers: dict[str, Callable[[Any], Any] | date] = {
        "today": today,
        "weekday": weekday,
        "format_date": format_date,
        "in_days": in_days,
    }
    return helpers
