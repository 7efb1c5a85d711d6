"""The back-up notice reminder in the reminder planner, with a FakeClock instead of waiting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.groups import GroupRule
from itfriend.core.reminders.messages import ReminderKind
from itfriend.core.reminders.scheduler import ReminderPlanner
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services

VALUES = {"system": "CRM", "start": "2026-03-04 12:00", "end": "2026-03-04 14:00"}


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local (Europe/London in tests) wall-clock moment as aware UTC."""
    return datetime(year, month, day, hour, minute).astimezone(UTC)


@pytest.fixture
def planner(services: Services, store: ReminderStore) -> ReminderPlanner:
    services.settings.update(
        {
            "reminders.digest_time": "17:30",
            "me.name": "Tess Tech",
            "me.email": "tess@example.org",
            "me.phone": "555-0100",
        }
    )
    services.people.add("Ann Able", email="ann@example.org", department="Finance")
    services.groups.add("Finance users", GroupRule(departments=("Finance",)))
    return ReminderPlanner(store)


def announce_maintenance(services: Services, folder: Path, end: datetime) -> int:
    """A maintenance notice (saved as .eml) that asks for a back-up notice reminder at ``end``."""
    composition = services.announcements.compose("Finance users", "maint", VALUES)
    report = services.announcements.save_eml(composition, folder)
    services.announcements.schedule_follow_up(report.announcement_id, end, "System back up")
    return report.announcement_id


def test_the_back_up_notice_comes_due_at_the_end_time_once(
    services: Services, planner: ReminderPlanner, clock: FakeClock, tmp_path: Path
) -> None:
    announcement_id = announce_maintenance(services, tmp_path, local(2026, 3, 4, 14))
    assert planner.next_wakeup() == local(2026, 3, 4, 14)
    clock.set(local(2026, 3, 4, 13, 59))
    assert planner.collect() == []

    clock.set(local(2026, 3, 4, 14))
    [reminder] = planner.collect()
    assert reminder.kind is ReminderKind.BACKUP_NOTICE
    assert reminder.title == "Send the back-up notice to Finance users"
    assert "CRM will be unavailable" in reminder.body
    assert (reminder.item_id, reminder.group_name, reminder.template_name) == (
        announcement_id,
        "Finance users",
        "System back up",
    )
    planner.acknowledge([reminder])
    assert services.announcements.next_follow_up_notice() is None
    assert planner.collect() == []
    # Only the (empty) digest moment is left today.
    assert planner.next_wakeup() == local(2026, 3, 4, 17, 30)


def test_an_end_time_in_quiet_hours_waits_for_the_morning(
    services: Services, planner: ReminderPlanner, clock: FakeClock, tmp_path: Path
) -> None:
    announce_maintenance(services, tmp_path, local(2026, 3, 4, 22))
    clock.set(local(2026, 3, 4, 18))
    assert planner.next_wakeup() == local(2026, 3, 5, 8)
    assert planner.collect(local(2026, 3, 4, 22)) == []
    assert [r.kind for r in planner.collect(local(2026, 3, 5, 8))] == [ReminderKind.BACKUP_NOTICE]


def test_sending_the_back_up_notice_first_ends_the_reminder(
    services: Services, planner: ReminderPlanner, clock: FakeClock, tmp_path: Path
) -> None:
    announce_maintenance(services, tmp_path, local(2026, 3, 4, 14))
    back = services.announcements.compose("Finance users", "back", {"system": "CRM"})
    services.announcements.save_eml(back, tmp_path / "back", force=True)
    assert planner.next_wakeup() == local(2026, 3, 4, 17, 30)
    assert planner.collect(local(2026, 3, 4, 14)) == []


def test_a_back_up_notice_takes_a_slot_of_the_daily_cap(
    services: Services, planner: ReminderPlanner, clock: FakeClock, tmp_path: Path
) -> None:
    services.settings.set("reminders.max_per_day", 1)
    jane = services.people.add("Jane Doe")
    services.follow_ups.add(jane.id, local(2026, 3, 4, 13), "printer fixed?")
    announce_maintenance(services, tmp_path, local(2026, 3, 4, 14))
    clock.set(local(2026, 3, 4, 14))
    # One slot is kept for a due follow-up, so the back-up notice waits for the next day's budget.
    assert [r.kind for r in planner.collect()] == [ReminderKind.FOLLOW_UP]
    services.settings.set("reminders.max_per_day", 3)
    assert [r.kind for r in planner.collect()] == [
        ReminderKind.FOLLOW_UP,
        ReminderKind.BACKUP_NOTICE,
    ]
