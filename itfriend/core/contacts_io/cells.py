"""CSV cells a spreadsheet will not run, that itfriend's own import reads back unchanged.

Excel, LibreOffice and Google Sheets evaluate a cell that begins with ``=``, ``+``, ``-`` or ``@``
(and may strip a leading tab or carriage return first), so a value like ``=cmd|' /C calc'!A0`` or
``=HYPERLINK(...)`` from an imported directory would run when the export is opened. Following
OWASP's CSV-injection guidance, export writes such a cell with a leading apostrophe, which
spreadsheets show as text.

The rule, both ways:

- export: a value beginning with ``=``, ``+``, ``-``, ``@``, tab, carriage return **or an
  apostrophe** gets one more apostrophe in front, except a phone number (``+44 20 7946 0000``);
- import: a cell beginning with an apostrophe followed by one of those characters loses that first
  apostrophe; any other cell is taken as it is.

Escaping a genuine leading apostrophe too is what keeps the round trip exact: ``'=1`` (typed by
someone) is written ``''=1`` and read back as ``'=1``, while ``'Tis`` is written ``''Tis`` and read
back as ``'Tis``. A phone number (a ``+``, then digits with spaces, dots, hyphens, slashes or
parentheses) is left as it is, so it stays dialable: it can name no function, no other cell and no
program, so at worst a spreadsheet shows it as arithmetic. ``+1+1`` or ``-2+3`` are not phone
numbers and are escaped.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = (*_TRIGGERS, "'")
_PHONE = re.compile(r"\+[0-9(][0-9 ().\-/]*")
_PHONE_DIGITS = 6  # fewer digits is more likely a sum than a number to call


def neutralised(value: str) -> str:
    """The cell to write for ``value``: escaped if a spreadsheet would evaluate it."""
    if not value.startswith(_ESCAPED) or is_phone_number(value):
        return value
    return "'" + value


def restored(cell: str) -> str:
    """The value a cell written by ``neutralised`` stands for (any other cell, as it is)."""
    if cell.startswith("'") and cell[1:2] and cell[1] in _ESCAPED:
        return cell[1:]
    return cell


def is_phone_number(value: str) -> bool:
    """A ``+`` and then only digits and the separators phone numbers are written with."""
    return bool(_PHONE.fullmatch(value)) and sum(c.isdigit() for c in value) >= _PHONE_DIGITS


def escapes_possible(text: str, delimiter: str) -> bool:
    """Whether any cell of ``text`` may begin with an apostrophe (once stripped).

    The column-by-column import asks so that a file without one (most files, even with names
    like O'Brien) is not scanned cell by cell. It looks only at each apostrophe: one preceded,
    past spaces and quotes, by a separator, a line break or the start of the file may begin a
    cell. Wrong only towards True, which costs time, never a value.
    """
    ends = (delimiter, "\n", "\r")
    position = text.find("'")
    while position != -1:
        before = position - 1
        while (
            before >= 0
            and text[before] not in ends
            and (text[before] == '"' or text[before].isspace())
        ):
            before -= 1
        if before < 0 or text[before] in ends:
            return True
        position = text.find("'", position + 1)
    return False
