"""The reminder planner with a FakeClock: due times, snoozes, digests, the daily cap, catch-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import ValidationError
from itfriend.core.paths import AppPaths
from itfriend.core.reminders.messages import Reminder, ReminderKind
from itfriend.core.reminders.scheduler import MAX_TIMER_MS, ReminderPlanner, timer_delay_ms
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services, open_services

TUE_THU_10 = "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=10;BYMINUTE=0"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local (Europe/London in tests) wall-clock moment as aware UTC."""
    return datetime(year, month, day, hour, minute).astimezone(UTC)


@pytest.fixture
def planner(services: Services, store: ReminderStore) -> ReminderPlanner:
    # A late digest keeps it out of the way of tests about other reminders.
    services.settings.set("reminders.digest_time", "17:30")
    return ReminderPlanner(store)


def add_follow_up(services: Services, due: datetime, name: str = "Jane Doe") -> int:
    person = services.people.add(name, department="Finance")
    return services.follow_ups.add(person.id, due, "new laptop delivered?").id


def add_overdue_people(services: Services, clock: FakeClock, names: str) -> None:
    """People added 60 days ago and never contacted: past the default 30-day cadence."""
    now = clock.now()
    clock.set(now - timedelta(days=60))
    for name in names.split(","):
        services.people.add(name)
    clock.set(now)


def kinds(reminders: list[Reminder]) -> list[str]:
    return [r.kind.value for r in reminders]


