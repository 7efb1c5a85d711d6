"""What the ReminderStore writes reads back exactly through the ORM; whole or not at all.

Also: when the store may be used at all (``schema_is_current``), and what it costs to import.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import StorageError
from itfriend.core.models import Announcement
from itfriend.core.reminders.messages import ReminderKind
from itfriend.core.reminders.scheduler import SHOWN_COUNT_KEY, ReminderPlanner
from itfriend.core.reminders.store import ReminderStore, day_count, schema_is_current
from itfriend.core.services import Services
from itfriend.core.settings import Settings

ODD = timedelta(seconds=7, microseconds=123457)


def test_acknowledge_reads_back_through_the_orm(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    services.settings.update({"reminders.digest_time": "09:00", "contact.cadence_days": 1})
    jane = services.people.add("Jane Doe", building="North")
    follow_up = services.follow_ups.add(jane.id, clock.now() + timedelta(minutes=1))
    walk = services.walk_arounds.add("North", "FREQ=DAILY;BYHOUR=10;BYMINUTE=0")
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=UTC) + ODD)  # two days later, odd seconds
    planner = ReminderPlanner(store)
    reminders = planner.collect()
    assert {r.kind for r in reminders} == {
        ReminderKind.FOLLOW_UP,
        ReminderKind.WALK_AROUND,
        ReminderKind.DIGEST,
    }
    planner.acknowledge(reminders)

    notified_at = services.follow_ups.get(follow_up.id).notified_at
    assert notified_at == clock.now() and notified_at.tzinfo is UTC
    reminded = services.walk_arounds.get(walk.id).reminded_through
    assert reminded == datetime(2026, 3, 6, 10, 0, tzinfo=UTC) and reminded.tzinfo is UTC
    assert services.walk_arounds.due(clock.now()) == []
    assert store.state("reminders.digest_shown_on") == "2026-03-06"
    assert store.state(SHOWN_COUNT_KEY) == "2026-03-06 3"
    assert planner.collect() == []


def test_a_back_up_notice_reminder_is_cleared(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    with services.db.transaction() as session:
        announcement = Announcement(
            group_name="Sales",
            subject="CRM down",
            delivery="eml",
            created_at=clock.now(),
            follow_up_at=clock.now() + ODD,
            follow_up_template="System back up",
        )
        session.add(announcement)
    assert services.announcements.next_follow_up_notice() == clock.now() + ODD
    store.record_shown(clock.now(), notice_ids=[announcement.id])
    assert services.announcements.next_follow_up_notice() is None
    assert services.announcements.history()[0].follow_up_at is None


def test_reminded_through_never_moves_back_and_removed_walk_arounds_are_skipped(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    walk = services.walk_arounds.add("North", "FREQ=DAILY;BYHOUR=10;BYMINUTE=0")
    gone = services.walk_arounds.add("South", "FREQ=DAILY;BYHOUR=10;BYMINUTE=0")
    services.walk_arounds.remove(gone.id)
    later, earlier = clock.now() + timedelta(days=2) + ODD, clock.now() + timedelta(days=1)
    store.record_shown(clock.now(), walk_arounds=[(walk.id, later), (gone.id, later)])
    store.record_shown(clock.now(), walk_arounds=[(walk.id, earlier)])
    assert services.walk_arounds.get(walk.id).reminded_through == later
    assert [w.id for w in services.walk_arounds.list()] == [walk.id]


def test_the_shown_count_is_per_local_day(store: ReminderStore, clock: FakeClock) -> None:
    store.record_shown(clock.now(), count_key="count", count=2)
    store.record_shown(clock.now() + timedelta(hours=1), count_key="count", count=3)
    assert store.state("count") == "2026-03-04 5"
    assert day_count(store.state("count"), datetime(2026, 3, 4).date()) == 5
    # 23:30 UTC on the 4th of July is already the 5th in London (BST): a new day, a new count.
    summer = datetime(2026, 7, 4, 23, 30, tzinfo=UTC)
    store.record_shown(summer, count_key="count", count=1, state={"other": "x"})
    assert store.state("count") == "2026-07-05 1" and store.state("other") == "x"
    assert day_count("garbage", datetime(2026, 7, 5).date()) == 0


def test_a_failed_write_changes_nothing(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    jane = services.people.add("Jane Doe")
    follow_up = services.follow_ups.add(jane.id, clock.now())
    with pytest.raises(StorageError, match="could not be written"):
        # app_state.value is NOT NULL: the last statement fails, after the follow-up's update.
        store.record_shown(clock.now(), follow_up_ids=[follow_up.id], state={"k": None})  # type: ignore[dict-item]
    assert services.follow_ups.get(follow_up.id).notified_at is None
    assert store.state("k") is None


def test_a_missing_database_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    store = ReminderStore(
        missing, Settings(tmp_path / "settings.json"), FakeClock(datetime.now(UTC))
    )
    with pytest.raises(StorageError, match="could not be read"):
        store.count_overdue()
    with pytest.raises(StorageError, match="could not be written"):
        store.record_shown(datetime.now(UTC), count_key="count", count=1)
    assert not missing.exists()


def test_schema_is_current(services: Services, tmp_path: Path) -> None:
    database = services.paths.database
    assert schema_is_current(database)
    assert not schema_is_current(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert not schema_is_current(empty)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database, just some text" * 200)
    assert not schema_is_current(garbage)
    assert not schema_is_current(tmp_path)  # a folder
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    assert not schema_is_current(database)
    with sqlite3.connect(database) as conn:
        conn.execute("DROP TABLE alembic_version")
    assert not schema_is_current(database)


def test_the_tray_side_loads_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import itfriend.core.reminders.store, itfriend.core.reminders.scheduler\n"
        "import itfriend.core.status, itfriend.core.reminders.due\n"
        "import itfriend.core.reminders.messages, itfriend.core.reminders.quiet_hours\n"
        "import itfriend.core.settings, itfriend.core.clock, itfriend.core.storage\n"
        "import itfriend.core.rows.people, itfriend.core.rows.walk_arounds\n"
        "import itfriend.core.rows.cool_downs, itfriend.core.rows.notices\n"
        "heavy = ('sqlalchemy', 'jinja2', 'rapidfuzz', 'vaderSentiment', 'textstat', 'PySide6')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stdout
