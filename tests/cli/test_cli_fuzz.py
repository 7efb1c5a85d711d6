"""Whatever text a technician gives a command's values, it ends in one line and an exit code of
0, 1 or 2: never a traceback, never an error nobody foresaw (issue 13, 6).

Values are any text a command line can carry: no NUL (argv cannot hold one), and of the lone
surrogates only those Python makes of bytes that are not UTF-8 (``\\udc80``-``\\udcff``).
"""

from __future__ import annotations

import pytest

from tests.conftest import CliRunner

hypothesis = pytest.importorskip("hypothesis")
st = pytest.importorskip("hypothesis.strategies")

ARGV_TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        st.sampled_from(["\udcff", "\udce9", "0", "9", "#", "-", "%", "_", "\\"]),
    ),
    max_size=60,
)
VALUES = st.one_of(
    ARGV_TEXT,
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=0, max_value=2**80).map(lambda n: f"#{n}"),
    st.sampled_from(["x" * 100_000, "9" * 5000, "99999-01-01", "99999999d", "2026-02-30"]),
)

COMMANDS = [
    ("people", "show", "{}"),
    ("people", "edit", "{}", "--phone", "{}"),
    ("people", "list", "--search", "{}"),
    ("people", "add", "{}", "--email", "{}", "--birthday", "{}", "--cadence", "{}"),
    ("log", "{}", "--via", "{}", "--at", "{}", "--follow-up", "{}"),
    ("log", "Jane", "--via", "phone", "--at", "{}"),
    ("log", "Jane", "--via", "phone", "--follow-up", "{}"),
    ("follow-ups", "done", "{}"),
    ("follow-ups", "snooze", "1", "--until", "{}"),
    ("walk-around", "remove", "{}"),
    ("walk-around", "add", "{}", "--days", "{}", "--at", "{}", "--every-weeks", "{}"),
    ("walk-around", "add", "North", "--rule", "{}"),
    ("groups", "show", "{}"),
    ("groups", "add", "{}", "--member", "{}"),
    ("templates", "list", "--search", "{}"),
    ("settings", "set", "contact.cadence_days", "{}"),
    ("settings", "set", "quiet.start", "{}"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_any_value_ends_in_one_line_and_a_known_exit_code(
    cli: CliRunner, command: tuple[str, ...]
) -> None:
    assert cli("people", "add", "Jane Doe", "--email", "jane@example.org").code == 0
    assert cli("log", "jane", "--via", "phone", "--follow-up", "3d").code == 0
    slots = command.count("{}")

    @hypothesis.settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
        database=None,
    )
    @hypothesis.given(st.lists(VALUES, min_size=slots, max_size=slots))
    def check(values: list[str]) -> None:
        given = iter(values)
        args = [next(given) if part == "{}" else part for part in command]
        result = cli(*args)
        assert result.code in (0, 1, 2), (args, result)
        assert "Traceback" not in result.err and "unexpected error" not in result.err, args
        if result.code and "matches several people" not in result.err:
            assert len(result.err.splitlines()) == 1, (args, result.err)

    check()
