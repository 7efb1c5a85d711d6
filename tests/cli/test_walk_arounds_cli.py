"""``itfriend walk-around add|list|remove|people`` and due walk-arounds in ``itfriend due``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from itfriend.core.clock import FakeClock
from itfriend.core.services import Services
from tests.conftest import CliRunner


def test_add_list_remove(cli: CliRunner) -> None:
    added = cli(
        "walk-around",
        "add",
        "North",
        "--days",
        "tue,thu",
        "--at",
        "10:00",
        "--label",
        "Morning round",
    )
    assert added.code == 0, added.err
    assert added.out.startswith("Added walk-around #1 of North; next: ")
    assert "nobody on your list is in building 'North' yet" in added.out
    every_other = cli(
        "walk-around", "add", "South", "--days", "mon", "--at", "9:15", "--every-weeks", "2"
    )
    assert every_other.code == 0, every_other.err
    by_rule = cli("walk-around", "add", "West", "--rule", "RRULE:FREQ=MONTHLY;BYMONTHDAY=1")
    assert by_rule.code == 0, by_rule.err

    listed = json.loads(cli("walk-around", "list", "--json").out)
    assert [(w["id"], w["building"]) for w in listed] == [(1, "North"), (2, "South"), (3, "West")]
    assert listed[0]["rule"] == "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=10;BYMINUTE=0;BYSECOND=0"
    assert listed[0]["label"] == "Morning round"
    assert listed[1]["rule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=15;BYSECOND=0"
    next_north = datetime.fromisoformat(listed[0]["next"]).astimezone()
    assert (next_north.strftime("%a"), next_north.hour, next_north.minute) in {
        ("Tue", 10, 0),
        ("Thu", 10, 0),
    }
    text = cli("walk-around", "list").out
    assert "#1    Morning round (North)  next: " in text and "[FREQ=MONTHLY;BYMONTHDAY=1]" in text

    assert cli("walk-around", "remove", "1").out == "Removed walk-around #1 of North\n"
    gone = cli("walk-around", "remove", "1")
    assert (gone.code, gone.err) == (1, "itfriend: there is no walk-around #1\n")
    assert [w["id"] for w in json.loads(cli("walk-around", "--json").out)] == [2, 3]


def test_bad_input_is_refused_without_traceback(cli: CliRunner) -> None:
    cases = [
        (("North",), "say when: --days tue,thu --at 10:00"),
        (("North", "--days", "tue"), "say when"),
        (("North", "--days", "tue", "--at", "10:00", "--rule", "FREQ=DAILY"), "not both"),
        (("North", "--days", "someday", "--at", "10:00"), "'someday' is not a day"),
        (("North", "--rule", "FREQ=SECONDLY"), "needs FREQ"),
    ]
    for args, message in cases:
        result = cli("walk-around", "add", *args)
        assert result.code == 1 and message in result.err and "Traceback" not in result.err
    assert cli("walk-around", "list").out.startswith("No walk-arounds yet")


def test_people_of_a_building_by_floor(cli: CliRunner) -> None:
    for name, floor in [("Ann Ash", "2"), ("Bob Birch", "1"), ("Cy Cedar", "2")]:
        assert cli("people", "add", name, "--building", "North", "--floor", floor).code == 0
    assert cli("people", "add", "Dee Elm", "--building", "South").code == 0
    result = cli("walk-around", "people", "North")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert [line.strip().split("  ")[0] for line in lines] == [
        "Floor 1:",
        "Bob Birch",
        "Floor 2:",
        "Ann Ash",
        "Cy Cedar",
    ]
    assert "last seen never" in lines[1]
    assert len(json.loads(cli("walk-around", "people", "North", "--limit", "2", "--json").out)) == 2


def test_due_includes_a_due_walk_around(
    cli: CliRunner, services: Services, clock: FakeClock
) -> None:
    # The command line runs on the real clock: make the walk-around three days old, daily.
    clock.set(datetime.now(UTC) - timedelta(days=3))
    services.people.add("Jane Doe", building="North")
    services.walk_arounds.add("North", "FREQ=DAILY;BYHOUR=0;BYMINUTE=0", label="Daily round")
    result = cli("due")
    assert result.code == 0, result.err
    assert "- Walk-around: Daily round (North) (due " in result.out
    items = json.loads(cli("due", "--json").out)
    walk = [i for i in items if i["kind"] == "walk-around"]
    assert walk == [{"kind": "walk-around", "title": walk[0]["title"], "person_id": None, "id": 1}]
