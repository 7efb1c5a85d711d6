"""The reminder planner when what it showed cannot be written (a damaged or read-only file):
each reminder is still shown once in this run, and the timer is not armed for them again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.groups import GroupRule
from itfriend.core.reminders.messages import Reminder
from itfriend.core.reminders.scheduler import ReminderPlanner
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services

REFUSAL = "the database is damaged: writes wait until you restore a backup"
DAILY_10 = "FREQ=DAILY;BYHOUR=10;BYMINUTE=0"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local (Europe/London in tests) wall-clock moment as aware UTC."""
    return datetime(year, month, day, hour, minute).astimezone(UTC)


def kinds(reminders: list[Reminder]) -> list[str]:
    return [r.kind.value for r in reminders]


@pytest.fixture
def planner(services: Services, store: ReminderStore) -> ReminderPlanner:
    services.settings.set("reminders.digest_time", "17:30")
    return ReminderPlanner(store)


def add_follow_up(services: Services, due: datetime, name: str = "Jane Doe") -> int:
    person = services.people.add(name, department="Finance")
    return services.follow_ups.add(person.id, due, "new laptop delivered?").id


def test_a_reminder_whose_showing_cannot_be_written_is_shown_once(
    services: Services, store: ReminderStore, planner: ReminderPlanner, clock: FakeClock
) -> None:
    follow_up_id = add_follow_up(services, local(2026, 3, 4, 9))
    services.walk_arounds.add("North", DAILY_10, label="Round")
    store.write_refusal = REFUSAL
    clock.set(local(2026, 3, 4, 10))

    shown = planner.collect()
    assert kinds(shown) == ["follow-up", "walk-around"]
    planner.acknowledge(shown)  # refused by the store, but no error for the tray's timer
    assert services.follow_ups.get(follow_up_id).notified_at is None  # nothing was written

    for minutes in (0, 5, 60):  # the timer's retries, as the clock moves on
        clock.set(local(2026, 3, 4, 10) + timedelta(minutes=minutes))
        assert planner.collect() == []
        # Not "now" (that would fire the timer at once, over and over): the evening digest.
        assert planner.next_wakeup() == local(2026, 3, 4, 17, 30)

    # The next walk-around occurrence is new, so it comes, once.
    clock.set(local(2026, 3, 5, 10))
    assert kinds(planner.collect()) == ["walk-around"]


def test_a_follow_up_moved_after_an_unrecorded_showing_comes_again(
    services: Services, store: ReminderStore, planner: ReminderPlanner, clock: FakeClock
) -> None:
    follow_up_id = add_follow_up(services, local(2026, 3, 4, 9))
    store.write_refusal = REFUSAL
    planner.acknowledge(planner.collect())
    assert planner.collect() == []

    # Snoozed (e.g. in a backup restored meanwhile): its new moment is a new reminder.
    services.follow_ups.snooze(follow_up_id, local(2026, 3, 4, 11))
    assert planner.next_wakeup() == local(2026, 3, 4, 11)
    clock.set(local(2026, 3, 4, 11))
    assert kinds(planner.collect()) == ["follow-up"]


def test_unrecorded_digest_and_back_up_notice_are_shown_once_and_count_towards_the_cap(
    services: Services,
    store: ReminderStore,
    planner: ReminderPlanner,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    services.settings.update(
        {
            "reminders.digest_time": "09:30",
            "reminders.max_per_day": 3,
            "me.name": "Tess Tech",
            "me.email": "tess@example.org",
            "me.phone": "555-0100",
        }
    )
    clock.set(local(2026, 1, 1, 9))
    services.people.add("Ann Able", email="ann@example.org", department="Finance")
    clock.set(local(2026, 3, 4, 9))
    services.groups.add("Finance users", GroupRule(departments=("Finance",)))
    values = {"system": "CRM", "start": "2026-03-04 12:00", "end": "2026-03-04 14:00"}
    composition = services.announcements.compose("Finance users", "maint", values)
    report = services.announcements.save_eml(composition, tmp_path)
    back_up_at = local(2026, 3, 4, 9, 30)
    services.announcements.schedule_follow_up(report.announcement_id, back_up_at, "Up")
    store.write_refusal = REFUSAL

    clock.set(local(2026, 3, 4, 9, 30))
    shown = planner.collect()
    assert kinds(shown) == ["backup-notice", "digest"]
    planner.acknowledge(shown)
    assert planner.collect() == []
    assert planner.next_wakeup() == local(2026, 3, 5, 9, 30)  # tomorrow's digest

    # Two of the day's three were used, though the count could not be written.
    add_follow_up(services, local(2026, 3, 4, 10), "Bob Boss")
    add_follow_up(services, local(2026, 3, 4, 10), "Cy Chief")
    clock.set(local(2026, 3, 4, 10))
    [more] = planner.collect()
    assert more.title == "2 follow-ups are due"
    planner.acknowledge([more])
    assert planner.collect() == []
    assert planner.next_wakeup() == local(2026, 3, 5, 8)  # the cap is reached until tomorrow
