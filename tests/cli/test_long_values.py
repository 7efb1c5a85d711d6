"""A 100,000-character value typed by mistake comes back cut in the one error line, not whole
(issue 13, 6): the first 80 characters, an ellipsis and the length."""

from __future__ import annotations

import pytest

from tests.conftest import CliRunner

LONG = "a" * 100_000
CUT = f"'{'a' * 80}…' (100,000 characters)"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["people", "add", "Q3", "--email", LONG], 1, f"{CUT} is not an email address"),
        (["people", "add", "Q3", "--birthday", LONG], 1, f"birthday {CUT} is not a date"),
        (["people", "add", "Q3", "--cadence", LONG], 1, f"not {CUT}"),
        (
            ["people", "show", "x" * 300],
            1,
            f"nobody's name contains '{'x' * 80}…' (300 characters)",
        ),
        (["groups", "show", LONG], 1, f"there is no group {CUT}; see"),
        (["settings", "set", LONG, "x"], 1, f"there is no setting {CUT}; see"),
        (["settings", "set", "contact.cadence_days", LONG], 1, f"a whole number, not {CUT}"),
        (["log", "1", "--via", LONG], 1, f"{CUT} is not a way of contact"),
        (["log", "1", "--via", "phone", "--at", LONG], 1, f"{CUT} is not a date or time"),
        # argparse's own message ("invalid choice: '...'"), cut where the CLI prints it.
        (["tone", LONG], 2, f"invalid choice: {CUT}"),
    ],
)
def test_a_long_value_is_cut_in_the_error_line(
    cli: CliRunner, args: list[str], code: int, message: str
) -> None:
    assert cli("people", "add", "Ann Lee", "--email", "ann@example.org").code == 0
    result = cli(*args)
    assert result.code == code, result.err[:300]
    [line] = result.err.splitlines()
    assert message in line, line[:300]
    assert len(line) < 400


def test_a_text_setting_has_a_longest_value(cli: CliRunner) -> None:
    result = cli("settings", "set", "me.name", LONG)
    assert result.code == 1
    assert result.err == "itfriend: me.name is too long (100,000 characters, at most 1,000)\n"
    assert cli("settings", "get", "me.name").out == "\n"  # still the default: empty
    # A signature has room for several lines.
    assert cli("settings", "set", "me.signature", "b" * 5000).code == 0
    assert "at most 5,000" in cli("settings", "set", "me.signature", "b" * 5001).err
