"""Writes an import plan in one transaction, in bulk, so that 100,000 people import in seconds.

All or nothing: on any failure nothing is written. A matched person is updated with the values
the file has, keeping what the file leaves empty. New people are held as columns
(``PeopleColumns``) and written with Core ``executemany`` rather than ORM objects; many of them
are inserted with the secondary indexes dropped and rebuilt after (``_bulk_insert_room``).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
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
from itfriend.core.contacts_io.matching import ImportPlan
from itfriend.core.db import Database
from itfriend.core.errors import ImportFileError, StorageError
from itfriend.core.models import Person, System, person_systems
from itfriend.core.person_fields import TEXT_FIELDS

_CHUNK = 500  # ids per IN (...) list, well under SQLite's parameter limit
# More new people than this are inserted with the secondary indexes dropped and rebuilt after.
BULK_INSERT_THRESHOLD = 5_000
_people = cast(Table, Person.__table__)
# The person fields an import writes ("systems" is linked separately).
_WRITTEN = (*TEXT_FIELDS, "email", "birthday", "cadence_days")
_systems = cast(Table, System.__table__)


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
