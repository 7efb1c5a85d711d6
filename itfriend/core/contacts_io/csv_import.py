"""Reads contacts from CSV with a header row: Outlook's, Google's (old and new) and our own columns.

Columns are matched by name, case-insensitively, so that the same table serves every source. For
each person field the first non-empty column of its candidates wins (Outlook's business phone before
the mobile one, for example). Columns nobody uses (Outlook's "Company", addresses) are ignored.
"""

from __future__ import annotations

import csv
import io

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


def parse_csv(text: str, file_name: str, warnings: list[str]) -> list[ParsedContact]:
    """The contacts of a CSV file; raise ImportFileError if the file itself cannot be read."""
    first_line = text.split("\n", 1)[0]
    # Outlook in many European locales separates with ";"; tab-separated exports exist too.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        columns = _columns(header, file_name)
        contacts: list[ParsedContact] = []
        last_line = reader.line_num
        for row in reader:
            start, last_line = last_line + 1, reader.line_num
            if any(cell.strip() for cell in row):
                contacts.append(_contact(row, columns, start, warnings))
    except csv.Error as exc:
        detail = str(exc)
        if "field larger than field limit" in detail:
            detail = f"a field is longer than {csv.field_size_limit():,} characters"
        raise ImportFileError(
            f"{file_name} cannot be read as CSV at line {reader.line_num}: "
            f"{detail}; nothing was imported"
        ) from None
    if not contacts:
        raise ImportFileError(f"{file_name} has a header row but no contacts")
    return contacts


def _columns(header: list[str], file_name: str) -> dict[str, list[int]]:
    """Person field (or name part) -> indexes of its columns in the header, best first."""
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        positions.setdefault(" ".join(title.strip().lower().split()), index)
    columns = {
        key: [positions[c] for c in names if c in positions] for key, names in _COLUMNS.items()
    }
    for number, names in enumerate(_NAME_PARTS):
        columns[f"name_part_{number}"] = [positions[c] for c in names if c in positions]
    if not columns["name"] and not any(columns[f"name_part_{n}"] for n in (0, 2)):
        raise ImportFileError(
            f"{file_name} has no name column: its header needs 'name' (or Outlook's 'First Name' "
            f"and 'Last Name', or Google's 'Name' or 'Given Name'); found: "
            + ", ".join(repr(h) for h in header[:12])
            + (" ..." if len(header) > 12 else "")
        )
    return columns


def _contact(
    row: list[str], columns: dict[str, list[int]], line: int, warnings: list[str]
) -> ParsedContact:
    def cells(key: str) -> list[str]:
        return [row[i] for i in columns[key] if i < len(row) and row[i].strip()]

    contact = ParsedContact(line)
    where = contact.where
    for value in cells("name"):
        contact.put("name", value)
    parts = [first_value((cells(f"name_part_{n}") or [""])[0]) for n in range(len(_NAME_PARTS))]
    contact.put("name", join_name(*parts))
    for value in cells("email"):
        contact.put("email", first_email(value))
    if "email" not in contact.fields and any(map(is_exchange_address, cells("email"))):
        warnings.append(
            f"{where}: the email is an Exchange directory entry, not an address; "
            "imported without an email"
        )
    for key in (
        "preferred_name",
        "phone",
        "role",
        "department",
        "building",
        "floor",
        "room",
        "cadence_days",
    ):
        for value in cells(key):
            contact.put(key, first_value(value))
    for key in ("notes", "personal_notes"):
        for value in cells(key):
            contact.put(key, value.replace("\r\n", "\n"))
    for value in cells("systems"):
        contact.put("systems", split_systems(value))
    for value in cells("birthday"):
        contact.put("birthday", normalise_birthday(value, where, warnings))
    return contact
