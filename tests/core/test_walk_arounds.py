"""Walk-arounds: rules, occurrences on the local clock, catch-up, and whom to visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.recurrence import next_occurrence, occurrences_between, weekly_rule
from itfriend.core.services import Services
from itfriend.core.walk_arounds import group_by_floor

TUE_THU_10 = "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=10;BYMINUTE=0;BYSECOND=0"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local (Europe/London in tests) wall-clock moment as aware UTC."""
    return datetime(year, month, day, hour, minute).astimezone(UTC)


def test_weekly_rule_from_friendly_input() -> None:
    assert weekly_rule("thu, Tuesday", "10:00") == TUE_THU_10
    assert weekly_rule(["mon"], "7:05", every_weeks=2) == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=7;BYMINUTE=5;BYSECOND=0"
    )


@pytest.mark.parametrize(
    ("days", "at", "every", "message"),
    [
        ("tue,funday", "10:00", 1, "'funday' is not a day"),
        ("", "10:00", 1, "say on which days"),
        ("tue", "25:00", 1, "not a time"),
        ("tue", "10:00", 0, "between 1 and 52"),
    ],
)
def test_weekly_rule_rejects_bad_input(days: str, at: str, every: int, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        weekly_rule(days, at, every)


def test_tuesday_thursday_at_ten_local(clock: FakeClock) -> None:
    anchor = clock.now()  # Wednesday 2026-03-04 09:00
    found = occurrences_between(TUE_THU_10, anchor, anchor, anchor + timedelta(days=9))
    assert found == [local(2026, 3, 5, 10), local(2026, 3, 10, 10), local(2026, 3, 12, 10)]


def test_occurrences_stay_at_ten_local_across_daylight_saving(clock: FakeClock) -> None:
    # Britain moves to BST on 2026-03-29: 10:00 local is 09:00 UTC after that.
    after = local(2026, 3, 27, 12)
    assert next_occurrence(TUE_THU_10, clock.now(), after) == local(2026, 3, 31, 10)
    assert local(2026, 3, 31, 10).hour == 9


def test_every_two_weeks_starts_at_the_first_matching_day(clock: FakeClock) -> None:
    rule = weekly_rule("tue,thu", "10:00", every_weeks=2)
    anchor = clock.now()  # a Wednesday: this week's Thursday, then every other week
    found = occurrences_between(rule, anchor, anchor, anchor + timedelta(days=30))
    assert found == [
        local(2026, 3, 5, 10),
        local(2026, 3, 17, 10),
        local(2026, 3, 19, 10),
        local(2026, 3, 31, 10),
        local(2026, 4, 2, 10),
    ]
    monthly = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;BYHOUR=9"
    assert occurrences_between(monthly, anchor, anchor, anchor + timedelta(days=200)) == [
        local(2026, 4, 1, 9),
        local(2026, 7, 1, 9),
    ]


def test_add_list_remove(services: Services) -> None:
    walks = services.walk_arounds
    row = walks.add("  North  ", TUE_THU_10, label="Morning round")
    assert (row.building, row.label, row.enabled) == ("North", "Morning round", True)
    assert row.title == "Morning round (North)"
    assert row.next_after(services.clock.now()) == local(2026, 3, 5, 10)
    walks.add("South", "RRULE:freq=daily;byhour=9")
    assert [w.building for w in walks.list()] == ["North", "South"]
    assert walks.list()[1].rule == "FREQ=DAILY;BYHOUR=9"
    assert walks.remove(row.id).building == "North"
    assert [w.building for w in walks.list()] == ["South"]
    with pytest.raises(NotFoundError):
        walks.remove(row.id)


def test_add_uses_the_buildings_spelling_of_the_people_records(services: Services) -> None:
    services.people.add("Jane Doe", building="HQ East")
    assert services.walk_arounds.add("hq east", TUE_THU_10).building == "HQ East"


@pytest.mark.parametrize(
    ("building", "rule", "message"),
    [
        ("", TUE_THU_10, "which building"),
        ("North", "", "rule is empty"),
        ("North", "FREQ=MINUTELY", "needs FREQ"),
        ("North", "BYDAY=TU", "needs FREQ"),
        ("North", "FREQ=WEEKLY;BYDAY=XX", "not a recurrence rule"),
        ("North", "DTSTART:20260101T000000\nRRULE:FREQ=DAILY", "without DTSTART"),
    ],
)
def test_bad_walk_arounds_are_refused_and_nothing_is_stored(
    services: Services, building: str, rule: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.walk_arounds.add(building, rule)
    assert services.walk_arounds.list() == []


def test_missed_occurrences_collapse_into_one_due_entry(
    services: Services, clock: FakeClock
) -> None:
    walks = services.walk_arounds
    row = walks.add("North", TUE_THU_10)
    assert walks.due() == []
    assert walks.next_due() == local(2026, 3, 5, 10)
    clock.set(local(2026, 3, 13, 8))  # Thu 5th, Tue 10th and Thu 12th went by
    [due] = walks.due()
    assert (due.walk_around.id, due.latest, due.count) == (row.id, local(2026, 3, 12, 10), 3)
    walks.mark_reminded(row.id, due.latest)
    assert walks.due() == []
    assert walks.next_due() == local(2026, 3, 17, 10)
    # Never moves back: an older acknowledgement arriving late changes nothing.
    walks.mark_reminded(row.id, local(2026, 3, 5, 10))
    assert walks.get(row.id).reminded_through == local(2026, 3, 12, 10)


def test_due_can_include_one_reminded_of_today(services: Services, clock: FakeClock) -> None:
    walks = services.walk_arounds
    row = walks.add("North", TUE_THU_10)
    clock.set(local(2026, 3, 5, 11))
    walks.mark_reminded(row.id, local(2026, 3, 5, 10))
    assert walks.due() == []
    [due] = walks.due(include_reminded_today=True)
    assert (due.latest, due.count) == (local(2026, 3, 5, 10), 0)
    clock.set(local(2026, 3, 6, 9))
    assert walks.due(include_reminded_today=True) == []


def test_disabled_walk_arounds_are_not_due(services: Services, clock: FakeClock) -> None:
    walks = services.walk_arounds
    row = walks.add("North", TUE_THU_10)
    walks.set_enabled(row.id, False)
    clock.set(local(2026, 3, 13, 8))
    assert walks.due() == [] and walks.next_due() is None


def test_suggest_orders_the_stalest_people_by_floor(services: Services, clock: FakeClock) -> None:
    people, log = services.people, services.interactions
    ids = {}
    for name, floor in [("Ann", "2"), ("Bob", "10"), ("Cy", "2"), ("Di", ""), ("Ed", "2")]:
        ids[name] = people.add(name, building="North", floor=floor).id
    people.add("Far Away", building="South")
    for name, days_ago in [("Ann", 3), ("Bob", 40), ("Cy", 20), ("Ed", 1)]:
        log.log(ids[name], "in-person", at=clock.now() - timedelta(days=days_ago))
    walks = services.walk_arounds
    # Di was never seen; then Bob (40 days), Cy (20), Ann (3), Ed (1).
    assert [r.name for r in walks.stalest("North")] == ["Di", "Bob", "Cy", "Ann", "Ed"]
    suggested = walks.suggest("North", limit=4)
    assert [r.name for r in suggested] == ["Cy", "Ann", "Bob", "Di"]
    grouped = group_by_floor(suggested)
    assert [(floor, [r.name for r in rows]) for floor, rows in grouped] == [
        ("2", ["Cy", "Ann"]),
        ("10", ["Bob"]),
        ("", ["Di"]),
    ]
