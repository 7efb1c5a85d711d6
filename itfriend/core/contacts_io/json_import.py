"""Reads contacts from JSON: an array of person objects, as ``export --format json`` writes them.

Read-only keys of the export (id, last contact, overdue) are ignored; so are keys it does not know,
so that a file written by a newer itfriend still imports.
"""

from __future__ import annotations

import json
from typing import Any

from itfriend.core.contacts_io.records import PERSON_COLUMNS, ParsedContact, capped
from itfriend.core.errors import ImportFileError


def parse_json(text: str, file_name: str) -> list[ParsedContact]:
    """The people of a JSON file; raise ImportFileError if it is not an array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{file_name} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}; nothing was imported"
        ) from None
    if not isinstance(data, list):
        raise ImportFileError(f"{file_name} must hold a JSON array of people ([{{...}}, ...])")
    if not data:
        raise ImportFileError(f"{file_name} holds an empty list: there is nothing to import")
    contacts: list[ParsedContact] = []
    problems: list[str] = []
    for number, item in enumerate(data, start=1):
        contact = ParsedContact(number, label=f"item {number}")
        if not isinstance(item, dict):
            problems.append(f"item {number}: not an object but {type(item).__name__}")
            continue
        for key in PERSON_COLUMNS:
            value = item.get(key)
            if key == "systems" and value is not None and not isinstance(value, list):
                problems.append(f"item {number}: systems must be a list of names")
                continue
            contact.put(key, _text(value) if key != "systems" else [_text(v) for v in value or []])
        contacts.append(contact)
    if problems:
        raise ImportFileError(
            f"{file_name} has items that are not people; nothing was imported", capped(problems)
        )
    return contacts


def _text(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int) else str(value)
