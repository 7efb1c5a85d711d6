"""The SQL pieces that several services share about people: the list-row columns, people by
system, and systems by name.

``PeopleService``, ``GroupService`` (a group's rule is a query over people) and the contacts
import build their queries from these, so that a list row, a group member and an imported
person are read and linked the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from itfriend.core.models import Person, System, person_systems


def row_select() -> Select[Any]:
    """The columns ``make_row`` reads, so that a query returns plain rows, not ORM objects."""
    return select(
        Person.id,
        Person.name,
        Person.email,
        Person.role,
        Person.department,
        Person.building,
        Person.floor,
        Person.room,
        Person.phone,
        Person.cadence_days,
        Person.last_contact,
        Person.created_at,
    )


def systems_by_name(session: Session, names: Sequence[str]) -> list[System]:
    """The System rows of these names, created where missing (matched case-insensitively)."""
    if not names:
        return []
    existing = {
        s.name.lower(): s
        for s in session.scalars(
            select(System).where(func.lower(System.name).in_([n.lower() for n in names]))
        )
    }
    systems = []
    for name in names:
        system = existing.get(name.lower())
        if system is None:
            system = System(name=name)
            session.add(system)
            existing[name.lower()] = system
        systems.append(system)
    return systems


def people_using(system_names: Sequence[str]) -> Select[tuple[int]]:
    """Ids of people who use any of these systems."""
    return (
        select(person_systems.c.person_id)
        .join(System, System.id == person_systems.c.system_id)
        .where(func.lower(System.name).in_([n.lower() for n in system_names]))
    )
