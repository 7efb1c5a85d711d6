"""Every command of the foundation, run through the real argument parser."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliRunner


def test_version(cli: CliRunner) -> None:
    result = cli("--version")
    assert result.code == 0 and result.out.startswith("itfriend 0.")


def test_people_add_list_show_edit_remove(cli: CliRunner) -> None:
    added = cli(
        "people",
        "add",
        "Jane Doe",
        "--email",
        "jane@example.org",
        "--phone",
        "555-0101",
        "--role",
        "Accountant",
        "--department",
        "Finance",
        "--building",
        "North",
        "--room",
        "214",
        "--system",
        "CRM",
        "--system",
        "Payroll",
        "--note",
        "two screens",
        "--cadence",
        "14",
    )
    assert added.code == 0, added.err
    assert "Added #1 Jane Doe" in added.out
    assert cli("people", "add", "John Smith", "--department", "HR").code == 0

    listed = json.loads(cli("people", "list", "--json").out)
    assert [p["name"] for p in listed] == ["Jane Doe", "John Smith"]
    jane = listed[0]
    assert {
        "id",
        "name",
        "email",
        "department",
        "building",
        "last_contact",
        "days_since_contact",
    } <= set(jane)
    assert jane["last_contact"] is None and jane["days_since_contact"] is None

    shown = json.loads(cli("people", "show", "jane@example.org", "--json").out)
    assert shown[0]["systems"] == ["CRM", "Payroll"] and shown[0]["room"] == "214"
    assert "Accountant" in cli("people", "show", "doe").out

    assert cli("people", "edit", "doe", "--building", "South").code == 0
    assert json.loads(cli("people", "list", "--search", "south", "--json").out)[0]["id"] == 1

    removed = cli("people", "remove", "1")
    assert removed.code == 0 and "Removed Jane Doe" in removed.out
    assert [p["name"] for p in json.loads(cli("people", "list", "--json").out)] == ["John Smith"]


def test_ambiguous_person_lists_candidates_without_traceback(cli: CliRunner) -> None:
    cli("people", "add", "Jane Doe")
    cli("people", "add", "Janet Doe")
    result = cli("people", "show", "doe")
    assert result.code == 2
    assert "#1 Jane Doe" in result.err and "#2 Janet Doe" in result.err
    assert "Traceback" not in result.err


def test_user_mistakes_exit_non_zero_with_a_message(cli: CliRunner) -> None:
    cli("people", "add", "Jane Doe", "--email", "jane@example.org")
    for args, message in [
        (("people", "add", "Jane Again", "--email", "jane@example.org"), "already has the email"),
        (("people", "add", "Bad", "--cadence", "0"), "between 1 and 3650"),
        (("people", "show", "nobody"), "nobody's name contains"),
        (("log", "jane", "--via", "pigeon"), "way of contact"),
        (("log", "jane", "--via", "phone", "--at", "someday"), "not a date"),
        (("follow-ups", "done", "42"), "no follow-up #42"),
    ]:
        result = cli(*args)
        assert result.code != 0, args
        assert message in result.err, (args, result.err)
        assert "Traceback" not in result.err


def test_log_with_follow_up_then_done_and_snooze(cli: CliRunner) -> None:
    cli("people", "add", "Jane Doe", "--department", "Finance")
    logged = cli("log", "jane", "--via", "in-person", "--note", "new laptop", "--follow-up", "3d")
    assert logged.code == 0, logged.err
    assert "Logged in-person contact with Jane Doe; follow-up on" in logged.out
    person = json.loads(cli("people", "list", "--json").out)[0]
    assert person["days_since_contact"] == 0 and person["last_contact"] is not None

    follow_ups = json.loads(cli("follow-ups", "--json").out)
    assert [(f["person"], f["reason"], f["state"]) for f in follow_ups] == [
        ("Jane Doe", "new laptop", "open")
    ]
    follow_up_id = str(follow_ups[0]["id"])

    snoozed = cli("follow-ups", "snooze", follow_up_id, "--until", "1w")
    assert snoozed.code == 0 and "Snoozed" in snoozed.out
    assert json.loads(cli("follow-ups", "--json").out)[0]["state"] == "snoozed"

    assert cli("follow-ups", "done", follow_up_id).code == 0
    assert json.loads(cli("follow-ups", "--json").out) == []


def test_log_in_the_past_and_due_lists_overdue_people(cli: CliRunner) -> None:
    cli("people", "add", "Jane Doe", "--cadence", "7")
    assert cli("log", "jane", "--via", "phone", "--at", "10d").code == 0
    person = json.loads(cli("people", "list", "--overdue", "--json").out)
    assert [(p["name"], p["days_since_contact"]) for p in person] == [("Jane Doe", 10)]
    due = json.loads(cli("due", "--json").out)
    assert due == [
        {
            "kind": "overdue",
            "title": "You haven't talked to Jane Doe in 10 days",
            "person_id": 1,
            "id": 1,
        }
    ]
    assert "Jane Doe" in cli("due").out


def test_settings_list_get_set(cli: CliRunner) -> None:
    assert cli("settings", "set", "me.name", "Sam Tech").code == 0
    assert cli("settings", "get", "me.name").out.strip() == "Sam Tech"
    assert cli("settings", "set", "contact.cadence_days", "21").code == 0
    listed = {s["key"]: s for s in json.loads(cli("settings", "list", "--json").out)}
    assert listed["contact.cadence_days"]["value"] == 21
    assert {"me.name", "me.email", "me.phone", "me.signature"} <= set(listed)
    secret = cli("settings", "set", "smtp.password", "hunter2")
    assert secret.code == 1 and "keyring" in secret.err and "hunter2" not in secret.err


def test_settings_tell_of_a_stored_value_not_used_and_keep_it(
    cli: CliRunner, itfriend_home: Path
) -> None:
    path = itfriend_home / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"me.phone": "5" * 1001, "me.name": "Sam"}), encoding="utf-8")

    listed = cli("settings", "list")
    assert listed.code == 0
    [warning] = listed.err.splitlines()
    assert warning.startswith("itfriend: warning: settings file ")
    assert "me.phone is too long (1,001 characters, at most 1,000)" in warning
    assert "55555" not in warning
    assert "me.phone                   ''" in listed.out  # the default, as it is used
    changed = cli("settings", "set", "me.name", "Kim")
    assert changed.code == 0 and "me.phone is too long" in changed.err
    assert json.loads(path.read_text(encoding="utf-8"))["me.phone"] == "5" * 1001
    assert cli("settings", "set", "me.phone", "+44 1").err == ""
    assert cli("settings", "get", "me.phone").err == ""


def test_cli_commands_import_no_qt_and_version_no_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from itfriend.cli import main\n"
        "main(['people', 'list'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
        "main(['due'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
        "assert main(['quit']) == 1\n"  # nothing running; asking costs no Qt either
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom itfriend.cli import main\n"
            "try: main(['--version'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'PySide6'))))",
        ],
        capture_output=True,
        text=True,
    )
    assert version.stdout.strip().endswith("[]"), version.stdout


def test_window_commands_hand_over_to_the_running_app(
    monkeypatch: pytest.MonkeyPatch, cli: CliRunner
) -> None:
    forwarded: list[list[str]] = []
    monkeypatch.setattr(
        "itfriend.cli.app_commands.start_app", lambda args: forwarded.append(args) or 0
    )
    for command in ("show", "pick", "cool-down"):
        assert cli(command).code == 0
    # The short forms are sent as the full request the command table reads (core/app_commands).
    assert forwarded == [["open", "people"], ["open", "picker"], ["open", "cool-down"]]
