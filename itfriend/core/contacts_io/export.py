"""Writes every person, with every field, to CSV, vCard 3.0 or JSON.

The file is written beside its final name and renamed into place only when complete, so that an
interrupted export never leaves half a file where a good one was. It is created readable by the
user only, like the database, because it holds personal notes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TextIO, cast

from sqlalchemy import Table, func, select

from itfriend.core.contacts_io.cells import neutralised
from itfriend.core.contacts_io.reading import CSV, JSON, VCARD
from itfriend.core.contacts_io.records import PERSON_COLUMNS
from itfriend.core.contacts_io.vcard_export import vcard_text
from itfriend.core.db import Database
from itfriend.core.models import Person, System, person_systems
from itfriend.core.people import make_row, person_to_json
from itfriend.core.safe_files import write_atomically
from itfriend.core.services import Services


def load_people(services: Services) -> list[dict[str, Any]]:
    """Every person as ``person_to_json`` shapes it, ordered by name.

    Rows are read with Core and handed to ``person_to_json`` through a light stand-in for the ORM
    object: building 100,000 ORM objects with their systems took most of an export's time.
    """
    now = services.clock.now()
    default = services.people.default_cadence
    db: Database = services.db
    people = cast(Table, Person.__table__)
    with db.transaction() as session:
        systems: dict[int, list[_System]] = defaultdict(list)
        for person_id, name in session.execute(
            select(person_systems.c.person_id, System.name)
            .join(System, System.id == person_systems.c.system_id)
            .order_by(System.name)
        ):
            systems[person_id].append(_System(name))
        rows = session.execute(
            select(*people.c).order_by(func.lower(people.c.name), people.c.id)
        ).all()
    return [
        person_to_json(
            cast(Person, _PersonView(row, systems.get(row.id, []))), make_row(row, now, default)
        )
        for row in rows
    ]


class _System(NamedTuple):
    name: str


class _PersonView:
    """What ``person_to_json`` reads of a Person, from a Core row and the person's systems."""

    __slots__ = ("_row", "systems")

    def __init__(self, row: Any, systems: list[_System]) -> None:
        self._row = row
        self.systems = systems

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


def write_people(path: Path, fmt: str, people: list[dict[str, Any]]) -> None:
    """Write people to ``path`` in ``fmt`` (csv, vcard or json), atomically."""
    writers: dict[str, tuple[Callable[[TextIO], None], str, str | None]] = {
        CSV: (lambda out: _write_csv(out, people), "utf-8-sig", ""),
        VCARD: (lambda out: out.writelines(vcard_text(p) for p in people), "utf-8", ""),
        JSON: (lambda out: _write_json(out, people), "utf-8", None),
    }
    write, encoding, newline = writers[fmt]
    _write_atomically(path, write, encoding, newline)


def _write_csv(out: TextIO, people: list[dict[str, Any]]) -> None:
    # A byte-order mark (utf-8-sig) makes Excel read the accents right; import accepts it.
    # Every cell is quoted (OWASP): Excel in many European locales splits on ";", which would
    # otherwise start a new, unescaped cell inside "x;=cmd|...".
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(PERSON_COLUMNS)
    for person in people:
        writer.writerow([_cell(person.get(column)) for column in PERSON_COLUMNS])


def _cell(value: Any) -> str:
    """The cell for a value, neutralised so that no spreadsheet runs it (see ``cells``)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralised("; ".join(value))
    return neutralised(str(value))


def _write_json(out: TextIO, people: list[dict[str, Any]]) -> None:
    json.dump(people, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _write_atomically(
    path: Path, write: Callable[[TextIO], None], encoding: str, newline: str | None
) -> None:
    def write_text(binary: BinaryIO) -> None:
        out = io.TextIOWrapper(binary, encoding=encoding, newline=newline)
        write(out)
        out.flush()
        out.detach()  # the binary file stays open for write_atomically to sync and rename

    write_atomically(path, write_text, outcome="nothing was exported")
