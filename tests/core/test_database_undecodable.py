"""A text cell that is not UTF-8 (a damaged file, or one written by another program): reading it
is refused in words that never quote the cell, which may hold a personal note."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from itfriend.core.contacts_io import export_contacts
from itfriend.core.errors import StorageError
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services
from itfriend.core.storage import storage_error
from tests.conftest import CliRunner

SECRET = "Secret: going through a divorce"


def damaged_notes(home: Path) -> int:
    """A person whose notes cell holds SECRET followed by a byte that is not UTF-8."""
    services = open_services(AppPaths(home, home, home / "logs"))
    try:
        person_id = services.people.add("Ann Lee", email="ann@example.org", notes="fine").id
    finally:
        services.close()
    with sqlite3.connect(home / "itfriend.sqlite") as connection:
        bad = (SECRET.encode() + b"\xff\xfe end").hex()
        connection.execute(f"UPDATE people SET notes = CAST(x'{bad}' AS TEXT)")
    return person_id


def assert_worded_without_the_cell(message: str, place: str) -> None:
    assert "damaged" in message and "itfriend db check" in message
    assert f"program): {place} holds bytes that are not UTF-8" in message
    assert "Secret" not in message and "divorce" not in message and "\ufffd" not in message
    assert "\n" not in message


@pytest.fixture
def reopened(itfriend_home: Path) -> Iterator[tuple[Services, int]]:
    person_id = damaged_notes(itfriend_home)
    services = open_services(AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"))
    yield services, person_id
    services.close()


def test_reading_the_cell_through_the_orm_names_the_column_not_the_text(
    reopened: tuple[Services, int],
) -> None:
    services, person_id = reopened
    with pytest.raises(StorageError) as raised:
        services.people.get(person_id)
    assert_worded_without_the_cell(str(raised.value), "a value in people.notes")


def test_an_export_names_the_column_not_the_text(
    reopened: tuple[Services, int], tmp_path: Path
) -> None:
    services, _ = reopened
    with pytest.raises(StorageError) as raised:
        export_contacts(services, tmp_path / "people.csv")
    assert_worded_without_the_cell(str(raised.value), "a value in people.notes")
    assert not (tmp_path / "people.csv").exists()


def test_the_command_line_says_it_in_one_line(cli: CliRunner, itfriend_home: Path) -> None:
    person_id = damaged_notes(itfriend_home)
    result = cli("people", "show", str(person_id))
    assert result.code == 1 and result.out == ""
    [line] = result.err.splitlines()
    assert_worded_without_the_cell(line, "a value in people.notes")
    logs = "".join(p.read_text(errors="replace") for p in (itfriend_home / "logs").glob("*"))
    assert "divorce" not in logs


def test_a_column_label_of_no_known_column_is_named_as_it_is() -> None:
    error = storage_error(f"Could not decode to UTF-8 column 'anon_1' with text '{SECRET}'")
    assert_worded_without_the_cell(str(error), "a value in the column 'anon_1'")
    error = storage_error(f"Could not decode to UTF-8 with text '{SECRET}'", "read")
    assert_worded_without_the_cell(str(error), "a value")


def test_db_check_finds_the_cell_that_its_message_points_to(
    cli: CliRunner, itfriend_home: Path
) -> None:
    """SQLite's integrity check passes such a file; ``db check`` must still say what is wrong."""
    person_id = damaged_notes(itfriend_home)
    checked = cli("db", "check")
    assert checked.code == 1
    assert "integrity: ok" in checked.out
    assert (
        f"text: people.notes holds bytes that are not UTF-8 text in 1 row (id {person_id}), "
        "which cannot be read; restore a backup: itfriend db restore FILE"
    ) in checked.out
    assert "divorce" not in checked.out + checked.err
