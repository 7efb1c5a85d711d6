"""Bad command-line values get one line naming the mistake, never a traceback (issue 13, 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliResult, CliRunner

REPO = Path(__file__).resolve().parents[2]
TOO_BIG = "9223372036854775808"  # 2^63: one more than SQLite's largest integer


def one_line_error(result: CliResult) -> str:
    lines = result.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    return lines[0]


@pytest.fixture
def seeded(cli: CliRunner) -> CliRunner:
    assert cli("people", "add", "Jane Doe", "--email", "jane@example.org").code == 0
    assert cli("log", "jane", "--via", "phone", "--follow-up", "3d").code == 0
    assert cli("walk-around", "add", "North", "--days", "tue", "--at", "10:00").code == 0
    return cli


@pytest.mark.parametrize(
    "command",
    [
        ("people", "show", TOO_BIG),
        ("people", "show", "#" + TOO_BIG),
        ("people", "edit", TOO_BIG, "--phone", "1"),
        ("people", "remove", TOO_BIG),
        ("log", TOO_BIG, "--via", "phone"),
        ("log", "99999999999999999999999", "--via", "phone"),
        ("groups", "add", "Team", "--member", TOO_BIG),
        ("groups", "show", "#" + TOO_BIG),
        ("groups", "remove", "#" + TOO_BIG),
        ("follow-ups", "done", TOO_BIG),
        ("follow-ups", "snooze", TOO_BIG, "--until", "1d"),
        ("walk-around", "remove", TOO_BIG),
        ("announce", "Team", "--template", "Outage", "--resume", TOO_BIG),
    ],
)
def test_an_id_beyond_sqlites_range_is_named_as_the_mistake(
    seeded: CliRunner, command: tuple[str, ...]
) -> None:
    before = seeded("people", "show", "1", "--json").out
    result = seeded(*command)
    assert result.code == 2
    given = next(a.lstrip("#") for a in command if len(a.lstrip("#")) > 18)
    assert f"{given} is not" in one_line_error(result)
    assert "ids run from 1 to 9223372036854775807" in result.err
    assert seeded("people", "show", "1", "--json").out == before


def test_digits_that_are_not_ascii_are_a_name_not_an_id(seeded: CliRunner) -> None:
    # "¹".isdigit() is true but int("¹") fails: it used to end in a ValueError traceback.
    result = seeded("people", "show", "¹")
    assert result.code == 1
    assert "nobody's name contains '¹'" in one_line_error(result)


@pytest.mark.parametrize(
    "command",
    [
        ("people", "list", "--search", "x" * 100_000),
        ("people", "show", "x" * 100_000),
        ("log", "x" * 100_000, "--via", "phone"),
        ("templates", "list", "--search", "x" * 100_000),
    ],
)
def test_a_huge_search_text_is_a_mistake_not_a_write_failure(
    seeded: CliRunner, command: tuple[str, ...]
) -> None:
    result = seeded(*command)
    assert result.code == 1
    line = one_line_error(result)
    assert "too long (100,000 characters, at most 500)" in line
    assert "written" not in line


def test_a_search_text_of_500_characters_still_searches(seeded: CliRunner) -> None:
    result = seeded("people", "list", "--search", "x" * 500, "--json")
    assert result.code == 0 and json.loads(result.out) == []


@pytest.mark.parametrize(
    "command",
    [
        ("people", "show", "9" * 5000),
        ("follow-ups", "done", "9" * 5000),
        ("groups", "show", "#" + "9" * 5000),
    ],
)
def test_an_id_of_thousands_of_digits_is_refused_without_int_giving_up(
    cli: CliRunner, command: tuple[str, ...]
) -> None:
    # int() refuses more than 4,300 digits with a ValueError of its own.
    result = cli(*command)
    assert result.code == 2
    line = one_line_error(result)
    assert "9" * 40 + "... is not" in line and "ids run from 1 to" in line
    assert len(line) < 250


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=DAILY;BYHOUR=" + "9" * 5000, "BYHOUR takes numbers from 0 to 23"),
        ("FREQ=DAILY;BYMINUTE=¹", "BYMINUTE takes numbers from 0 to 59"),
        ("FREQ=DAILY;UNTIL=99999999999999999999999", "is not a recurrence rule I understand"),
    ],
)
def test_a_walk_around_rule_with_impossible_numbers_is_refused(
    cli: CliRunner, rule: str, message: str
) -> None:
    result = cli("walk-around", "add", "North", "--rule", rule)
    assert result.code == 1
    assert message in one_line_error(result)
    assert cli("walk-around", "list", "--json").out.strip() == "[]"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ("log", "jane", "--via", "phone", "--follow-up", "1d", "--reason", "r" * 10_001),
            "the follow-up's reason is too long (10,001 characters, at most 10,000)",
        ),
        (
            ("people", "edit", "jane", "--system", "s" * 201),
            "a system name is too long (201 characters, at most 200)",
        ),
    ],
)
def test_a_value_too_long_to_keep_is_refused_and_nothing_written(
    seeded: CliRunner, command: tuple[str, ...], message: str
) -> None:
    before = seeded("people", "show", "1", "--json").out
    result = seeded(*command)
    assert result.code == 1
    assert one_line_error(result) == f"itfriend: {message}"
    assert seeded("people", "show", "1", "--json").out == before
