"""Large imports drop the secondary indexes and rebuild them in the same transaction.

A failure part-way leaves the indexes and the data exactly as they were; a success leaves the
indexes the model declares. Values written by the bulk path are stored as the ORM stores them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, event, text

from itfriend.core.contacts_io import import_contacts, writing
from itfriend.core.contacts_io.columns import PeopleColumns
from itfriend.core.contacts_io.matching import ImportPlan, plan_import
from itfriend.core.contacts_io.writing import BULK_INSERT_THRESHOLD, write_plan
from itfriend.core.errors import ImportFileError
from itfriend.core.models import Person
from itfriend.core.services import Services

SECONDARY = {
    "ix_people_name",
    "ix_people_department",
    "ix_people_building",
    "ix_people_last_contact",
}


def index_ddl(services: Services) -> dict[str, str | None]:
    """Every index of the people table with its CREATE statement, as SQLite has it."""
    query = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people'")
    with services.db.engine.connect() as connection:
        return {name: sql for name, sql in connection.execute(query)}


def people_rows(services: Services) -> list[tuple[Any, ...]]:
    with services.db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT * FROM people ORDER BY id"))]


@pytest.fixture
def statements(services: Services) -> Iterator[list[str]]:
    """The SQL statements the database runs while the test runs."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(services.db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(services.db.engine, "before_cursor_execute", record)


def dropped(statements: list[str]) -> set[str]:
    return {s.split()[-1] for s in statements if s.strip().upper().startswith("DROP INDEX")}


def new_people(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"name": f"Person {n}", "email": f"p{n}@example.org", "building": f"B{n % 7}"}
        for n in range(start, start + count)
    ]


def test_the_model_declares_the_indexes_this_rebuilds() -> None:
    table = cast(Table, Person.__table__)
    declared = {str(index.name) for index in table.indexes if not index.unique}
    assert declared == SECONDARY


def test_a_large_import_rebuilds_the_secondary_indexes_as_they_were(
    services: Services, statements: list[str], tmp_path: Path
) -> None:
    before = index_ddl(services)
    count = BULK_INSERT_THRESHOLD + 1
    path = tmp_path / "people.csv"
    lines = [f"Person {n},p{n}@example.org,Dept {n % 5}" for n in range(count)]
    path.write_text("name,email,department\n" + "\n".join(lines) + "\n", encoding="utf-8")

    report = import_contacts(services, path)

    assert report.created == count
    assert dropped(statements) == SECONDARY  # the bulk path ran, keeping the unique email
    assert index_ddl(services) == before
    with services.db.engine.connect() as connection:
        plan = connection.execute(
            text("EXPLAIN QUERY PLAN SELECT id FROM people WHERE department = 'Dept 3'")
        ).all()
        departments = connection.execute(
            text(
                "SELECT count(*) FROM people INDEXED BY ix_people_department "
                "WHERE department = 'Dept 3'"
            )
        ).scalar()
    assert "ix_people_department" in " ".join(str(row[-1]) for row in plan)
    assert departments == count // 5


def test_a_failing_large_import_leaves_indexes_and_data_as_they_were(
    services: Services, statements: list[str]
) -> None:
    services.people.add("Already Here", email="here@example.org", department="Finance")
    plan = plan_import(services.db, new_people(BULK_INSERT_THRESHOLD + 1))
    # Someone adds one of the file's people between the check and the write.
    services.people.add("Quick Colleague", email="p4321@example.org")
    indexes, rows = index_ddl(services), people_rows(services)

    with pytest.raises(ImportFileError, match="same email"):
        write_plan(services.db, plan, services.clock.now())

    assert dropped(statements) == SECONDARY  # the failure came after the indexes were dropped
    assert index_ddl(services) == indexes
    assert people_rows(services) == rows
    # The database still works as usual afterwards.
    assert services.people.list(search="Finance")[0].name == "Already Here"


def test_a_failure_after_the_rebuild_also_rolls_everything_back(
    services: Services, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    people = new_people(BULK_INSERT_THRESHOLD + 1)
    people[0]["systems"] = ["VPN"]
    plan = ImportPlan(new=PeopleColumns.from_dicts(people))
    indexes, rows = index_ddl(services), people_rows(services)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(writing, "_link_systems", broken)
    with pytest.raises(RuntimeError):
        write_plan(services.db, plan, services.clock.now())

    assert dropped(statements) == SECONDARY
    assert index_ddl(services) == indexes
    assert people_rows(services) == rows


def test_a_small_import_keeps_the_indexes_in_place(
    services: Services, statements: list[str]
) -> None:
    write_plan(services.db, plan_import(services.db, new_people(20)), services.clock.now())
    assert dropped(statements) == set()
    assert len(people_rows(services)) == 20


def test_a_few_thousand_into_many_more_keep_the_indexes(
    services: Services, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilding reads the whole table: not worth it for a small share of it."""
    monkeypatch.setattr(writing, "BULK_INSERT_THRESHOLD", 10)
    write_plan(services.db, plan_import(services.db, new_people(100)), services.clock.now())
    statements.clear()
    write_plan(services.db, plan_import(services.db, new_people(30, 100)), services.clock.now())
    assert dropped(statements) == set()
    write_plan(services.db, plan_import(services.db, new_people(80, 200)), services.clock.now())
    assert dropped(statements) == SECONDARY
    assert len(people_rows(services)) == 210


def test_the_page_cache_is_restored_after_a_large_import(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "BULK_INSERT_THRESHOLD", 10)
    with services.db.engine.connect() as connection:
        before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    write_plan(services.db, plan_import(services.db, new_people(50)), services.clock.now())
    with services.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == before


def test_bulk_rows_store_dates_as_the_orm_does_when_only_some_have_them(
    services: Services, tmp_path: Path
) -> None:
    services.people.add("By Hand", email="hand@example.org", birthday="1984-05-17")
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,birthday\nNo Day,none@example.org,\nBy File,file@example.org,1984-05-17\n",
        encoding="utf-8",
    )
    import_contacts(services, path)
    query = text("SELECT name, birthday, typeof(birthday) FROM people ORDER BY id")
    with services.db.engine.connect() as connection:
        by_hand, no_day, by_file = connection.execute(query).all()
    assert no_day[1:] == (None, "null")
    assert by_file[1:] == by_hand[1:] == ("1984-05-17", "text")
