"""Quiet hours and working days: when a reminder may be shown, and when a waiting one comes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from itfriend.core.reminders.quiet_hours import WorkingTime
from itfriend.core.services import Services

MON_FRI = frozenset(range(5))


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute).astimezone(UTC)


def test_overnight_quiet_hours_and_weekends() -> None:
    working = WorkingTime(time(18), time(8), MON_FRI)
    assert working.wraps_midnight
    assert working.is_allowed(local(2026, 3, 4, 12))  # Wednesday noon
    assert working.is_allowed(local(2026, 3, 4, 8))  # the end of quiet hours is allowed
    assert not working.is_allowed(local(2026, 3, 4, 18))  # the start is not
    assert not working.is_allowed(local(2026, 3, 5, 7, 59))
    assert not working.is_allowed(local(2026, 3, 7, 12))  # Saturday
    assert working.next_allowed(local(2026, 3, 4, 12)) == local(2026, 3, 4, 12)
    assert working.next_allowed(local(2026, 3, 4, 19)) == local(2026, 3, 5, 8)
    assert working.next_allowed(local(2026, 3, 5, 2)) == local(2026, 3, 5, 8)
    assert working.next_allowed(local(2026, 3, 6, 19)) == local(2026, 3, 9, 8)  # Fri → Mon


def test_quiet_hours_wrapping_midnight_late() -> None:
    working = WorkingTime(time(22), time(6), MON_FRI)
    assert working.is_allowed(local(2026, 3, 4, 21, 59))
    assert not working.is_allowed(local(2026, 3, 4, 23, 30))
    assert not working.is_allowed(local(2026, 3, 5, 0, 0))
    assert working.next_allowed(local(2026, 3, 4, 23, 30)) == local(2026, 3, 5, 6)


def test_quiet_hours_within_one_day() -> None:
    working = WorkingTime(time(12), time(13), MON_FRI)
    assert not working.wraps_midnight
    assert working.is_allowed(local(2026, 3, 4, 23, 30))
    assert working.next_allowed(local(2026, 3, 4, 12, 30)) == local(2026, 3, 4, 13)
    # Friday noon waits for Monday, and Monday midnight is not quiet.
    assert working.next_allowed(local(2026, 3, 6, 12, 30)) == local(2026, 3, 6, 13)
    assert working.next_allowed(local(2026, 3, 7, 10)) == local(2026, 3, 9, 0)
    assert working.day_start(date(2026, 3, 9)) == local(2026, 3, 9, 9)


def test_equal_start_and_end_mean_no_quiet_hours() -> None:
    working = WorkingTime(time(8), time(8), frozenset(range(7)))
    assert working.is_allowed(local(2026, 3, 7, 3))


def test_across_the_daylight_saving_change() -> None:
    # 2026-03-29 is the first BST day in Europe/London: 08:00 local is 07:00 UTC.
    working = WorkingTime(time(18), time(8), frozenset(range(7)))
    assert working.next_allowed(local(2026, 3, 28, 20)) == datetime(2026, 3, 29, 7, tzinfo=UTC)


def test_read_from_the_settings(services: Services) -> None:
    services.settings.update({"quiet.start": "20:30", "quiet.end": "07:15", "work.days": "sat,sun"})
    working = WorkingTime.from_settings(services.settings)
    assert (working.quiet_start, working.quiet_end) == (time(20, 30), time(7, 15))
    assert working.work_days == frozenset({5, 6})
    assert working.next_allowed(local(2026, 3, 4, 12)) == local(2026, 3, 7, 7, 15)


def test_no_working_day_is_refused() -> None:
    with pytest.raises(ValueError, match="working day"):
        WorkingTime(time(18), time(8), frozenset())
