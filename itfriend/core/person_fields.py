"""A person's fields as itfriend accepts them: which there are, how long each may be, and how a
value typed or imported is checked and normalised (``clean_fields``), in one place for the
service, the importers and the windows."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from itfriend.core.errors import ValidationError
from itfriend.core.quoting import quoted

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

TEXT_FIELDS = {
    "name": 200,
    "preferred_name": 100,
    "role": 200,
    "department": 200,
    "building": 200,
    "floor": 50,
    "room": 100,
    "phone": 100,
    "notes": 20_000,
    "personal_notes": 20_000,
}
MAX_SYSTEM_NAME = 200
EDITABLE_FIELDS = (*TEXT_FIELDS, "email", "birthday", "cadence_days", "systems")


def _as_text(key: str, value: Any) -> str:
    """A text field's value as text: a string, or a number a form or file may give; nothing else
    (a list or an object would be stored as its Python repr)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValidationError(f"{key} must be text, not {type(value).__name__}")


def plain_line_ends(text: str) -> str:
    """``text`` with every line end (Windows ``\\r\\n``, old Mac ``\\r``) as ``\\n``.

    itfriend keeps text with ``\\n`` only, whichever way it came in (a form, the command line, a
    CSV, vCard or JSON file): vCard has a single escape for a line break, and a note from Excel or
    Outlook holds ``\\r\\n`` where its writer meant one, so an import reads both as ``\\n``. A
    ``\\r`` kept in storage would come back from its own export as ``\\n``; with none kept, every
    stored value exports and imports back unchanged."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise person fields; raise ValidationError naming the first bad one."""
    cleaned: dict[str, Any] = {}
    for key, value in fields.items():
        if key in TEXT_FIELDS:
            text = "" if value is None else plain_line_ends(_as_text(key, value)).strip()
            if len(text) > TEXT_FIELDS[key]:
                raise ValidationError(
                    f"{key} is too long ({len(text)} characters, at most {TEXT_FIELDS[key]})"
                )
            cleaned[key] = text
        elif key == "email":
            text = _as_text(key, value or "").strip()
            if text and not EMAIL_PATTERN.match(text):
                raise ValidationError(f"{quoted(text)} is not an email address")
            cleaned[key] = text.lower() or None
        elif key == "birthday":
            cleaned[key] = _parse_birthday(value)
        elif key == "cadence_days":
            if value in (None, ""):
                cleaned[key] = None
            else:
                try:
                    days = int(value)
                except (TypeError, ValueError):
                    raise ValidationError(
                        f"cadence must be a number of days, not {quoted(value)}"
                    ) from None
                if days < 1 or days > 3650:
                    raise ValidationError("cadence must be between 1 and 3650 days")
                cleaned[key] = days
        elif key == "systems":
            names = [plain_line_ends(str(s)).strip() for s in (value or [])]
            names = [name for name in names if name]
            # A CSV cell lists systems separated by ";" (export writes them so, import splits
            # them there): a name holding one would come back as two systems.
            joined = next((n for n in names if ";" in n), None)
            if joined is not None:
                raise ValidationError(
                    f"a system name cannot hold ';' ('{joined[:60]}'): ';' separates systems "
                    "in a CSV file; give each system on its own"
                )
            longest = max(names, key=len, default="")
            if len(longest) > MAX_SYSTEM_NAME:
                raise ValidationError(
                    f"a system name is too long ({len(longest):,} characters, "
                    f"at most {MAX_SYSTEM_NAME})"
                )
            # "CRM" and "crm" are the same system: keep the first spelling.
            cleaned[key] = list({n.lower(): n for n in reversed(names)}.values())[::-1]
        else:
            raise ValidationError(f"a person has no field {quoted(key)}")
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError("a person needs a name")
    return cleaned


def _parse_birthday(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"birthday {quoted(text)} is not a date (use YYYY-MM-DD)") from None
