"""People: add, edit, find, remove, and the list rows every view reads.

List views read plain rows (``PersonRow``), not ORM objects, so that 100,000 people stay quick.
What a reference to a person means is ``people_lookup``'s; the query pieces other services share
(``row_select``, ``people_using``, ``systems_by_name``) are ``people_queries``', re-exported here
where callers have always found them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from itfriend.core.clock import Clock, local_date
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import Person, System
from itfriend.core.people_lookup import resolve_person
from itfriend.core.people_queries import people_using as people_using
from itfriend.core.people_queries import row_select as row_select
from itfriend.core.people_queries import systems_by_name as systems_by_name
from itfriend.core.person_fields import EDITABLE_FIELDS as EDITABLE_FIELDS
from itfriend.core.person_fields import EMAIL_PATTERN as EMAIL_PATTERN
from itfriend.core.person_fields import TEXT_FIELDS as TEXT_FIELDS
from itfriend.core.person_fields import clean_fields as clean_fields
from itfriend.core.rows.people import PersonRow as PersonRow
from itfriend.core.rows.people import make_row as make_row
from itfriend.core.rows.people import overdue_cutoffs
from itfriend.core.search_text import contains_pattern
from itfriend.core.settings import Settings


def person_to_json(person: Person, row: PersonRow) -> dict[str, Any]:
    """Every field of a person, for ``people show --json`` and JSON export."""
    data = row.to_json()
    data.update(
        preferred_name=person.preferred_name,
        notes=person.notes,
        personal_notes=person.personal_notes,
        birthday=person.birthday.isoformat() if person.birthday else None,
        systems=[s.name for s in person.systems],
    )
    return data


# Aliases, because PeopleService.list shadows the builtin inside the class body.
PersonRows = list[PersonRow]
Names = list[str]


class PeopleService:
    """Adds, edits, finds and lists people."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    @property
    def default_cadence(self) -> int:
        return int(self._settings.get("contact.cadence_days"))

    # --- writing -------------------------------------------------------------------------

    def add(self, name: str, **fields: Any) -> PersonRow:
        cleaned = clean_fields({"name": name, **fields})
        now = self._clock.now()
        with self._db.transaction() as session:
            systems = cleaned.pop("systems", [])
            person = Person(created_at=now, updated_at=now, **_with_defaults(cleaned))
            person.systems = systems_by_name(session, systems)
            session.add(person)
            self._flush_checking_email(session, cleaned.get("email"))
            return self._row(person)

    def edit(self, person_id: int, **fields: Any) -> PersonRow:
        cleaned = clean_fields(fields)
        with self._db.transaction() as session:
            person = _get(session, person_id)
            if "systems" in cleaned:
                person.systems = systems_by_name(session, cleaned.pop("systems"))
            for key, value in cleaned.items():
                setattr(person, key, value)
            person.updated_at = self._clock.now()
            self._flush_checking_email(session, cleaned.get("email"))
            return self._row(person)

    def remove(self, person_id: int) -> str:
        """Delete a person with their interactions and follow-ups; returns their name."""
        with self._db.transaction() as session:
            person = _get(session, person_id)
            name = person.name
            session.execute(delete(Person).where(Person.id == person_id))
            return name

    @staticmethod
    def _flush_checking_email(session: Session, email: str | None) -> None:
        try:
            session.flush()
        except IntegrityError as exc:
            if "email" not in str(exc.orig):
                raise
            raise ValidationError(f"someone else already has the email address {email}") from None

    # --- reading -------------------------------------------------------------------------

    def get(self, person_id: int) -> Person:
        """A person with their systems loaded, detached from any session."""
        with self._db.transaction() as session:
            person = session.scalar(
                select(Person).options(selectinload(Person.systems)).where(Person.id == person_id)
            )
            if person is None:
                raise NotFoundError(f"there is no person #{person_id}")
            return person

    def row(self, person_id: int) -> PersonRow:
        with self._db.transaction() as session:
            return self._row(_get(session, person_id))

    def resolve(self, reference: str) -> int:
        """The id of the person meant by an id, an email or a name fragment matching one person."""
        return resolve_person(self._db, reference)

    def list(
        self,
        search: str = "",
        overdue_only: bool = False,
        limit: int | None = None,
        building: str | None = None,
    ) -> PersonRows:
        """People as rows, by name; ``search`` matches name, email, role, department, building."""
        query = row_select()
        if search.strip():
            pattern = contains_pattern(search.strip())
            query = query.where(
                or_(
                    *(
                        column.ilike(pattern, escape="\\")
                        for column in (
                            Person.name,
                            Person.email,
                            Person.role,
                            Person.department,
                            Person.building,
                        )
                    )
                )
            )
        if building is not None:
            query = query.where(Person.building == building)
        if overdue_only:
            query = query.where(self._overdue_clause())
        query = query.order_by(func.lower(Person.name), Person.id)
        if limit is not None:
            query = query.limit(limit)
        with self._db.transaction() as session:
            return self._rows(session.execute(query).all())

    def overdue(self, limit: int | None = None) -> PersonRows:
        """Overdue people, longest without contact first."""
        baseline = func.coalesce(Person.last_contact, Person.created_at)
        query = row_select().where(self._overdue_clause()).order_by(baseline, Person.id)
        if limit is not None:
            query = query.limit(limit)
        with self._db.transaction() as session:
            return self._rows(session.execute(query).all())

    def count_overdue(self) -> int:
        query = select(func.count()).select_from(Person).where(self._overdue_clause())
        with self._db.transaction() as session:
            return int(session.scalar(query) or 0)

    def buildings(self) -> Names:
        with self._db.transaction() as session:
            return [
                b
                for b in session.scalars(
                    select(Person.building).distinct().order_by(Person.building)
                )
                if b
            ]

    def departments(self) -> Names:
        with self._db.transaction() as session:
            return [
                d
                for d in session.scalars(
                    select(Person.department).distinct().order_by(Person.department)
                )
                if d
            ]

    def system_names(self) -> Names:
        with self._db.transaction() as session:
            return list(session.scalars(select(System.name).order_by(System.name)))

    def _overdue_clause(self) -> ColumnElement[bool]:
        """People whose last contact (or, if never contacted, their adding) is past their cadence
        (see ``overdue_cutoffs``)."""
        baseline = func.coalesce(Person.last_contact, Person.created_at)
        with self._db.transaction() as session:
            cadences = list(session.scalars(select(Person.cadence_days).distinct()))
        now, column = self._clock.now(), Person.cadence_days
        clauses = [
            and_(column.is_(None) if cadence is None else column == cadence, baseline < cutoff)
            for cadence, cutoff in overdue_cutoffs(now, self.default_cadence, cadences)
        ]
        return or_(false(), *clauses)

    def _rows(self, results: Iterable[Any]) -> PersonRows:
        now = self._clock.now()
        default = self.default_cadence
        today = local_date(now)
        return [make_row(r, now, default, today) for r in results]

    def _row(self, person: Person) -> PersonRow:
        return make_row(person, self._clock.now(), self.default_cadence)


def _get(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(f"there is no person #{person_id}")
    return person


def _with_defaults(fields: dict[str, Any]) -> dict[str, Any]:
    return {**{key: "" for key in TEXT_FIELDS}, **fields}
