"""The change log holds every committed write, written in the write's own transaction."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from itfriend.core.change_feed import Change, ChangeKind, SqliteChangeFeed
from itfriend.core.clock import FakeClock
from itfriend.core.contacts_io.columns import PeopleColumns
from itfriend.core.contacts_io.importing import ImportPlan, write_plan
from itfriend.core.errors import StorageError
from itfriend.core.groups import GroupRule
from itfriend.core.models import AppState, Person, group_members
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services

INSERT, UPDATE, DELETE = ChangeKind.INSERT, ChangeKind.UPDATE, ChangeKind.DELETE


def _feed(services: Services) -> SqliteChangeFeed:
    return SqliteChangeFeed(services.paths.database)


def _new(feed: SqliteChangeFeed, since: int) -> list[tuple[str, int | None, ChangeKind]]:
    return [(c.table, c.row_id, c.kind) for c in feed.changes_since(since)]


def test_orm_writes_give_one_row_each(services: Services, clock: FakeClock) -> None:
    feed = _feed(services)
    start = feed.latest_id()
    ann = services.people.add("Ann Example")
    services.people.edit(ann.id, room="214")
    follow_up = services.follow_ups.add(ann.id, clock.now() + timedelta(days=1))
    services.follow_ups.remove(follow_up.id)
    assert _new(feed, start) == [
        ("people", ann.id, INSERT),
        ("people", ann.id, UPDATE),
        ("follow_ups", follow_up.id, INSERT),
        ("follow_ups", follow_up.id, DELETE),
    ]


def test_an_unchanged_object_is_not_logged(services: Services) -> None:
    ann = services.people.add("Ann Example")
    feed = _feed(services)
    start = feed.latest_id()
    with services.db.transaction() as session:
        person = session.get(Person, ann.id)
        assert person is not None
        person.room = person.room  # set to what it was: dirty, but not modified
    assert _new(feed, start) == []


def test_a_session_update_or_delete_names_its_rows(services: Services, clock: FakeClock) -> None:
    ann = services.people.add("Ann Example")
    bob = services.people.add("Bob Builder")
    feed = _feed(services)
    start = feed.latest_id()
    services.interactions.log(bob.id, "phone", "hi")  # a Core UPDATE of Bob's last contact
    services.people.remove(ann.id)  # a Core DELETE
    changes = _new(feed, start)
    assert ("people", bob.id, UPDATE) in changes
    assert changes[-1] == ("people", ann.id, DELETE)
    assert ("people", ann.id, UPDATE) not in changes


def test_bulk_and_raw_writes_give_one_coarse_row_per_table_and_kind(services: Services) -> None:
    ann = services.people.add("Ann Example")
    group = services.groups.add("Finance", GroupRule(departments=("Finance",)))
    feed = _feed(services)
    start = feed.latest_id()
    with services.db.transaction() as session:
        session.execute(insert(group_members), [{"group_id": group.id, "person_id": ann.id}])
        session.execute(text("UPDATE people SET room = 'x'"))
        session.execute(text("UPDATE people SET floor = '2'"))
        session.execute(text("UPDATE people SET room = 'y' WHERE id = -1"))  # changes nothing
    assert _new(feed, start) == [("group_members", None, INSERT), ("people", None, UPDATE)]


def test_an_import_of_many_people_is_one_row(services: Services) -> None:
    people = [{"name": f"Person {i}", "email": f"p{i}@example.org"} for i in range(300)]
    feed = _feed(services)
    start = feed.latest_id()
    write_plan(services.db, ImportPlan(new=PeopleColumns.from_dicts(people)), services.clock.now())
    assert _new(feed, start) == [("people", None, INSERT)]


def test_a_rolled_back_write_leaves_no_row(services: Services) -> None:
    ann = services.people.add("Ann Example")
    feed = _feed(services)
    start = feed.latest_id()
    with pytest.raises(RuntimeError), services.db.transaction() as session:
        session.add(
            Person(name="Bob", created_at=services.clock.now(), updated_at=services.clock.now())
        )
        session.flush()
        session.execute(text("UPDATE people SET room = 'x'"))
        services_person = session.get(Person, ann.id)
        assert services_person is not None
        services_person.room = "gone"
        session.flush()
        raise RuntimeError("the technician pressed Cancel")
    assert feed.latest_id() == start
    # Nothing of the rolled-back transaction is carried into the next one.
    services.people.edit(ann.id, room="214")
    assert _new(feed, start) == [("people", ann.id, UPDATE)]


def test_a_failed_write_is_not_logged(services: Services) -> None:
    services.people.add("Ann Example", email="ann@example.org")
    feed = _feed(services)
    start = feed.latest_id()
    with pytest.raises(Exception, match="email"):
        services.people.add("Ann Again", email="ann@example.org")
    assert feed.latest_id() == start


def test_bookkeeping_tables_are_not_logged(services: Services) -> None:
    feed = _feed(services)
    start = feed.latest_id()
    with services.db.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = version_num"))
    assert _new(feed, start) == []
    with services.db.transaction() as session:
        session.add(AppState(key="digest.day", value="2026-03-04"))
    assert _new(feed, start) == [("app_state", None, INSERT)]


def test_the_technician_and_the_moment_are_kept(services: Services) -> None:
    services.people.add("Ann Example")
    services.settings.set("me.name", "Tess Tech")
    services.people.add("Bob Builder")
    first, second = _feed(services).changes_since(0)[-2:]
    assert (first.by, second.by) == (None, "Tess Tech")
    assert second.at.tzinfo is not None and second.at >= first.at
    assert isinstance(second, Change) and second.id == first.id + 1


def test_the_reminder_store_logs_what_it_writes(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    services.settings.set("me.name", "Tess Tech")
    ann = services.people.add("Ann Example")
    follow_up = services.follow_ups.add(ann.id, clock.now())
    walk = services.walk_arounds.add("North", "FREQ=DAILY;BYHOUR=10;BYMINUTE=0")
    cool_down = services.cool_downs.start("INC-1", "angry words", minutes=5)
    feed = _feed(services)
    start = feed.latest_id()
    store.record_shown(
        clock.now(),
        follow_up_ids=[follow_up.id],
        walk_arounds=[(walk.id, clock.now()), (999, clock.now())],  # 999: removed meanwhile
        state={"digest.day": "2026-03-04"},
    )
    store.end_cool_down(cool_down.id)
    assert _new(feed, start) == [
        ("follow_ups", follow_up.id, UPDATE),
        ("walk_arounds", walk.id, UPDATE),
        ("app_state", None, UPDATE),
        ("cool_downs", cool_down.id, UPDATE),
    ]
    assert {c.by for c in feed.changes_since(start)} == {"Tess Tech"}


def test_a_refused_reminder_store_write_logs_nothing(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    feed = _feed(services)
    start = feed.latest_id()
    with pytest.raises(Exception, match="no cool-down"):
        store.end_cool_down(12345)
    assert feed.latest_id() == start


def test_database_path_is_the_one_read(services: Services) -> None:
    assert _feed(services).wake_paths() == [
        services.paths.database,
        Path(f"{services.paths.database}-wal"),
    ]


def test_a_write_whose_log_row_fails_is_not_committed(services: Services) -> None:
    """Same transaction: a write cannot commit without its log row."""
    services.people.add("Ann Example")
    with sqlite3.connect(services.paths.database) as conn:
        conn.execute("ALTER TABLE changes RENAME TO changes_elsewhere")
    with pytest.raises(StorageError, match="no such table: changes"):
        services.people.add("Bob Builder")
    assert [p.name for p in services.people.list()] == ["Ann Example"]
