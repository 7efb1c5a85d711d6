"""Every CLI write leaves its rows in the change log, and wakes a running tray (issue 14)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from itfriend.core.change_feed import SqliteChangeFeed
from itfriend.platform.instance.client import server_name
from itfriend.platform.instance.wake import WAKE_TIMEOUT_S, wake_running_app
from tests.conftest import CliRunner


def _changes_of(home: Path, cli: CliRunner, *args: str) -> set[tuple[str, str]]:
    """Run one command; the (table, kind) pairs it added to the log."""
    feed = SqliteChangeFeed(home / "itfriend.sqlite")
    before = feed.latest_id()
    result = cli(*args)
    assert result.code == 0, result.err
    return {(c.table, str(c.kind)) for c in feed.changes_since(before)}


def test_each_write_command_logs_its_changes(itfriend_home: Path, cli: CliRunner) -> None:
    def changes(*args: str) -> set[tuple[str, str]]:
        return _changes_of(itfriend_home, cli, *args)

    assert cli("templates", "list").code == 0  # opens the database, adds the default templates
    assert changes("people", "add", "Ann Example", "--email", "ann@example.org") == {
        ("people", "insert")
    }
    assert changes("people", "add", "Bob Builder") == {("people", "insert")}
    assert changes("people", "edit", "Ann", "--room", "214") == {("people", "update")}
    logged = changes("log", "Ann", "--via", "phone", "--note", "hi", "--follow-up", "tomorrow")
    assert logged == {
        ("interactions", "insert"),
        ("follow_ups", "insert"),
        ("people", "update"),  # Ann's last contact
    }
    assert changes("follow-ups", "snooze", "1", "--until", "tomorrow") == {("follow_ups", "update")}
    assert ("follow_ups", "update") in changes("follow-ups", "done", "1")
    assert changes("walk-around", "add", "North", "--days", "tue", "--at", "10:00") == {
        ("walk_arounds", "insert")
    }
    assert changes("walk-around", "remove", "1") == {("walk_arounds", "delete")}
    assert ("groups", "insert") in changes("groups", "add", "Finance", "--member", "Ann")
    assert changes("groups", "remove", "Finance") == {("groups", "delete")}
    assert changes("people", "remove", "Bob Builder") == {("people", "delete")}


def test_a_template_import_and_a_contacts_import_are_logged(
    itfriend_home: Path, cli: CliRunner, tmp_path: Path
) -> None:
    template = tmp_path / "hello.txt"
    template.write_text("---\nname: hello\nsubject: Hi\n---\nHello {{ person.first_name }}\n")
    assert cli("templates", "list").code == 0
    assert ("templates", "insert") in _changes_of(
        itfriend_home, cli, "templates", "import", str(template)
    )
    contacts = tmp_path / "people.csv"
    contacts.write_text("name,email\nCy One,cy@example.org\nDi Two,di@example.org\n")
    assert ("people", "insert") in _changes_of(itfriend_home, cli, "import", str(contacts))


def test_settings_are_not_in_the_database_so_they_log_nothing(
    itfriend_home: Path, cli: CliRunner
) -> None:
    assert cli("people", "add", "Ann Example").code == 0  # the database exists
    assert _changes_of(itfriend_home, cli, "settings", "set", "me.name", "Tess") == set()
    feed = SqliteChangeFeed(itfriend_home / "itfriend.sqlite")
    assert cli("people", "add", "Bob Builder").code == 0
    assert feed.changes_since(feed.latest_id() - 1)[0].by == "Tess"


def test_a_refused_write_logs_nothing(itfriend_home: Path, cli: CliRunner) -> None:
    assert cli("people", "add", "Ann Example", "--email", "ann@example.org").code == 0
    feed = SqliteChangeFeed(itfriend_home / "itfriend.sqlite")
    before = feed.latest_id()
    refused = cli("people", "add", "Ann Again", "--email", "ann@example.org")
    assert refused.code != 0
    assert feed.changes_since(before) == []


@pytest.fixture
def listening_tray(itfriend_home: Path) -> Iterator[list[bytes]]:
    """A stand-in for the running tray's socket: records each message and answers "ok"."""
    received: list[bytes] = []
    itfriend_home.mkdir(parents=True, exist_ok=True)
    name = server_name(str(itfriend_home.resolve()))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(name)
    server.listen()
    server.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            with client:
                received.append(client.recv(1000))
                client.sendall(b"ok\n")

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield received
    finally:
        stop.set()
        thread.join()
        server.close()
        Path(name).unlink(missing_ok=True)


def test_a_committed_write_wakes_the_running_tray(
    cli: CliRunner, listening_tray: list[bytes]
) -> None:
    assert cli("people", "add", "Ann Example").code == 0
    assert listening_tray == [b'{"args": ["changed"]}\n']


def test_a_read_or_a_refused_write_wakes_nobody(
    cli: CliRunner, listening_tray: list[bytes]
) -> None:
    assert cli("people", "add", "Ann Example", "--email", "ann@example.org").code == 0
    listening_tray.clear()
    assert cli("people", "list").code == 0
    assert cli("people", "add", "Ann Again", "--email", "ann@example.org").code != 0
    assert listening_tray == []


def test_waking_without_a_tray_is_silent_and_quick(itfriend_home: Path) -> None:
    itfriend_home.mkdir(parents=True)
    started = time.perf_counter()
    assert wake_running_app(itfriend_home.resolve()) is False
    assert time.perf_counter() - started < 0.01


def test_a_tray_too_busy_to_answer_delays_the_wake_only_briefly(itfriend_home: Path) -> None:
    itfriend_home.mkdir(parents=True)
    name = server_name(str(itfriend_home.resolve()))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as busy:
        busy.bind(name)
        busy.listen()  # accepts connections, never reads nor answers
        started = time.perf_counter()
        assert wake_running_app(itfriend_home.resolve()) is False
        assert time.perf_counter() - started < WAKE_TIMEOUT_S + 0.05
    Path(name).unlink()
