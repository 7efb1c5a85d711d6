"""Which people in a checked file are new and which update someone itfriend knows already.

People are matched by email (stored lower case); a contact whose email is missing or not yet
known, by name to a person without an email (see ``match_people``), so that importing the same
directory again does not double the people without an email, and a file giving them an email
adds it. The outcome is an ``ImportPlan`` for ``writing.write_plan``; nothing here writes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from itfriend.core.contacts_io.columns import PeopleColumns
from itfriend.core.db import Database
from itfriend.core.models import Person
from itfriend.core.wording import plural


@dataclass
class ImportPlan:
    """The checked contacts, split into people to add and people to update (by id)."""

    new: PeopleColumns = field(default_factory=lambda: PeopleColumns(0, {}))
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
