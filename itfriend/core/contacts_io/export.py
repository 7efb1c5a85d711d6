"""Writes every person, with every field, to CSV, vCard 3.0 or JSON.

The file is written beside its final name and renamed into place only when complete, so that an
interrupted export never leaves half a file where a good one was. It is created readable by the
user only, like the database, because it holds personal notes.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from itfriend.core.contacts_io.reading import CSV, JSON, VCARD
from itfriend.core.contacts_io.records import PERSON_COLUMNS
from itfriend.core.contacts_io.vcard_export import vcard_text
from itfriend.core.db import Database
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.models import Person
from itfriend.core.people import make_row, person_to_json
from itfriend.core.services import Services


def load_people(services: Services) -> list[dict[str, Any]]:
    """Every person as ``person_to_json`` shapes it, ordered by name."""
    now = services.clock.now()
    default = services.people.default_cadence
    db: Database = services.db
    with db.transaction() as session:
        people = session.scalars(
            select(Person)
            .options(selectinload(Person.systems))
            .order_by(func.lower(Person.name), Person.id)
        ).all()
        return [person_to_json(person, make_row(person, now, default)) for person in people]


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
    writer = csv.writer(out)
    writer.writerow(PERSON_COLUMNS)
    for person in people:
        writer.writerow([_cell(person.get(column)) for column in PERSON_COLUMNS])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _write_json(out: TextIO, people: list[dict[str, Any]]) -> None:
    json.dump(people, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _write_atomically(
    path: Path, write: Callable[[TextIO], None], encoding: str, newline: str | None
) -> None:
    folder = path.parent
    if path.is_dir():
        raise ValidationError(f"{path} is a folder: give a file name to export to")
    if not folder.is_dir():
        raise ValidationError(f"the folder {folder} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with open(fd, "w", encoding=encoding, newline=newline) as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise StorageError(
                f"cannot write {path}: {exc.strerror or exc}; nothing was exported"
            ) from None
        raise
