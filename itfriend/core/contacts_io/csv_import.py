"""Reads contacts from CSV with a header row: Outlook's, Google's (old and new) and our own columns.

Columns are matched by name, case-insensitively, so that the same table serves every source. For
each person field the first non-empty column of its candidates wins (Outlook's business phone before
the mobile one, for example). Columns nobody uses (Outlook's "Company", addresses) are ignored.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from typing import Any

from itfriend.core.contacts_io.cells import restored
from itfriend.core.contacts_io.csv_text import delimiter_of, quote_problem, rows_of
from itfriend.core.contacts_io.records import (
    ParsedContact,
    first_email,
    first_value,
    is_exchange_address,
    join_name,
    normalise_birthday,
    split_systems,
)
from itfriend.core.errors import ImportFileError

# Person field -> the column names that can hold it, best first (all lower case).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name"),
    "preferred_name": ("preferred_name", "preferred name", "nickname"),
    "email": (
        "email",
        "e-mail address",
        "e-mail 1 - value",
        "email address",
        "e-mail 2 address",
        "e-mail 2 - value",
        "e-mail 3 address",
    ),
    "phone": (
        "phone",
        "business phone",
        "phone 1 - value",
        "mobile phone",
        "company main phone",
        "business phone 2",
        "phone 2 - value",
        "home phone",
    ),
    "role": ("role", "job title", "organization 1 - title", "organization title"),
    "department": ("department", "organization 1 - department", "organization department"),
    "building": (
        "building",
        "office location",
        "organization 1 - location",
        "organization location",
    ),
    "floor": ("floor",),
    "room": ("room",),
    "systems": ("systems",),
    "notes": ("notes",),
    "personal_notes": ("personal_notes", "personal notes"),
    "birthday": ("birthday",),
    "cadence_days": ("cadence_days", "cadence days", "cadence"),
}
# The parts a name is made of when there is no full-name column (or it is empty in a row).
_NAME_PARTS = (
    ("first name", "given name"),
    ("middle name", "additional name"),
    ("last name", "family name"),
    ("suffix", "name suffix"),
)


_Transform = Callable[[str, int], Any]
_Columns = list[tuple[str, list[int], _Transform]]


def parse_csv(
    text: str, file_name: str, warnings: list[str], delimiter: str | None = None
) -> list[ParsedContact]:
    """The contacts of a CSV file; raise ImportFileError if the file itself cannot be read.

    ``delimiter`` is the separator (told from the file when None)."""
    delimiter = delimiter or delimiter_of(text)
    reader = rows_of(text, delimiter)
    last_line = 0
    try:
        header = next(reader)
        columns, name_parts = header_columns(header, file_name, warnings)
        contacts: list[ParsedContact] = []
        last_line = reader.line_num
        for row in reader:
            start, last_line = last_line + 1, reader.line_num
            if "".join(row).strip():
                contacts.append(_contact(row, columns, name_parts, start, warnings))
    except csv.Error as exc:
        problem = _csv_problem(text, delimiter, last_line + 1, exc)
        raise ImportFileError(
            f"{file_name} cannot be read as CSV: {problem}; nothing was imported"
        ) from None
    if not contacts:
        raise _no_contacts(file_name, header, columns)
    return contacts


def _csv_problem(text: str, delimiter: str, record_line: int, exc: csv.Error) -> str:
    """Where and what the reader's error is, in the technician's terms.

    A quote that never closes also makes its cell run past the field limit: the quote is what the
    technician must fix, so it is looked for first.
    """
    detail = str(exc)
    quotes = quote_problem(text, delimiter, record_line)
    if quotes:
        return quotes
    if "field larger than field limit" in detail:
        return f"at line {record_line}, a cell is longer than {csv.field_size_limit():,} characters"
    return f"at line {record_line}: {detail}"


def header_columns(
    header: list[str], file_name: str, warnings: list[str]
) -> tuple[_Columns, list[list[int]]]:
    """The person fields this header has, each with its column indexes (best first) and how to
    read a cell, and the indexes of each name part (first, middle, last, suffix)."""
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        positions.setdefault(" ".join(title.strip().lower().split()), index)
    transforms = _transforms(warnings)
    # Only Google packs several values into one cell (" ::: "); elsewhere a cell is taken as is.
    packed = any(title.endswith(" - value") for title in positions)
    plain = _first_of_packed if packed else _verbatim
    columns = [
        (key, [positions[c] for c in names if c in positions], transforms.get(key, plain))
        for key, names in _COLUMNS.items()
    ]
    columns = [column for column in columns if column[1]]
    name_parts = [[positions[c] for c in names if c in positions] for names in _NAME_PARTS]
    if not any(key == "name" for key, _, _ in columns) and not (name_parts[0] or name_parts[2]):
        expected = (*_COLUMNS["name"], *_NAME_PARTS[0], *_NAME_PARTS[2])
        raise ImportFileError(
            f"{file_name} has no name column: found the columns {quoted_list(header)}; "
            f"expected one of {quoted_list(expected)} (in any case; Outlook's 'First Name' and "
            "'Last Name' and Google's 'Given Name' and 'Family Name' will do)"
        )
    return columns, name_parts


def quoted_list(titles: Sequence[str], shown: int = 12) -> str:
    """Column titles as a message lists them: quoted, the first ``shown`` of them."""
    listed = ", ".join(repr(title) for title in titles[:shown])
    if len(titles) > shown:
        listed += f" and {len(titles) - shown} more"
    return listed or "none"


def _no_contacts(file_name: str, header: list[str], columns: _Columns) -> ImportFileError:
    read = ["name", *(key for key, _, _ in columns if key != "name")]  # a name is always read
    return ImportFileError(
        f"{file_name} has a header row but no contacts: found the columns {quoted_list(header)} "
        f"(itfriend reads {', '.join(read)} from them); expected one row per person below "
        "the header"
    )


def _verbatim(cell: str, line: int) -> str:
    return cell


def _first_of_packed(cell: str, line: int) -> str:
    return first_value(cell) if ":::" in cell else cell


def _transforms(warnings: list[str]) -> dict[str, _Transform]:
    """How a non-empty cell becomes a field value ("" or [] means: try the next column)."""
    return {
        "name": _verbatim,
        # Notes are taken whole, even from Google's packed cells; clean_fields makes their line
        # ends plain "\n", as it does for text from anywhere.
        "notes": _verbatim,
        "personal_notes": _verbatim,
        "email": lambda cell, line: first_email(cell),
        "systems": lambda cell, line: split_systems(cell),
        "birthday": lambda cell, line: normalise_birthday(cell, f"line {line}", warnings),
    }


def _contact(
    row: list[str],
    columns: _Columns,
    name_parts: list[list[int]],
    line: int,
    warnings: list[str],
) -> ParsedContact:
    fields: dict[str, Any] = {}
    size = len(row)
    for key, indexes, transform in columns:
        for index in indexes:
            if index < size and (cell := _cell(row[index])):
                if transform is _verbatim:
                    fields[key] = cell
                    break
                value = transform(cell, line)
                if value:
                    fields[key] = value
                    break
    if "email" not in fields and any(
        is_exchange_address(row[i])
        for key, indexes, _ in columns
        if key == "email"
        for i in indexes
        if i < size
    ):
        warnings.append(
            f"line {line}: the email is an Exchange directory entry, not an address; "
            "imported without an email"
        )
    contact = ParsedContact(line, fields)
    if "name" not in fields:
        parts = [_first_cell(row, indexes) for indexes in name_parts]
        contact.put("name", join_name(*(first_value(part) for part in parts)))
    return contact


def _first_cell(row: list[str], indexes: list[int]) -> str:
    for index in indexes:
        if index < len(row) and (cell := _cell(row[index])):
            return cell
    return ""


def _cell(cell: str) -> str:
    """A cell stripped, and unescaped if our export escaped it (see ``cells``)."""
    cell = cell.strip()
    return restored(cell).strip() if cell[:1] == "'" else cell