def test_follow_up_comes_due_at_its_time_and_is_shown_once(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    follow_up_id = add_follow_up(services, local(2026, 3, 4, 11))
    assert planner.next_wakeup() == local(2026, 3, 4, 11)
    clock.set(local(2026, 3, 4, 10, 59))
    assert planner.collect() == []
    clock.set(local(2026, 3, 4, 11))
    [reminder] = planner.collect()
    assert reminder.kind is ReminderKind.FOLLOW_UP
    assert reminder.title == "Follow up with Jane Doe (Finance)"
    assert reminder.body == "new laptop delivered?"
    assert reminder.item_id == follow_up_id and reminder.follow_up_ids == (follow_up_id,)
    planner.acknowledge([reminder])
    assert services.follow_ups.get(follow_up_id).notified_at == clock.now()
    assert planner.collect() == []
    # Nothing else is due today but the (empty) digest moment, so the timer is not re-armed now.
    assert planner.next_wakeup() == local(2026, 3, 4, 17, 30)


def test_a_follow_up_due_in_quiet_hours_waits_for_the_morning(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    add_follow_up(services, local(2026, 3, 4, 20))
    clock.set(local(2026, 3, 4, 18))
    assert planner.next_wakeup() == local(2026, 3, 5, 8)
    clock.set(local(2026, 3, 4, 20))
    assert planner.collect() == []
    clock.set(local(2026, 3, 5, 8))
    assert kinds(planner.collect()) == ["follow-up"]


def test_quiet_hours_wrapping_midnight(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    services.settings.update({"quiet.start": "22:00", "quiet.end": "06:00"})
    add_follow_up(services, local(2026, 3, 4, 23))
    clock.set(local(2026, 3, 4, 21))
    assert planner.next_wakeup() == local(2026, 3, 5, 6)
    for moment in (local(2026, 3, 4, 23, 30), local(2026, 3, 5, 0, 30), local(2026, 3, 5, 5, 59)):
        assert planner.collect(moment) == []
    assert kinds(planner.collect(local(2026, 3, 5, 6))) == ["follow-up"]


def test_days_off_are_respected(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    add_follow_up(services, local(2026, 3, 7, 10))  # a Saturday
    clock.set(local(2026, 3, 6, 18))
    assert planner.next_wakeup() == local(2026, 3, 9, 8)
    assert planner.collect(local(2026, 3, 7, 10)) == []
    services.settings.set("work.days", "mon,tue,wed,thu,fri,sat")
    assert planner.next_wakeup() == local(2026, 3, 7, 10)
    assert kinds(planner.collect(local(2026, 3, 7, 10))) == ["follow-up"]


def test_snooze_presets(services: Services, planner: ReminderPlanner, clock: FakeClock) -> None:
    wednesday = local(2026, 3, 4, 11)
    assert planner.snooze_until("1h", wednesday) == local(2026, 3, 4, 12)
    assert planner.snooze_until("tomorrow", wednesday) == local(2026, 3, 5, 8)
    assert planner.snooze_until("tomorrow", local(2026, 3, 6, 11)) == local(2026, 3, 9, 8)
    assert planner.snooze_until("next-week", wednesday) == local(2026, 3, 9, 8)
    services.settings.set("work.days", "tue,wed,thu,fri")
    assert planner.snooze_until("next-week", wednesday) == local(2026, 3, 10, 8)
    with pytest.raises(ValidationError, match="1h, tomorrow, next-week"):
        planner.snooze_until("someday", wednesday)


def test_a_snoozed_follow_up_comes_again_once(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    follow_up_id = add_follow_up(services, local(2026, 3, 4, 9))
    planner.acknowledge(planner.collect())
    services.follow_ups.snooze(follow_up_id, planner.snooze_until("1h"))
    assert services.follow_ups.get(follow_up_id).due == local(2026, 3, 4, 10)
    assert planner.next_wakeup() == local(2026, 3, 4, 10)
    clock.set(local(2026, 3, 4, 10))
    reminders = planner.collect()
    assert [r.item_id for r in reminders] == [follow_up_id]
    planner.acknowledge(reminders)
    assert planner.collect() == []


def test_digest_once_a_day_at_its_time(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    services.settings.set("reminders.digest_time", "09:30")
    add_overdue_people(services, clock, "Ann,Bob,Cy,Di,Ed,Flo,Gus")
    assert planner.next_wakeup() == local(2026, 3, 4, 9, 30)
    assert planner.collect() == []  # 09:00: not yet
    clock.set(local(2026, 3, 4, 9, 30))
    [digest] = planner.collect()
    assert digest.kind is ReminderKind.DIGEST
    assert digest.text == "7 people you haven't talked to in a while: Ann, Bob, Cy, Di, Ed, …"
    assert len(digest.person_ids) == 5
    planner.acknowledge([digest])
    clock.set(local(2026, 3, 4, 15))
    assert planner.collect() == []
    assert planner.next_wakeup() == local(2026, 3, 5, 9, 30)
    services.settings.set("reminders.digest_size", 2)
    clock.set(local(2026, 3, 5, 9, 45))
    assert planner.collect()[0].body == "Ann, Bob, …"


def test_digest_time_in_quiet_hours_comes_when_they_end(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    services.settings.set("reminders.digest_time", "07:00")
    add_overdue_people(services, clock, "Ann")
    planner.acknowledge(planner.collect())  # Wednesday's digest
    assert planner.next_wakeup() == local(2026, 3, 5, 8)
    assert planner.collect(local(2026, 3, 5, 7)) == []
    assert planner.collect(local(2026, 3, 5, 8))[0].title == (
        "1 person you haven't talked to in a while"
    )


def test_no_digest_when_nobody_is_overdue_and_no_busy_wakeup(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    clock.set(local(2026, 3, 4, 18))
    assert planner.collect(local(2026, 3, 4, 17, 45)) == []
    assert planner.next_wakeup(local(2026, 3, 4, 17, 45)) == local(2026, 3, 5, 17, 30)


def test_walk_around_reminder_names_the_building_and_the_stalest_people(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    services.people.add("Near Ned", building="North", floor="1")
    stale = services.people.add("Stale Sue", building="North", floor="3")
    seen = services.people.add("Seen Sam", building="North", floor="2")
    services.interactions.log(seen.id, "in-person", at=clock.now() - timedelta(days=1))
    walk = services.walk_arounds.add("North", TUE_THU_10, label="Round")
    # After today's (empty) digest moment, the next wakeup is the walk-around.
    assert planner.next_wakeup(local(2026, 3, 4, 18)) == local(2026, 3, 5, 10)
    clock.set(local(2026, 3, 5, 10))
    [reminder] = planner.collect()
    assert reminder.kind is ReminderKind.WALK_AROUND and reminder.item_id == walk.id
    assert reminder.title == "Walk-around: Round (North)"
    assert reminder.body == (
        "Not seen for longest: Near Ned (floor 1), Stale Sue (floor 3), Seen Sam (floor 2)"
    )
    assert stale.id in reminder.person_ids
    planner.acknowledge([reminder])
    assert planner.collect() == []
    assert services.walk_arounds.next_due() == local(2026, 3, 10, 10)


def test_catch_up_after_a_gap_is_shown_once_and_not_lost(
    services: Services, planner: ReminderPlanner, clock: FakeClock, itfriend_home: Path
) -> None:
    services.settings.set("reminders.digest_time", "09:30")
    add_overdue_people(services, clock, "Ann,Bob")
    follow_up_id = add_follow_up(services, local(2026, 3, 4, 11))
    walk = services.walk_arounds.add("North", TUE_THU_10)
    # The laptop sleeps from Wednesday 09:05 to the next Wednesday noon.
    clock.set(local(2026, 3, 11, 12))
    now = clock.now()
    assert planner.next_wakeup() == now
    missed = planner.collect()
    assert sorted(kinds(missed)) == ["digest", "follow-up", "walk-around"]
    [walk_reminder] = [r for r in missed if r.kind is ReminderKind.WALK_AROUND]
    assert walk_reminder.occurrence == local(2026, 3, 10, 10)  # Thu 5th and Tue 10th: one
    assert "2 walk-arounds missed" in walk_reminder.body

    # Not acknowledged (say the app was killed): a restart finds the same reminders again.
    again = open_services(AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"), clock)
    try:
        restarted = ReminderPlanner(ReminderStore(again.paths.database, again.settings, clock))
        assert restarted.collect() == missed
        restarted.acknowledge(missed)
    finally:
        again.close()
    # Acknowledged: neither this planner nor a restarted one shows them again.
    assert planner.collect() == []
    assert services.follow_ups.get(follow_up_id).notified_at == now
    assert services.walk_arounds.get(walk.id).reminded_through == local(2026, 3, 10, 10)
    assert planner.next_wakeup() == local(2026, 3, 12, 9, 30)


def test_daily_cap_folds_extra_follow_ups_and_loses_none(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    services.settings.set("reminders.max_per_day", 3)
    ids = [add_follow_up(services, local(2026, 3, 4, 9), f"Person {n}") for n in range(5)]
    first = planner.collect()
    assert kinds(first) == ["follow-up", "follow-up", "more-follow-ups"]
    assert [r.item_id for r in first[:2]] == ids[:2]
    assert first[2].title == "And 3 more follow-ups are due"
    assert first[2].body == "With Person 2, Person 3, Person 4"
    planner.acknowledge(first)
    clock.set(local(2026, 3, 4, 14))
    assert planner.collect() == []
    # The cap is reached: the timer waits for the next working day, not for the folded ones.
    assert planner.next_wakeup() == local(2026, 3, 5, 8)
    clock.set(local(2026, 3, 5, 8))
    second = planner.collect()
    assert [r.item_id for r in second] == ids[2:]
    planner.acknowledge(second)
    assert all(services.follow_ups.get(i).notified_at is not None for i in ids)


def test_daily_cap_keeps_a_slot_for_follow_ups(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    services.settings.update({"reminders.max_per_day": 2, "reminders.digest_time": "09:00"})
    add_overdue_people(services, clock, "Ann")
    services.walk_arounds.add("North", "FREQ=DAILY;BYHOUR=8;BYMINUTE=30")
    add_follow_up(services, local(2026, 3, 4, 8))
    add_follow_up(services, local(2026, 3, 4, 8), "John Roe")
    clock.set(local(2026, 3, 5, 9))
    reminders = planner.collect()
    assert kinds(reminders) == ["more-follow-ups", "walk-around"]
    assert reminders[0].title == "2 follow-ups are due"


def test_the_timer_is_never_armed_twice_for_the_same_moment(
    services: Services, planner: ReminderPlanner, clock: FakeClock
) -> None:
    """A week of running the way the UI does: wake, collect, acknowledge, re-arm."""
    services.settings.set("reminders.max_per_day", 4)
    add_overdue_people(services, clock, "Ann,Bob")
    services.walk_arounds.add("North", TUE_THU_10)
    for day in range(4, 8):
        add_follow_up(services, local(2026, 3, day, 12), f"Person {day}")
    add_follow_up(services, local(2026, 3, 4, 23), "Night Owl")
    seen: list[tuple[datetime, Reminder]] = []
    wakeups: list[datetime] = []
    while (wakeup := planner.next_wakeup()) is not None and wakeup < local(2026, 3, 11):
        assert not wakeups or wakeup > wakeups[-1]
        wakeups.append(wakeup)
        clock.set(wakeup)
        reminders = planner.collect()
        planner.acknowledge(reminders)
        seen += [(wakeup, r) for r in reminders]
        assert len(wakeups) < 50
    assert all(planner.working_time.is_allowed(moment) for moment, _ in seen)
    follow_ups = [r.title for _, r in seen if r.kind is ReminderKind.FOLLOW_UP]
    assert sorted(follow_ups) == sorted(
        f"Follow up with {n} (Finance)"
        for n in ("Person 4", "Person 5", "Person 6", "Person 7", "Night Owl")
    )
    # Saturday's follow-up waits for Monday; the night one for Thursday morning.
    when = {r.title: moment for moment, r in seen}
    assert when["Follow up with Person 7 (Finance)"] == local(2026, 3, 9, 8)
    assert when["Follow up with Night Owl (Finance)"] == local(2026, 3, 5, 8)
    walks = [moment for moment, r in seen if r.kind is ReminderKind.WALK_AROUND]
    assert walks == [local(2026, 3, 5, 10), local(2026, 3, 10, 10)]
    digests = [moment.date() for moment, r in seen if r.kind is ReminderKind.DIGEST]
    assert len(digests) == len(set(digests)) == 5  # Wed, Thu, Fri, Mon, Tue


def test_timer_delay_is_capped_and_never_negative() -> None:
    now = datetime(2026, 3, 4, 9, tzinfo=UTC)
    assert timer_delay_ms(now, now + timedelta(hours=1)) == 3_600_000
    assert timer_delay_ms(now, now + timedelta(microseconds=1500)) == 2
    assert timer_delay_ms(now, now - timedelta(minutes=5)) == 0
    assert timer_delay_ms(now, now + timedelta(days=100)) == MAX_TIMER_MS
    assert MAX_TIMER_MS < 2**31 - 1
    assert timer_delay_ms(now, now + timedelta(hours=2), cap_ms=60_000) == 60_000
