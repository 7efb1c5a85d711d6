"""Contacts import and export: CSV (Outlook, Google, our own), vCard 3.0/4.0 and JSON.

The CLI (``itfriend import`` / ``itfriend export``) and the People window both call the two
functions below. Import is all or nothing: the whole file is read and checked before anything is
written, in one transaction.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itfriend.core.contacts_io.importing import ImportReport
from itfriend.core.contacts_io.reading import CSV, JSON, VCARD

if TYPE_CHECKING:
    from itfriend.core.contacts_io.columns import PeopleColumns
    from itfriend.core.services import Services

__all__ = ["CSV", "JSON", "VCARD", "ImportReport", "export_contacts", "import_contacts"]


def import_contacts(
    services: Services, path: Path, *, dry_run: bool = False, encoding: str | None = None
) -> ImportReport:
    """Import the people of a contacts file; raise ImportFileError (nothing written) if it is bad.

    People already known (by email; without an email, by a name only one of them has) are
    updated with the values the file has; the others are added. With ``dry_run`` the file is
    checked and counted but nothing is written.
    """
    from itfriend.core.contacts_io.csv_fast import checked_csv_people
    from itfriend.core.contacts_io.csv_import import parse_csv
    from itfriend.core.contacts_io.csv_text import delimiter_of
    from itfriend.core.contacts_io.importing import check_contacts, plan_import, write_plan
    from itfriend.core.contacts_io.json_import import parse_json
    from itfriend.core.contacts_io.reading import detect_format, read_text
    from itfriend.core.contacts_io.vcard import parse_vcards

    path = Path(path)
    with _collector_paused():
        text, used, doubt = read_text(path, encoding)
        warnings = [doubt] if doubt else []
        fmt = detect_format(path, text)
        delimiter = delimiter_of(text) if fmt == CSV else None
        if delimiter:
            _refuse_wide_rows(text, delimiter, path.name)
        # A plain CSV file is read and checked column by column; anything else, or any problem
        # in it, goes row by row (which also says where each problem is).
        people: PeopleColumns | list[dict[str, Any]] | None = None
        if delimiter:
            people = checked_csv_people(text, delimiter)
        if people is None:
            if fmt == VCARD:
                contacts = parse_vcards(text, path.name, warnings)
            elif fmt == JSON:
                contacts = parse_json(text, path.name)
            else:
                contacts = parse_csv(text, path.name, warnings, delimiter)
            people = check_contacts(contacts, path.name)
        plan = plan_import(services.db, people)
        if not dry_run:
            write_plan(services.db, plan, services.clock.now())
    return ImportReport(
        plan.new.count, len(plan.updates), dry_run, warnings + plan.warnings, used, delimiter
    )


def _refuse_wide_rows(text: str, delimiter: str, file_name: str) -> None:
    from itfriend.core.contacts_io.csv_text import MAX_COLUMNS, widest_row
    from itfriend.core.errors import ImportFileError

    line, cells = widest_row(text, delimiter)
    if line:
        raise ImportFileError(
            f"{file_name} cannot be read as CSV: line {line} has {cells:,} cells, more than the "
            f"{MAX_COLUMNS:,} a contacts file may have; nothing was imported"
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's rows are read, checked and written.

    An import or export makes hundreds of thousands of small, acyclic objects; each batch of them
    set off a collection, which made a 100,000-person import about 40% slower. Nothing is leaked:
    the collector resumes (and reference counting frees these objects) as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_contacts(services: Services, path: Path, fmt: str | None = None) -> int:
    """Write every person to ``path`` (csv, vcard or json; guessed from the extension when None).

    Returns how many people were written.
    """
    from itfriend.core.contacts_io.export import load_people, write_people
    from itfriend.core.contacts_io.reading import format_for_export

    path = Path(path)
    chosen = format_for_export(path, fmt)
    with _collector_paused():
        people = load_people(services)
        write_people(path, chosen, people)
    return len(people)
