"""``itfriend groups add|list|show|remove``."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CliRunner


@pytest.fixture
def people(cli: CliRunner) -> None:
    for args in (
        (
            "Ann Able",
            "--department",
            "Sales",
            "--building",
            "North",
            "--system",
            "CRM",
            "--email",
            "ann@example.org",
        ),
        ("Bob Baker", "--department", "Finance", "--building", "North", "--system", "CRM"),
        ("Cat Cole", "--department", "Sales", "--building", "South"),
        ("Dan Dune", "--department", "Ops", "--building", "South"),
    ):
        assert cli("people", "add", *args).code == 0


def test_add_show_list_remove(cli: CliRunner, people: None) -> None:
    result = cli(
        "groups", "add", "North CRM", "--building", "North", "--system", "CRM", "--member", "Dan"
    )
    assert result.code == 0, result.err
    assert "Added group 'North CRM'" in result.out and "3 people" in result.out

    shown = cli("groups", "show", "north crm", "--json")
    data = json.loads(shown.out)[0]
    assert [m["name"] for m in data["members"]] == ["Ann Able", "Bob Baker", "Dan Dune"]
    assert data["buildings"] == ["North"] and data["systems"] == ["CRM"]
    assert data["hand_picked"] == ["Dan Dune"]

    text = cli("groups", "show", "North CRM").out
    assert "Members (3):" in text and "Bob Baker" in text and "no email address" in text

    cli("groups", "add", "Sales", "--department", "Sales", "--department", "Finance")
    listing = json.loads(cli("groups", "list", "--json").out)
    assert [(g["name"], g["member_count"]) for g in listing] == [("North CRM", 3), ("Sales", 3)]
    assert "department in Sales, Finance" in cli("groups", "list").out

    assert cli("groups", "remove", "Sales").code == 0
    missing = cli("groups", "show", "Sales")
    assert missing.code == 1 and "there is no group 'Sales'" in missing.err
    assert "Traceback" not in missing.err


def test_bad_input_is_refused_without_saving(cli: CliRunner, people: None) -> None:
    empty = cli("groups", "add", "Everyone")
    assert empty.code == 1 and "needs a department, building or system" in empty.err
    ambiguous = cli("groups", "add", "Pilot", "--member", "a")  # Ann, Cat, Dan, Baker...
    assert ambiguous.code == 2 and "matches several people" in ambiguous.err
    assert json.loads(cli("groups", "list", "--json").out) == []
    assert "No groups yet" in cli("groups", "list").out
