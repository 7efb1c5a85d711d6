"""Reads and checks a plain CSV file column by column, for the common case of a large import.

``parse_csv`` and ``check_contacts`` make a dict per row and check it field by field; at 100,000
rows that was most of an import's time. Most files are plain: text columns and one address per
email cell, without birthdays, systems or cadences. For those, each column is stripped and checked
as a whole (lengths against ``TEXT_FIELDS``, addresses against ``EMAIL_PATTERN``, emails once per
file), with the same column matching (``header_columns``) and the same rules as the row-by-row
path, in passes that run in C.

Whenever a file is anything else, or anything in it is wrong, ``checked_csv_people`` returns None
and the caller takes the row-by-row path: it gives the same people, the warnings, and every
problem by line number. So this path never decides what is accepted; it only decides faster.
"""

from __future__ import annotations

import csv
from typing import Any

from itfriend.core.contacts_io.cells import escapes_possible, restored
from itfriend.core.contacts_io.columns import PeopleColumns
from itfriend.core.contacts_io.csv_import import header_columns
from itfriend.core.contacts_io.csv_text import delimiter_of, rows_of
from itfriend.core.contacts_io.importing import MAX_EMAIL
from itfriend.core.errors import ImportFileError
from itfriend.core.person_fields import EMAIL_PATTERN, TEXT_FIELDS, plain_line_ends

# Fields whose cells need reading one by one (dates, numbers, lists): left to the row path.
_ROW_BY_ROW = ("systems", "birthday", "cadence_days")


def checked_csv_people(text: str, delimiter: str | None = None) -> PeopleColumns | None:
    """The people of a plain CSV file, checked as ``check_contacts`` checks them, as columns;
    None when the file needs the row-by-row path (anything unusual, or any problem at all)."""
    try:
        delimiter = delimiter or delimiter_of(text)
        reader = rows_of(text, delimiter)
        rows = list(reader)
        columns, name_parts = header_columns(rows[0], "", []) if rows else ([], [])
    except (csv.Error, ImportFileError):
        return None
    # A record longer than its line holds a quoted line break; only then may a cell hold a "\r".
    line_breaks_in_cells = reader.line_num > len(rows)
    body = rows[1:]
    # Cells our export escaped (see ``cells``) begin with an apostrophe; most files have none.
    escapes = escapes_possible(text, delimiter)
    if not all(map(any, body)):
        body = [row for row in body if any(row)]  # blank lines, or rows of empty cells
    needed = [i for _, indexes, _ in columns for i in indexes] + [i for p in name_parts for i in p]
    if not body or not needed or max(needed) >= min(map(len, body)):
        return None  # no people, or short rows: the row path reads what they have
    # Google packs several values into one cell with ":::"; the row path unpacks them.
    if ":::" in text:
        return None
    # Every row has the cells needed, so the transposition leaves out only cells nobody reads.
    table = list(zip(*body, strict=False))
    values: dict[str, list[str]] = {}
    for key, indexes, _ in columns:
        cells = _first_filled([_stripped(table, index, escapes) for index in indexes])
        if key in _ROW_BY_ROW:
            if any(cells):
                return None
            continue
        if key == "email":
            joined = "\n" + "\n".join(cells)
            if ":" in joined or "\n/" in joined:
                return None  # mailto:, several addresses, Exchange entries: the row path
        elif line_breaks_in_cells and "\r" in "".join(cells):
            cells = list(map(plain_line_ends, cells))  # as clean_fields stores text
        values[key] = cells
    names = values.get("name")
    if names is None or "" in names:
        # No full name in some rows: made of its parts, as the row path makes it.
        parts = [
            _first_filled([_stripped(table, index, escapes) for index in p])
            for p in name_parts
            if p
        ]
        if not parts:
            return None  # someone has no name: the row path says who
        made = [" ".join(" ".join(each).split()) for each in zip(*parts, strict=True)]
        names = made if names is None else [n or m for n, m in zip(names, made, strict=True)]
        if "" in names:
            return None
        values["name"] = names
    return _checked(len(body), values)


def _stripped(table: list[tuple[str, ...]], index: int, escapes: bool) -> list[str]:
    """A column's cells, stripped and (where the file may hold them) unescaped as the row path
    reads them."""
    cells = list(map(str.strip, table[index]))
    if escapes and "\n'" in "\n" + "\n".join(cells):
        cells = [restored(cell).strip() if cell[:1] == "'" else cell for cell in cells]
    return cells


def _first_filled(candidates: list[list[str]]) -> list[str]:
    """Per row, the first non-empty cell of the candidate columns (best first)."""
    cells = candidates[0]
    for other in candidates[1:]:
        if "" in cells:
            cells = [cell or alternative for cell, alternative in zip(cells, other, strict=True)]
    return cells


def _checked(count: int, values: dict[str, list[str]]) -> PeopleColumns | None:
    """The columns as ``clean_fields`` would leave them; None if any value breaks a rule."""
    for key, cells in values.items():
        if key in TEXT_FIELDS and max(map(len, cells)) > TEXT_FIELDS[key]:
            return None
    checked: dict[str, list[Any]] = {key: cells for key, cells in values.items() if key != "email"}
    if "email" in values:
        if not all(map(EMAIL_PATTERN.match, filter(None, values["email"]))):
            return None
        emails: list[str | None] = list(map(str.lower, values["email"]))
        given = list(filter(None, emails))
        if given and max(map(len, given)) > MAX_EMAIL:
            return None
        if len(set(given)) != len(given):
            return None  # the same person twice: the row path names both lines
        if len(given) != count:
            emails = [email or None for email in emails]
        checked["email"] = emails
    return PeopleColumns(count, checked)
