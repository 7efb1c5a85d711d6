"""``itfriend open WINDOW``: each window, with its options, is handed to the tray app."""

from __future__ import annotations

import subprocess
import sys

import pytest

from itfriend.core.app_commands import WINDOWS
from tests.conftest import CliRunner


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """What would be handed to the running app (or start it), instead of starting it."""
    handed: list[list[str]] = []

    def start_app(forwarded: list[str]) -> int:
        handed.append(forwarded)
        return 0

    monkeypatch.setattr("itfriend.cli.app_commands.start_app", start_app)
    return handed


def test_every_window_of_the_table_can_be_opened(cli: CliRunner, started: list[list[str]]) -> None:
    for window in WINDOWS:
        required = [w for o in window.options if o.required for w in (o.flag, "North")]
        assert cli("open", window.name, *required).code == 0, window.name
    assert [words[:2] for words in started] == [["open", w.name] for w in WINDOWS]


def test_options_are_handed_over(cli: CliRunner, started: list[list[str]]) -> None:
    assert cli("open", "people", "--person", "12").code == 0
    assert cli("open", "announce", "--group", "North", "--template", "Outage").code == 0
    assert cli("open", "walk-around", "--walk-around", "#3").code == 0
    assert started == [
        ["open", "people", "--person", "12"],
        ["open", "announce", "--group", "North", "--template", "Outage"],
        ["open", "walk-around", "--walk-around", "3"],
    ]


def test_the_short_forms_stay(cli: CliRunner, started: list[list[str]]) -> None:
    for command in ("show", "pick", "cool-down"):
        assert cli(command).code == 0
    assert started == [["open", "people"], ["open", "picker"], ["open", "cool-down"]]


@pytest.mark.parametrize(
    ("arguments", "expected", "names_the_windows"),
    [
        (["open", "inbox"], "invalid choice: 'inbox'", True),
        (["open"], "name a window to open", True),
        (["open", "announce"], "the following arguments are required: --group", False),
        (["open", "people", "--person", "Jane"], "'Jane' is not a person's id", False),
        (["open", "people", "--person", str(2**70)], "ids run from 1 to", False),
        (["open", "log", "--person", str(2**63)], "ids run from 1 to", False),
        (["open", "walk-around", "--walk-around", "0"], "not a walk-around's id", False),
    ],
)
def test_a_wrong_window_or_option_is_a_one_line_usage_error(
    cli: CliRunner,
    started: list[list[str]],
    arguments: list[str],
    expected: str,
    names_the_windows: bool,
) -> None:
    result = cli(*arguments)
    assert result.code == 2 and started == []
    [line] = result.err.splitlines()
    assert expected in line
    if names_the_windows:
        assert all(f"{w.name}" in line for w in WINDOWS), line


def test_listing_the_windows_imports_no_qt() -> None:
    code = (
        "import sys\n"
        "from itfriend.cli import build_parser\n"
        "build_parser().parse_args(['open', 'people'])\n"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
