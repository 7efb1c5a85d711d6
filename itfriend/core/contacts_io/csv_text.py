"""The text layer of a CSV file: which separator it uses, a strict reader, and where a quote breaks.

Python's csv reader, left lenient, takes a quote that never closes as one field running to the end
of the file: every later row becomes part of that cell, and an import "succeeded" with the rows
before it. Read strictly, it raises instead, and ``quote_problem`` finds the line and column where
the quote opened, which is what the technician has to fix (the reader only knows where it gave up,
at the end of the file).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _csv import Reader

SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
# The separator is told from the start of the file only, so that a big file costs no more.
SAMPLE_CHARS = 64_000
_SAMPLE_ROWS = 50
# Outlook's export has 92 columns; a row of far more cells is a broken or hostile file, and the
# csv reader would make a string per cell (a 50 MB line of commas took 3 GB).
MAX_COLUMNS = 1_000
_QUOTED = re.compile(r'"[^"]*"')


def rows_of(text: str, delimiter: str) -> Reader:
    """A strict csv reader over ``text``: a broken quote raises csv.Error instead of eating rows."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def widest_row(text: str, delimiter: str) -> tuple[int, int]:
    """The line number and cell count of the row with the most cells, if it has more than
    ``MAX_COLUMNS`` (else ``(0, 0)``); told before the reader makes a string per cell.

    Separators inside quoted cells are no cells: when a line has too many separators, they are
    counted again with the quoted text taken out (which also joins the lines of a quoted cell).
    """
    if text.count(delimiter) <= MAX_COLUMNS:
        return 0, 0
    if all(line.count(delimiter) < MAX_COLUMNS for line in text.splitlines()):
        return 0, 0
    bare = _QUOTED.sub(lambda quoted: "\n" * quoted.group().count("\n"), text)
    for number, line in enumerate(bare.splitlines(), start=1):
        cells = line.count(delimiter) + 1
        if cells > MAX_COLUMNS:
            return number, cells
    return 0, 0


def delimiter_of(text: str) -> str:
    """The separator (comma, semicolon or tab) that splits the file's first rows most consistently.

    Outlook in many European locales separates with ";", and tab-separated exports exist too. A
    candidate wins when the header splits into more than one column and the rows below have as
    many cells as the header; a comma wins ties (and a file of one column).
    """
    sample = text[:SAMPLE_CHARS]
    cut = len(text) > len(sample)

    def score(delimiter: str) -> tuple[bool, float, int]:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            rows = [row for row in itertools.islice(reader, _SAMPLE_ROWS) if any(row)]
        except csv.Error:
            return (False, 0.0, 0)
        if cut and len(rows) > 1:
            rows.pop()  # the sample may end inside a row
        if not rows:
            return (False, 0.0, 0)
        width = len(rows[0])
        body = rows[1:]
        even = sum(len(row) == width for row in body) / len(body) if body else 1.0
        return (width > 1, even, width)

    return max(SEPARATORS, key=score)


def quote_problem(text: str, delimiter: str, from_line: int) -> str:
    """What is wrong with the quotes of the record starting on ``from_line`` (or later), or ""."""
    lines = io.StringIO(text, newline="").readlines()[from_line - 1 :]
    rest = "".join(lines)
    starts = [0, *itertools.accumulate(map(len, lines))]

    def where(position: int) -> str:
        index = bisect.bisect_right(starts, position) - 1
        return f"line {from_line + index}, column {position - starts[index] + 1}"

    field_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    position, size = 0, len(rest)
    while position < size:
        if rest[position] == '"':
            opened, search = position, position + 1
            while True:
                close = rest.find('"', search)
                if close == -1:
                    return (
                        f"the quote at {where(opened)} is never closed, so the rest of the file "
                        "would be read as one cell"
                    )
                if rest.startswith('"', close + 1):
                    search = close + 2  # a doubled quote stands for one quote
                    continue
                break
            position = close + 1
            if position < size and rest[position] not in (delimiter, "\r", "\n"):
                return (
                    f"the quoted cell that opens at {where(opened)} closes and is followed by "
                    f"{rest[position]!r} at {where(position)} instead of a separator (a quote "
                    'inside a quoted cell must be doubled: "")'
                )
        else:
            found = field_end.search(rest, position)
            position = found.start() if found else size
        position += 1  # past the separator or line break that ends the cell
    return ""
