"""``itfriend tone ticket|draft``: JSON and readable output, files and stdin, errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner

TICKET = (
    "Something's broken with my computer. I'm getting a message that my connection is not "
    "secure. I seriously can't get anything done until it's fixed!! How am I supposed to do "
    "my job when my computer is broken like this!?!?"
)
REPLY = (
    "We clearly told you last week in our weekly update that you were going to need to "
    "update your computer before X date if you wanted your computer to remain functional. "
    "We have a long backlog of tickets for the day. We'll get to you sometime this afternoon "
    "or maybe tomorrow."
)


def test_ticket_json_from_stdin(cli: CliRunner) -> None:
    result = cli("tone", "ticket", "--json", stdin=TICKET)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["inflammatory"] is True
    assert 0 <= data["heat"] <= 100
    assert all({"phrase", "why"} <= set(r) for r in data["reasons"])
    assert 2 <= data["cool_down_minutes"] <= 15


def test_ticket_cool_down_follows_the_settings(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("settings", "set", "cooldown.max_minutes", "40").code == 0
    path = tmp_path / "ticket.txt"
    path.write_text(TICKET, encoding="utf-8")
    data = json.loads(cli("tone", "ticket", str(path), "--json").out)
    assert data["cool_down_minutes"] > 15


def test_ticket_readable_text(cli: CliRunner) -> None:
    result = cli("tone", "ticket", "-", stdin="Hi, could you reset my password please? Thanks")
    assert result.code == 0
    assert result.out.startswith("Heat ")
    assert "not inflammatory" in result.out


def test_draft_json_and_text(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    data = json.loads(cli("tone", "draft", str(path), "--json").out)
    assert data["ok"] is False
    assert any(i["kind"] == "condescension" and i["phrase"] == "clearly" for i in data["issues"])
    assert all({"kind", "phrase", "suggestion"} <= set(i) for i in data["issues"])
    text = cli("tone", "draft", str(path)).out
    assert text.startswith("Not ready")
    assert '! condescension "clearly"' in text


def test_draft_reads_the_users_jargon_list(cli: CliRunner, itfriend_home: Path) -> None:
    words = itfriend_home / "words"
    words.mkdir(parents=True)
    (words / "jargon.txt").write_text("frobnicator\nwidgetron\n", encoding="utf-8")
    reply = "Hi Ann, I reset the frobnicator and the widgetron. I'll check it tomorrow at 9."
    data = json.loads(cli("tone", "draft", "--json", stdin=reply).out)
    assert data["ok"] is False
    assert {i["phrase"] for i in data["issues"] if i["kind"] == "jargon"} == {
        "frobnicator",
        "widgetron",
    }


def test_ok_draft_with_recipient(cli: CliRunner) -> None:
    reply = "Ann, your laptop is ready. I'll bring it to room 4 at 2pm today."
    result = cli("tone", "draft", "--to", "Ann Lee", stdin=reply)
    assert result.code == 0
    assert result.out.startswith("OK to send.")


def test_missing_file_and_empty_text_are_user_errors(cli: CliRunner, tmp_path: Path) -> None:
    missing = cli("tone", "ticket", str(tmp_path / "nope.txt"))
    assert missing.code == 1
    assert "there is no file" in missing.err
    assert "Traceback" not in missing.err
    empty = cli("tone", "draft", stdin="  \n")
    assert empty.code == 1
    assert "empty" in empty.err
