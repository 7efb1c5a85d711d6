"""How a command ends when something is wrong: one line, the exit code of the README's "Exit
codes", and a traceback only in the log (issue 13, 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliResult, CliRunner

REPO = Path(__file__).resolve().parents[2]


def one_line_error(result: CliResult) -> str:
    lines = result.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    return lines[0]


@pytest.mark.parametrize("command", [("follow-ups", "done"), ("walk-around", "remove")])
@pytest.mark.parametrize("value", ["-1", "0", "abc", "1.5", "¹"])
def test_an_id_argument_that_is_no_id_is_a_usage_error(
    cli: CliRunner, command: tuple[str, ...], value: str
) -> None:
    result = cli(*command, value)
    assert result.code == 2
    assert "is not a" in one_line_error(result) and "id" in result.err


def test_text_not_in_the_systems_encoding_is_refused_before_anything_is_written(
    cli: CliRunner,
) -> None:
    assert cli("people", "add", "Jane Doe").code == 0
    # Bytes that are not UTF-8 reach Python as lone surrogates; SQLite refused them with a
    # UnicodeEncodeError traceback.
    for command in (
        ("people", "add", "caf\udce9"),
        ("log", "jane", "--via", "x", "--note", "\udcff"),
    ):
        result = cli(*command)
        assert result.code == 2
        assert "is not valid text" in one_line_error(result)
    listed = json.loads(cli("people", "list", "--json").out)
    assert [p["name"] for p in listed] == ["Jane Doe"]


def test_a_usage_mistake_is_one_line(cli: CliRunner) -> None:
    result = cli("people", "show")
    assert result.code == 2
    line = one_line_error(result)
    assert line.startswith("itfriend people show: ") and "person" in line and "--help" in line


def _run_itfriend(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ITFRIEND_HOME": str(home)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_an_unexpected_error_is_one_line_naming_the_log_which_has_the_traceback(
    tmp_path: Path,
) -> None:
    # A real process, with a command that raises what nobody foresaw.
    code = (
        "import sys\n"
        "import itfriend.cli.due as due\n"
        "def broken(args, ctx):\n"
        "    raise KeyError('the-unforeseen-key')\n"
        "due._due = broken\n"
        "from itfriend.__main__ import main\n"
        "sys.exit(main(['due']))\n"
    )
    home = tmp_path / "home"
    result = _run_itfriend(code, home)
    log_file = home / "logs" / "itfriend.log"
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"itfriend: an unexpected error (KeyError) stopped the command; "
        f"the details are in {log_file}"
    ]
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "in broken\nKeyError: 'the-unforeseen-key'" in logged


def test_an_interrupt_exits_130(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import itfriend.cli.due as due\n"
        "def interrupted(args, ctx):\n"
        "    raise KeyboardInterrupt\n"
        "due._due = interrupted\n"
        "from itfriend.__main__ import main\n"
        "sys.exit(main(['due']))\n"
    )
    result = _run_itfriend(code, tmp_path / "home")
    assert result.returncode == 130 and result.stderr == "itfriend: interrupted\n"


def _run_command(
    args: list[str | bytes], home: Path, **env: str
) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "ITFRIEND_HOME": str(home), **env}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "itfriend", *args], capture_output=True, env=environ, timeout=60
    )


def test_output_that_cannot_hold_a_name_escapes_it_and_the_command_still_succeeds(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    added = _run_command(["people", "add", "Zoë Ünal"], home, PYTHONIOENCODING="ascii")
    assert added.returncode == 0, added.stderr
    assert added.stdout == b"Added #1 Zo\\xeb \\xdcnal\n"
    listed = _run_command(["people", "list", "--json"], home, PYTHONIOENCODING="ascii")
    assert listed.returncode == 0, listed.stderr
    assert [p["name"] for p in json.loads(listed.stdout)] == ["Zoë Ünal"]


@pytest.mark.skipif(sys.platform == "win32", reason="file names are text there")
def test_a_file_name_that_is_not_utf8_is_still_a_file_name(tmp_path: Path) -> None:
    ticket = os.fsencode(tmp_path) + b"/ticket-\xff.txt"
    with open(ticket, "wb") as out:
        out.write(b"This is the third time I ask. Fix it NOW.")
    result = _run_command(["tone", "ticket", ticket, "--json"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["heat"] > 0


def test_an_edit_that_changes_nothing_is_a_usage_mistake_on_stderr(cli: CliRunner) -> None:
    assert cli("people", "add", "Jane Doe").code == 0
    result = cli("people", "edit", "Jane")
    assert result.code == 2 and result.out == ""
    assert one_line_error(result) == (
        "itfriend: nothing to change: give at least one option, e.g. --phone"
    )


def test_a_tray_that_fails_to_start_unexpectedly_says_so_in_one_line(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import itfriend.ui.shell.start as app\n"
        "def broken(arguments, argv0=None):\n"
        "    raise OSError(28, 'No space left on device')\n"
        "app.run_app = broken\n"
        "from itfriend.__main__ import main\n"
        "sys.exit(main([]))\n"
    )
    home = tmp_path / "home"
    result = _run_itfriend(code, home)
    log_file = home / "logs" / "itfriend.log"
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"itfriend: an unexpected error (OSError) stopped itfriend; the details are in {log_file}"
    ]
    assert "OSError: [Errno 28] No space left on device" in log_file.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_log_file_on_a_full_disk_puts_no_traceback_on_the_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    (home / "logs" / "itfriend.log").symlink_to("/dev/full")  # every write: disk full
    code = (
        "import sys\n"
        "import itfriend.cli.due as due\n"
        "def broken(args, ctx):\n"
        "    raise KeyError('x')\n"
        "due._due = broken\n"
        "from itfriend.__main__ import main\n"
        "sys.exit(main(['due']))\n"
    )
    result = _run_itfriend(code, home)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Logging error" not in result.stderr


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (("people", "show", "Ja\rne"), "nobody's name contains 'Ja\\rne'"),
        (("people", "show", "\x1b[2J\x1b[31mred"), "nobody's name contains '\\x1b[2J\\x1b[31mred'"),
        (("follow-ups", "done", "1\n2"), "'1\\n2' is not a follow-up's id"),
        (
            ("log", "nobody", "--via", "phone", "--at", "to\u2028day"),
            "'to\\u2028day' is not a date",
        ),
    ],
)
def test_typed_text_echoed_in_a_message_cannot_break_the_line_or_drive_the_terminal(
    cli: CliRunner, command: tuple[str, ...], shown: str
) -> None:
    result = cli(*command)
    assert result.code in (1, 2)
    line = one_line_error(result)
    assert shown in line and "\x1b" not in line


def test_a_list_of_candidates_keeps_its_lines(cli: CliRunner) -> None:
    for name in ("Jane Doe", "Janet Doe"):
        assert cli("people", "add", name).code == 0
    result = cli("people", "show", "doe")
    assert result.code == 2
    assert result.err.splitlines() == [
        "itfriend: 'doe' matches several people; use an id or email:",
        "  #1 Jane Doe",
        "  #2 Janet Doe",
    ]


def test_a_data_folder_that_cannot_be_made_is_named_in_one_line(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ITFRIEND_HOME", str(in_the_way))
    result = cli("people", "list")
    assert result.code == 1
    assert one_line_error(result) == f"itfriend: cannot create the folder {in_the_way}: File exists"
    tray = _run_command([], in_the_way, QT_QPA_PLATFORM="offscreen")
    assert tray.returncode == 1
    assert tray.stderr.decode().splitlines() == [
        f"itfriend: cannot create the folder {in_the_way}: File exists"
    ]


def test_a_text_too_long_to_be_a_ticket_is_refused_without_reading_it_all(
    cli: CliRunner,
) -> None:
    result = cli("tone", "ticket", stdin="You broke it again. " * 10_001)  # 200,020 characters
    assert result.code == 1
    assert one_line_error(result) == (
        "itfriend: the text is too long (over 200,000 characters): give one ticket or reply"
    )
    assert cli("tone", "ticket", "--json", stdin="You broke it again. " * 9_999).code == 0
    if Path("/dev/zero").exists():  # endless: read whole, it would fill the memory
        endless = cli("tone", "draft", "/dev/zero")
        assert endless.code == 1 and "too long" in one_line_error(endless)


def test_an_endless_secret_on_standard_input_is_refused_and_nothing_stored(
    cli: CliRunner,
) -> None:
    result = cli("secret", "set", "smtp", stdin="x" * 5000)  # no line end: read as one line
    assert result.code == 1
    assert one_line_error(result) == (
        "itfriend: the secret for 'smtp' is over 4,096 characters: nothing was stored."
    )
    assert "xxxx" not in result.err + result.out
