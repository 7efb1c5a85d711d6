"""A broken quote in a CSV file is refused where it opens, whole; it never swallows later rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from itfriend.core.contacts_io import import_contacts
from itfriend.core.services import Services
from tests.core.test_contacts_io_bad_files import rejected, seeded, write

__all__ = ["seeded"]  # the fixture, used by the tests below

UNCLOSED = "the quote at line {line}, column {column} is never closed"


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_unclosed_quote_is_refused_naming_where_it_opened(
    seeded: Services, tmp_path: Path, dry_run: bool
) -> None:
    path = write(
        tmp_path,
        "u.csv",
        'name,email,notes\nAnn,a@x.org,"oops\nBob,b@x.org,ok\nCy,c@x.org,ok\n',
    )
    message = str(rejected(seeded, path, dry_run=dry_run))
    assert message.startswith("u.csv cannot be read as CSV: " + UNCLOSED.format(line=2, column=13))
    assert message.endswith("nothing was imported")


def test_an_unclosed_quote_in_a_big_plain_file_keeps_nobody(
    seeded: Services, tmp_path: Path
) -> None:
    # Large and plain enough for the column-by-column path, which must refuse it too.
    rows = [f"Person {n},p{n}@example.org,fine\n" for n in range(40)]
    rows[4] = 'Ann,ann@example.org,"oops\n'
    path = write(tmp_path, "big.csv", "name,email,notes\n" + "".join(rows))
    assert UNCLOSED.format(line=6, column=21) in str(rejected(seeded, path))


def test_the_quote_that_opens_is_found_after_good_multiline_cells(
    seeded: Services, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "notes.csv",
        'name,email,notes\nAnn,a@x.org,"two\nlines, quoted ""right"""\n'
        'Bob,b@x.org,"fine",\nCy,c@x.org,"never\nclosed\nDee,d@x.org,ok\n',
    )
    assert UNCLOSED.format(line=5, column=12) in str(rejected(seeded, path))


def test_text_after_a_closing_quote_is_refused_where_it_is(
    seeded: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "stray.csv", 'name,email,notes\nAnn,a@x.org,"oo"ps\nBob,b@x.org,ok\n')
    message = str(rejected(seeded, path))
    assert "opens at line 2, column 13 closes and is followed by 'p' at line 2, column 17" in (
        message
    )


def test_quotes_inside_an_unquoted_cell_are_text(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "ok.csv", 'name,email\nAnn "Annie" Lee,ann@example.org\n')
    assert import_contacts(services, path).created == 1
    assert [p.name for p in services.people.list()] == ['Ann "Annie" Lee']


def test_an_unclosed_quote_before_many_rows_is_named_not_the_cell_size(
    seeded: Services, tmp_path: Path
) -> None:
    # The open cell runs past the reader's field limit; the quote is what must be fixed.
    rows = "".join(
        f"Person {n},p{n}@example.org,a fine note about person {n}\n" for n in range(5_000)
    )
    path = write(tmp_path, "u.csv", 'name,email,notes\nAnn,a@x.org,"oops forgot to close\n' + rows)
    message = str(rejected(seeded, path))
    assert UNCLOSED.format(line=2, column=13) in message
    assert "longer than" not in message


@pytest.mark.parametrize(
    ("content", "line", "cells"),
    [
        ("name," + "x," * 2_000 + "email\nAnn,a@x.org\n", 1, 2_002),
        ("name,email\nAnn,a@x.org\n" + "," * 50_000 + "\n", 3, 50_001),
        ('name;email;notes\nAnn;a@x.org;"ok"\nBo;b@x.org;x' + ";" * 1_500 + "\n", 3, 1_503),
    ],
)
def test_a_row_of_too_many_cells_is_refused_before_it_is_read(
    seeded: Services, tmp_path: Path, content: str, line: int, cells: int
) -> None:
    message = str(rejected(seeded, write(tmp_path, "wide.csv", content)))
    assert f"line {line} has {cells:,} cells, more than the 1,000" in message


def test_separators_inside_a_quoted_cell_are_no_cells(services: Services, tmp_path: Path) -> None:
    notes = "," * 5_000 + "\n" + ";" * 5_000
    path = write(tmp_path, "notes.csv", f'name,email,notes\nAnn,a@x.org,"{notes}"\n')
    import_contacts(services, path)
    ann = services.people.get(services.people.list()[0].id)
    assert ann.notes == notes
