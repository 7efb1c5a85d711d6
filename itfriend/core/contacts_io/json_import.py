"""Reads contacts from JSON: an array of person objects, as ``export --format json`` writes them.

Read-only keys of the export (id, last contact, overdue) are ignored; so are keys it does not know,
so that a file written by a newer itfriend still imports.

Python's json module recurses once per level of nesting and turns any run of digits into an int,
so a hostile file nested 100,000 levels deep or holding a number of 5,000 digits ended in a
RecursionError or ValueError. Both are refused before (depth) or while (digits) the file is parsed.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from itfriend.core.contacts_io.records import PERSON_COLUMNS, ParsedContact, capped
from itfriend.core.errors import ImportFileError

# An export is 3 levels deep (the list, a person, their systems); the rest leaves room for keys a
# newer itfriend may add, far below Python's recursion limit.
MAX_DEPTH = 32
MAX_DIGITS = 30  # no field is a number this long; a cadence has 4 digits at most
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # unrolled: twice as fast on big files
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_KEYS = frozenset({"cadence_days"})  # a count of days, also taken as "30"


def parse_json(text: str, file_name: str) -> list[ParsedContact]:
    """The people of a JSON file; raise ImportFileError if it is not an array of objects."""
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise ImportFileError(
            f"{file_name} is nested {depth:,} levels deep, more than the {MAX_DEPTH} a people "
            "file may have (an export has 3); nothing was imported"
        )

    def bounded_number(digits: str) -> Any:
        if len(digits) > MAX_DIGITS:
            line = text.count("\n", 0, max(text.find(digits), 0)) + 1
            raise ImportFileError(
                f"{file_name} has a number {len(digits):,} characters long at line {line} "
                f"(at most {MAX_DIGITS}); nothing was imported"
            )
        return float(digits) if any(c in digits for c in ".eE") else int(digits)

    try:
        data = json.loads(
            text,
            parse_int=bounded_number,
            parse_float=bounded_number,
            parse_constant=lambda name: not_json(name, text, file_name),
        )
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
            wrong = _wrong_type(key, value)
            if wrong:
                problems.append(f"item {number}: {key} must be {wrong}, not {_shown(value)}")
                continue
            if _has_surrogate(value):
                problems.append(
                    f"item {number}: {key} holds a lone UTF-16 surrogate escape (such as "
                    "\\ud800), which is not text"
                )
                continue
            contact.put(key, value)
        contacts.append(contact)
    if problems:
        raise ImportFileError(
            f"{file_name} has items that are not people; nothing was imported", capped(problems)
        )
    return contacts


def _has_surrogate(value: Any) -> bool:
    """Whether a value holds half of a UTF-16 pair, which JSON escapes allow but no file can
    store (SQLite refused it with a traceback)."""
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and _SURROGATE.search(v) for v in values)


def _wrong_type(key: str, value: Any) -> str:
    """What ``key`` must hold, if ``value`` is not that ("" if it is fine).

    A text field takes a string, a number field a whole number, systems a list of strings; any
    of them may be null. Anything else was stored as its Python repr ("['a', 'b']", a system
    named "None") or coerced (true became a cadence of 1 day).
    """
    if value is None:
        return ""
    if key == "systems":
        fine = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return "" if fine else "a list of names (strings)"
    if key in _NUMBER_KEYS:
        fine = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        return "" if fine else "a whole number"
    return "" if isinstance(value, str) else "text (a string)"


def _shown(value: Any) -> str:
    """How a wrong value is named in a problem: its JSON type, and the value when short."""
    if value is None:
        return "null"
    kind = {bool: "true/false", list: "a list", dict: "an object", float: "a number"}.get(
        type(value), type(value).__name__
    )
    if isinstance(value, int) and not isinstance(value, bool):
        kind = "a number"
    wrong = [v for v in value if not isinstance(v, str)] if isinstance(value, list) else []
    if wrong:
        return f"a list holding {_shown(wrong[0])}"
    written = json.dumps(value, ensure_ascii=False)
    return f"{kind} ({written})" if len(written) <= 40 else kind


def not_json(name: str, text: str, file_name: str) -> Any:
    """Python's json reads NaN and Infinity, which JSON has not; they are no person's field."""
    line = text.count("\n", 0, max(text.find(name), 0)) + 1
    raise ImportFileError(
        f"{file_name} has {name} at line {line}, which is not a JSON value; nothing was imported"
    )


def nesting_depth(text: str) -> int:
    """How deep the file's arrays and objects nest, counted without recursing (strings aside)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 1  # too few to nest deeper than allowed, whatever the strings hold
    steps = (1 if bracket in "[{" else -1 for bracket in _BRACKET.findall(_STRING.sub("", text)))
    return max(itertools.accumulate(steps, initial=0))
