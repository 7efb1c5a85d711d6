"""Validates parsed contacts as a whole and writes them in one transaction, in bulk.

All or nothing: every contact is checked with ``clean_fields`` before anything is written, and a
single bad one rejects the file. People are matched to existing ones by email (stored lower case);
a contact whose email is missing or not yet known, by name to a person without an email (see
``match_people``), so that importing the same directory again does not double the people without
an email, and a file giving them an email adds it. A match is updated with the values the file
has, keeping what the file leaves empty. New people are
held as columns (``PeopleColumns``) and written with Core ``executemany`` rather than ORM objects,
so that 100,000 people import in seconds.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from itfriend.core.contacts_io.bulk import (
    begin_for_ddl,
    bound,
    executemany,
    indexes_rebuilt,
    insert_columns,
    roomy_cache,
)
from itfriend.core.contacts_io.columns import DEFAULTS, PeopleColumns
from itfriend.core.contacts_io.csv_text import SEPARATOR_NAMES
from itfriend.core.contacts_io.encodings import encoding_name
from itfriend.core.contacts_io.records import ParsedContact, capped
from itfriend.core.db import Database
from itfriend.core.errors import ImportFileError, StorageError, ValidationError
from itfriend.core.models import Person, System, person_systems
from itfriend.core.person_fields import MAX_SYSTEM_NAME, TEXT_FIELDS, clean_fields
from itfriend.core.wording import plural

MAX_EMAIL = 320  # the column's size, and RFC 5321's limit
MAX_PROBLEM = 200  # characters of a problem line
_CHUNK = 500  # ids per IN (...) list, well under SQLite's parameter limit
# More new people than this are inserted with the secondary indexes dropped and rebuilt after.
BULK_INSERT_THRESHOLD = 5_000
_people = cast(Table, Person.__table__)
# The person fields an import writes ("systems" is linked separately).
_WRITTEN = (*TEXT_FIELDS, "email", "birthday", "cadence_days")
_systems = cast(Table, System.__table__)


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    created: int
    updated: int
    dry_run: bool
    warnings: list[str] = field(default_factory=list)
    # How the file was read: the codec name (as --encoding takes it) and, for CSV, the separator.
    encoding: str = ""
    delimiter: str | None = None

    def summary(self) -> str:
        def people(n: int) -> str:
            return plural(n, "person", "people")

        if self.dry_run:
            text = (
                f"Dry run: would add {people(self.created)} and update {self.updated}; "
                "nothing was written."
            )
        else:
            text = f"Added {people(self.created)} and updated {self.updated}."
        if self.encoding:
            text += f" Read as {encoding_name(self.encoding)}"
            if self.delimiter:
                text += f", separated by {SEPARATOR_NAMES.get(self.delimiter, self.delimiter)}"
            text += "."
        if self.warnings:
            text += f" {plural(len(self.warnings), 'warning')}."
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "dry_run": self.dry_run,
            "warnings": list(self.warnings),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
        }


@dataclass
class ImportPlan:
    """The checked contacts, split into people to add and people to update (by id)."""

    new: PeopleColumns = field(default_factory=lambda: PeopleColumns(0, {}))
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_contacts(contacts: Sequence[ParsedContact], file_name: str) -> list[dict[str, Any]]:
    """The cleaned fields of every contact; raise ImportFileError listing every bad one."""
    problems: list[str] = []
    cleaned_all: list[dict[str, Any]] = []
    first_seen: dict[str, ParsedContact] = {}
    for contact in contacts:
        fields = contact.fields
        try:
            # A contact without a name must fail as one, with clean_fields' own message.
            cleaned = clean_fields(fields if "name" in fields else {"name": "", **fields})
            email = cleaned.get("email")
            if email and len(email) > MAX_EMAIL:
                raise ValidationError(f"email is too long (at most {MAX_EMAIL} characters)")
            if "systems" in cleaned:
                _check_system_names(cleaned["systems"])
        except ValidationError as exc:
            problems.append(_shortened(f"{contact.where}: {exc}"))
            continue
        if email:
            if email in first_seen:
                problems.append(
                    f"{contact.where}: {email} is also on {first_seen[email].where} "
                    "(each person once per file)"
                )
                continue
            first_seen[email] = contact
        cleaned_all.append(cleaned)
    if problems:
        count = plural(len(problems), "bad entry", "bad entries")
        raise ImportFileError(
            f"{file_name} has {count}; nothing was imported. Fix these and import again:",
            capped(problems),
        )
    return cleaned_all


def _shortened(problem: str) -> str:
    """A problem as one readable line: a message quoting a value 5,000 characters long (a cadence
    of 5,000 digits) is cut, so the list stays a line per bad entry."""
    if len(problem) <= MAX_PROBLEM:
        return problem
    return problem[: MAX_PROBLEM - 25] + f"... ({len(problem):,} characters)"


def _check_system_names(names: list[str]) -> None:
    for name in names:
        if len(name) > MAX_SYSTEM_NAME:
            raise ValidationError(
                f"system name '{name[:30]}...' is too long (at most {MAX_SYSTEM_NAME} characters)"
            )


def plan_import(db: Database, people: list[dict[str, Any]] | PeopleColumns) -> ImportPlan:
    """Split checked people into new ones and updates of those already known (by email, or by
    name for someone without an email; see the module's notes).

    ``people`` are ``clean_fields`` results, or columns made from a file's cells (the CSV fast
    path), where "" and None mean an empty cell.
    """
    known = KnownPeople()
    with db.transaction() as session:
        for person_id, email, name in session.execute(select(Person.id, Person.email, Person.name)):
            known.add(person_id, email, name)
    if not known.by_email and not known.without_email:  # nobody to match: a first import
        return _all_new(people, [])
    if isinstance(people, PeopleColumns):
        emails = people.values.get("email") or [None] * people.count
        names = people.values.get("name") or [""] * people.count
    else:
        emails = [cleaned.get("email") for cleaned in people]
        names = [cleaned["name"] for cleaned in people]
    ids, left_alone, warnings = match_people(emails, names, known)
    keep = [pid is None and row not in left_alone for row, pid in enumerate(ids)]
    if all(keep):
        return _all_new(people, warnings)
    if isinstance(people, PeopleColumns):
        updates = [(pid, people.fields_of(row)) for row, pid in enumerate(ids) if pid is not None]
        return ImportPlan(people.select(keep), updates, warnings)
    new_people = [cleaned for cleaned, is_new in zip(people, keep, strict=True) if is_new]
    updates = [(pid, people[row]) for row, pid in enumerate(ids) if pid is not None]
    return ImportPlan(PeopleColumns.from_dicts(new_people), updates, warnings)


def _all_new(people: list[dict[str, Any]] | PeopleColumns, warnings: list[str]) -> ImportPlan:
    new = people if isinstance(people, PeopleColumns) else PeopleColumns.from_dicts(people)
    return ImportPlan(new=new, warnings=warnings)


def name_key(name: str) -> str:
    """A name as matched: case and runs of spaces aside."""
    return " ".join(name.split()).casefold()


@dataclass
class KnownPeople:
    """Who is in itfriend already, as an import matches them."""

    by_email: dict[str, int] = field(default_factory=dict)
    without_email: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    names_with_email: set[str] = field(default_factory=set)

    def add(self, person_id: int, email: str | None, name: str) -> None:
        if email:
            self.by_email[email.lower()] = person_id
            self.names_with_email.add(name_key(name))
        else:
            self.without_email[name_key(name)].append(person_id)


def match_people(
    emails: Sequence[str | None], names: Sequence[str], known: KnownPeople
) -> tuple[list[int | None], set[int], list[str]]:
    """For each row, the known person it updates (None: a new person); the rows left alone; and
    the warnings for names that could not be matched.

    A row whose email is missing or new is matched by name to the one person without an email
    who has it, when the file has that name once. A row with a new email is never matched to
    someone when a person of that name has an email (it may well be another person); it is new.
    For a name several people without an email share, which row is which person cannot be told:
    as many rows as itfriend has such people are left alone, and only the file's further rows of
    that name are added (so importing the same file again adds nobody); both with a warning.
    """
    ids: list[int | None] = [known.by_email.get(email) if email else None for email in emails]
    if not known.without_email:
        return ids, set(), []
    candidates = [
        row
        for row, pid in enumerate(ids)
        if pid is None and not (emails[row] and name_key(names[row]) in known.names_with_email)
    ]
    keys = {row: name_key(names[row]) for row in candidates}
    in_file = Counter(keys.values())
    left_alone: set[int] = set()
    added: list[int] = []
    seen_without_email: Counter[str] = Counter()
    for row in candidates:
        key = keys[row]
        people = known.without_email.get(key, [])
        if not people:
            continue
        if len(people) == 1 and in_file[key] == 1:
            ids[row] = people[0]
        elif emails[row]:
            continue  # new, and matched by its email from now on
        else:
            seen_without_email[key] += 1
            if seen_without_email[key] <= len(people):
                left_alone.add(row)
            else:
                added.append(row)
    warnings = [
        _unmatched(names, left_alone, "left as they are"),
        _unmatched(names, added, "added as new people"),
    ]
    return ids, left_alone, [warning for warning in warnings if warning]


def _unmatched(names: Sequence[str], rows: Collection[int], outcome: str) -> str:
    if not rows:
        return ""
    examples = ", ".join(sorted({name_key(names[row]): names[row] for row in rows}.values())[:3])
    count = plural(len(rows), "person", "people")
    return (
        f"{count} without an email {outcome}: more than one person is called so ({examples}), "
        "and which is which cannot be told. Give them email addresses to match them."
    )


def write_plan(db: Database, plan: ImportPlan, now: datetime) -> None:
    """Write the plan in one transaction; on any failure nothing is written."""
    try:
        with db.transaction() as session:
            connection = session.connection()
            begin_for_ddl(connection)
            with _bulk_insert_room(connection, plan.new.count):
                new_ids = _insert_people(connection, plan.new, now)
            _update_people(connection, plan.updates, now)
            systems = plan.new.values.get("systems")
            links = (
                [(pid, names) for pid, names in zip(new_ids, systems, strict=True) if names]
                if systems
                else []
            )
            links += [(pid, p["systems"]) for pid, p in plan.updates if "systems" in p]
            _link_systems(
                connection, links, replace=[pid for pid, p in plan.updates if "systems" in p]
            )
    except IntegrityError:
        raise ImportFileError(
            "someone added people with the same email addresses while the "
            "file was imported; nothing was imported, try again"
        ) from None


@contextlib.contextmanager
def _bulk_insert_room(connection: Connection, new_people: int) -> Iterator[None]:
    """For many new people, insert them without the secondary indexes (rebuilt afterwards, in the
    same transaction) and with a bigger cache; for a few, insert them as they are.

    Rebuilding an index reads the whole table, so it pays only when the new rows are many and
    not a small share of the people already there.
    """
    if new_people <= BULK_INSERT_THRESHOLD:
        yield
        return
    existing = int(connection.scalar(select(func.count()).select_from(_people)) or 0)
    if new_people * 2 < existing:
        yield
        return
    with roomy_cache(connection), indexes_rebuilt(connection, _people):
        yield


def _insert_people(connection: Connection, people: PeopleColumns, now: datetime) -> list[int]:
    if not people.count:
        return []
    # New people have no contact yet: last_contact stays empty until their first interaction.
    constants = bound(
        connection, _people, {"created_at": now, "updated_at": now, "last_contact": None}
    )
    columns = {key: people.values.get(key) for key in _WRITTEN}
    constants |= {key: DEFAULTS[key] for key, values in columns.items() if values is None}
    given = {key: values for key, values in columns.items() if values is not None}
    insert_columns(connection, _people, people.count, given, constants)
    # The insert holds SQLite's write lock, so the new rows took the next ids in order.
    last = int(connection.scalar(select(func.max(_people.c.id))) or 0)
    first = last - people.count + 1
    found = connection.scalar(
        select(func.count()).select_from(_people).where(_people.c.id.between(first, last))
    )
    if found != people.count:
        raise StorageError("the new people did not get consecutive ids; nothing was imported")
    return list(range(first, last + 1))


def _update_people(
    connection: Connection, updates: list[tuple[int, dict[str, Any]]], now: datetime
) -> None:
    # executemany needs the same columns in every row: one batch per set of columns.
    stamp = bound(connection, _people, {"updated_at": now})
    batches: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for person_id, cleaned in updates:
        values = {k: v for k, v in cleaned.items() if k != "systems"}
        values.update(stamp, person_id_=person_id)
        batches[tuple(sorted(values))].append(values)
    statement = update(_people).where(_people.c.id == bindparam("person_id_"))
    for rows in batches.values():
        executemany(connection, statement, _people, rows, converted=stamp)


def _link_systems(
    connection: Connection, links: list[tuple[int, list[str]]], replace: list[int]
) -> None:
    """Link people to their systems, creating missing systems (matched case-insensitively)."""
    for start in range(0, len(replace), _CHUNK):
        chunk = replace[start : start + _CHUNK]
        connection.execute(delete(person_systems).where(person_systems.c.person_id.in_(chunk)))
    if not links:
        return
    ids = _system_ids(connection)
    wanted = {name.lower(): name for _, names in links for name in names}
    missing = [name for lower, name in wanted.items() if lower not in ids]
    if missing:
        executemany(connection, insert(_systems), _systems, [{"name": n} for n in missing])
        ids = _system_ids(connection)
    pairs = sorted({(pid, ids[name.lower()]) for pid, names in links for name in names})
    executemany(
        connection,
        insert(person_systems),
        person_systems,
        [{"person_id": pid, "system_id": sid} for pid, sid in pairs],
    )


def _system_ids(connection: Connection) -> dict[str, int]:
    ids: dict[str, int] = {}
    for system_id, name in connection.execute(select(_systems.c.id, _systems.c.name)):
        ids.setdefault(name.lower(), system_id)
    return ids
