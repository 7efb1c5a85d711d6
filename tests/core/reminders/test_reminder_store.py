"""The tray's ReminderStore (plain sqlite3) gives the same answers as the ORM services.

The data are set up through the services, as the app does, and both are asked at several moments.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import Announcement, WalkAround
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services

DAILY_10 = "FREQ=DAILY;BYHOUR=10;BYMINUTE=0"
ODD = timedelta(seconds=7, microseconds=123457)  # moments that are not round survive exactly


def add_people(services: Services, clock: FakeClock) -> None:
    """People with and without a cadence of their own, contacted and never contacted."""
    start = clock.now()
    clock.set(start - timedelta(days=60))
    services.people.add("Never Nia", building="North", floor="2")  # overdue: never contacted
    weekly = services.people.add("Weekly Wes", building="North", floor="10", cadence_days=7)
    recent = services.people.add("Recent Rae", building="North", floor="1", cadence_days=7)
    monthly = services.people.add("Slow Sol", department="Finance", cadence_days=45)
    services.people.add("Zed Zero", building="North")
    clock.set(start - timedelta(days=1))
    services.people.add("Fresh Fay", building="North", floor="1")  # added yesterday
    clock.set(start)
    services.interactions.log(weekly.id, "phone", at=start - timedelta(days=8) + ODD)
    services.interactions.log(recent.id, "email", at=start - timedelta(days=3) + ODD)
    services.interactions.log(monthly.id, "chat", at=start - timedelta(days=40))


def add_follow_ups(services: Services, clock: FakeClock) -> dict[str, int]:
    """Open, snoozed, done, notified and future follow-ups."""
    start = clock.now()
    jane = services.people.add("Jane Doe", department="Finance")
    add = services.follow_ups.add
    ids = {
        "open": add(jane.id, start - timedelta(hours=1) + ODD, "printer?").id,
        "snoozed": add(jane.id, start - timedelta(hours=2), "vpn?").id,
        "done": add(jane.id, start - timedelta(hours=3), "mail?").id,
        "notified": add(jane.id, start - timedelta(hours=4), "screen?").id,
        "future": add(jane.id, start + timedelta(days=1, hours=1), "laptop?").id,
    }
    services.follow_ups.snooze(ids["snoozed"], start + timedelta(hours=2) + ODD)
    services.follow_ups.done(ids["done"])
    services.follow_ups.mark_notified([ids["notified"]], start - timedelta(minutes=5) + ODD)
    return ids


def add_walk_arounds(services: Services, clock: FakeClock) -> None:
    """A plain one, one reminded of already, a disabled one and one with a bad stored rule."""
    services.walk_arounds.add("North", DAILY_10, label="Round")
    reminded = services.walk_arounds.add("South", "FREQ=DAILY;BYHOUR=9;BYMINUTE=30")
    services.walk_arounds.mark_reminded(reminded.id, clock.now() + timedelta(days=1, minutes=30))
    off = services.walk_arounds.add("East", DAILY_10)
    services.walk_arounds.set_enabled(off.id, False)
    with services.db.transaction() as session:  # as an older version might have stored it
        session.add(
            WalkAround(
                building="West", rule="FREQ=HOURLY;BYHOUR=25", enabled=True, created_at=clock.now()
            )
        )


def add_notices(services: Services, clock: FakeClock) -> None:
    """Maintenance notices with a back-up notice reminder due, one later, and one without."""
    start = clock.now()
    with services.db.transaction() as session:
        for group, follow_up_at in (
            ("Finance users", start + timedelta(hours=5) + ODD),
            ("Sales", start - timedelta(hours=1)),
            ("Everyone", None),
            ("HR", start + timedelta(hours=5) + ODD),
        ):
            session.add(
                Announcement(
                    group_name=group,
                    template_name="maint",
                    subject=f"CRM down for {group}",
                    delivery="eml",
                    state="sent",
                    created_at=start,
                    follow_up_at=follow_up_at,
                    follow_up_template="System back up" if follow_up_at else "",
                )
            )


def add_cool_downs(services: Services) -> dict[str, int]:
    start = services.cool_downs.start
    ids = {
        "long": start("Angry", "This is unacceptable!", minutes=30).id,
        "short": start("Cross", "Still broken.", minutes=5).id,
        "ended": start("Calm", "Fine.", minutes=10).id,
        "replied": start("Done", "Why?", minutes=10).id,
    }
    services.cool_downs.end(ids["ended"])
    services.cool_downs.replied(ids["replied"], "Sorry")
    return ids


@pytest.fixture
def populated(services: Services, clock: FakeClock) -> dict[str, int]:
    add_people(services, clock)
    ids = add_follow_ups(services, clock)
    add_walk_arounds(services, clock)
    add_notices(services, clock)
    return {**ids, **{f"cool-{k}": v for k, v in add_cool_downs(services).items()}}


@pytest.mark.parametrize(
    "later",
    [
        timedelta(0),
        timedelta(hours=2) + ODD,  # the snoozed follow-up's moment exactly
        timedelta(hours=5),
        timedelta(days=1, hours=2),
        timedelta(days=9, hours=4),
    ],
)
def test_the_store_answers_as_the_services_do(
    services: Services,
    store: ReminderStore,
    clock: FakeClock,
    populated: dict[str, int],
    later: timedelta,
) -> None:
    clock.set(clock.now() + later)
    now = clock.now()
    assert store.follow_ups_due(now) == services.follow_ups.due(now)
    assert store.next_follow_up_due() == services.follow_ups.next_due()
    assert store.count_overdue() == services.people.count_overdue()
    assert store.overdue() == services.people.overdue()
    assert store.overdue(limit=2) == services.people.overdue(limit=2)
    assert store.walk_arounds_due(now) == services.walk_arounds.due(now)
    assert store.next_walk_around_due() == services.walk_arounds.next_due()
    for building, limit in (("North", None), ("North", 2), ("Nowhere", 3)):
        assert store.stalest(building, limit) == services.walk_arounds.stalest(building, limit)
    assert store.due_follow_up_notices(now) == services.announcements.due_follow_up_notices(now)
    assert store.next_follow_up_notice() == services.announcements.next_follow_up_notice()
    assert store.running_cool_downs() == services.cool_downs.running()


def test_the_comparison_sees_real_data(
    services: Services, store: ReminderStore, clock: FakeClock, populated: dict[str, int]
) -> None:
    """The cases above are not empty: each kind of row is there, in the expected order."""
    now = clock.now()
    assert [r.id for r in store.follow_ups_due(now)] == [populated["notified"], populated["open"]]
    assert store.follow_ups_due(now)[1].due == now - timedelta(hours=1) + ODD
    assert store.next_follow_up_due() == now - timedelta(hours=1) + ODD
    assert [p.name for p in store.overdue()] == ["Never Nia", "Zed Zero", "Weekly Wes"]
    assert [p.name for p in store.stalest("North", None)] == [
        "Fresh Fay",
        "Never Nia",
        "Zed Zero",
        "Weekly Wes",
        "Recent Rae",
    ]
    assert [d.walk_around.building for d in store.walk_arounds_due(now + timedelta(hours=2))] == [
        "North"
    ]
    assert store.next_walk_around_due() == now + timedelta(hours=1)  # North at 10:00 (UTC 10)
    assert [n.group_name for n in store.due_follow_up_notices(now)] == ["Sales"]
    assert store.next_follow_up_notice() == now - timedelta(hours=1)
    assert [c.id for c in store.running_cool_downs()] == [
        populated["cool-short"],
        populated["cool-long"],
    ]


def test_people_overdue_follow_the_settings_cadence(
    services: Services, store: ReminderStore, clock: FakeClock, populated: dict[str, int]
) -> None:
    services.settings.set("contact.cadence_days", 90)
    assert store.count_overdue() == services.people.count_overdue() == 1  # Weekly Wes
    assert store.overdue() == services.people.overdue()
    services.settings.set("contact.cadence_days", 1)
    assert store.overdue() == services.people.overdue()
    assert "Fresh Fay" not in [p.name for p in store.overdue()]  # one calendar day is not past


def test_an_empty_database_has_nothing_due(services: Services, store: ReminderStore) -> None:
    now = services.clock.now()
    assert store.follow_ups_due(now) == [] and store.next_follow_up_due() is None
    assert store.count_overdue() == 0 and store.overdue() == []
    assert store.walk_arounds_due(now) == [] and store.next_walk_around_due() is None
    assert store.due_follow_up_notices(now) == [] and store.next_follow_up_notice() is None
    assert store.running_cool_downs() == [] and store.state("reminders.shown_count") is None


def test_ending_a_cool_down_as_the_service_does(
    services: Services, store: ReminderStore, populated: dict[str, int]
) -> None:
    ended = store.end_cool_down(populated["cool-short"])
    assert ended == services.cool_downs.get(populated["cool-short"])
    assert ended.state == "ended" and ended.minutes == 5
    assert [c.id for c in services.cool_downs.running()] == [populated["cool-long"]]
    for cool_down_id in (populated["cool-short"], populated["cool-replied"]):
        with pytest.raises(ValidationError) as from_orm:
            services.cool_downs.end(cool_down_id)
        with pytest.raises(ValidationError) as from_store:
            store.end_cool_down(cool_down_id)
        assert str(from_store.value) == str(from_orm.value)
    with pytest.raises(NotFoundError, match="there is no cool-down #999"):
        store.end_cool_down(999)
    assert services.cool_downs.get(populated["cool-replied"]).draft == "Sorry"


def test_moments_read_back_exactly(services: Services, store: ReminderStore) -> None:
    jane = services.people.add("Jane Doe")
    due = datetime(2026, 3, 4, 23, 59, 59, 999999).astimezone()  # local, aware
    services.follow_ups.add(jane.id, due)
    [row] = store.follow_ups_due(due)
    assert [row] == services.follow_ups.due(due)
    assert row.due == due and row.due.utcoffset() == timedelta(0)
    assert store.follow_ups_due(due - timedelta(microseconds=1)) == []
