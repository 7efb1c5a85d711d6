"""Finding the one person a technician means, the way they say it: an id, an email or a name.

The CLI (``itfriend log jane ...``) and every command that takes a person call this through
``PeopleService.resolve``. It is kept apart from the service because its rules are about what a
reference means (an exact name before a fragment, a clear error listing the candidates when
several people match), not about storing people.
"""

from __future__ import annotations

from sqlalchemy import func, select

from itfriend.core.db import Database
from itfriend.core.errors import AmbiguousError, NotFoundError, ValidationError
from itfriend.core.ids import looks_like_id, parse_id
from itfriend.core.models import Person
from itfriend.core.quoting import quoted
from itfriend.core.search_text import contains_pattern

MAX_CANDIDATES = 10  # people listed when a reference matches several


def resolve_person(db: Database, reference: str) -> int:
    """The id of the person meant by an id, an email or a name fragment matching one person."""
    ref = reference.strip()
    if not ref:
        raise ValidationError("say which person: an id, an email or part of a name")
    with db.transaction() as session:
        if looks_like_id(ref):
            person_id = parse_id(ref, "a person's id")
            if session.get(Person, person_id) is None:
                raise NotFoundError(f"there is no person #{person_id}")
            return person_id
        if "@" in ref:
            found = session.scalar(select(Person.id).where(Person.email == ref.lower()))
            if found is None:
                raise NotFoundError(f"nobody has the email address {quoted(ref)}")
            return found
        exact = session.execute(
            select(Person.id, Person.name, Person.email).where(
                func.lower(Person.name) == ref.lower()
            )
        ).all()
        matches = (
            exact
            or session.execute(
                select(Person.id, Person.name, Person.email)
                .where(Person.name.ilike(contains_pattern(ref, "name"), escape="\\"))
                .order_by(Person.name)
                .limit(MAX_CANDIDATES + 1)
            ).all()
        )
    if not matches:
        raise NotFoundError(f"nobody's name contains {quoted(ref)}")
    if len(matches) > 1:
        candidates = [
            f"#{m.id} {m.name}" + (f" <{m.email}>" if m.email else "")
            for m in matches[:MAX_CANDIDATES]
        ]
        more = " (and more)" if len(matches) > MAX_CANDIDATES else ""
        raise AmbiguousError(
            f"'{ref}' matches several people{more}; use an id or email:\n  "
            + "\n  ".join(candidates),
            candidates,
        )
    return int(matches[0].id)
