"""The column-by-column CSV path gives exactly what the row-by-row path gives, or declines.

A plain file is read and checked as columns; a file it cannot vouch for (a bad value, a duplicate,
a field it does not read, a packed Google cell) goes row by row, which names each bad line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from itfriend.core.contacts_io import import_contacts
from itfriend.core.contacts_io.csv_fast import checked_csv_people
from itfriend.core.contacts_io.csv_import import parse_csv
from itfriend.core.contacts_io.importing import check_contacts
from itfriend.core.errors import ImportFileError
from itfriend.core.services import Services

OWN = (
    "name,email,role,department,building,floor,room,phone,notes\n"
    "  Ada Lovelace ,ADA@Example.org,Analyst,Finance,North,2,2.01,+44 1,\n"
    "Bob Builder,,,Estates,,,,,\n"
    'Cy Young,cy@example.org,,,"South, East",,,,"first line\r\nsecond line"\n'
    "Dee Dee,dee@example.org,Manager,Legal,West,3,3.10,+44 2,likes tea,extra,cells\n"
)
OUTLOOK = (
    "First Name;Middle Name;Last Name;E-mail Address;E-mail 2 Address;Business Phone;"
    "Mobile Phone;Job Title;Department;Office Location\n"
    "Zoë;;Ångström;;zoe@contoso.com;;+46 70 1;Head of Sales;Sales;Stockholm\n"
    " Al ; B. ;Smith;al@contoso.com;al2@contoso.com;+1 555 1;+1 555 2;;IT;\n"
    "Mo;;;mo@contoso.com;;;;;;\n"
)
# Google's own export: a full name column, and names made of parts where it is empty.
GOOGLE = (
    "Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Title\n"
    "Ann Lee,Ann,Lee,ann@example.org,+1 1,Nurse\n"
    ",Ben,Kay,ben@example.org,,\n"
)


def row_by_row(content: str) -> list[dict[str, Any]]:
    return check_contacts(parse_csv(content, "people.csv", []), "people.csv")


@pytest.mark.parametrize("content", [OWN, OUTLOOK, GOOGLE], ids=["own", "outlook", "google"])
def test_columns_hold_what_the_row_path_reads(content: str) -> None:
    people = checked_csv_people(content)

    assert people is not None
    expected = row_by_row(content)
    assert people.count == len(expected)
    assert [people.fields_of(row) for row in range(people.count)] == expected


def test_blank_lines_are_skipped_as_the_row_path_skips_them() -> None:
    content = OWN.replace("Bob Builder", "\n,,,,,,,,\nBob Builder") + "\n\n"
    people = checked_csv_people(content)

    assert people is not None
    assert [people.fields_of(row) for row in range(people.count)] == row_by_row(content)


def test_line_ends_in_any_column_become_plain_line_breaks_as_on_the_row_path() -> None:
    content = OWN.replace("likes tea", '"likes tea\rand cake\r\n"').replace(
        ",Manager,", ',"Manager\r\nLegal team",'
    )
    people = checked_csv_people(content)

    assert people is not None
    read = [people.fields_of(row) for row in range(people.count)]
    assert read == row_by_row(content)
    assert [(p["role"], p["notes"]) for p in read if p["name"] == "Dee Dee"] == [
        ("Manager\nLegal team", "likes tea\nand cake")
    ]
    assert [p["notes"] for p in read if p["name"] == "Cy Young"] == ["first line\nsecond line"]


@pytest.mark.parametrize(
    "content",
    [
        OWN + "Bad Mail,not-an-email,,,,,,,\n",
        OWN + "Twice,Ada@EXAMPLE.org,,,,,,,\n",
        OWN + ",nameless@example.org,,,,,,,\n",
        OWN + "   ,,,,,,,,\n",
        OWN + "Long Floor,,,,," + "9" * 51 + ",,,\n",
        OWN + "Short Row,short@example.org\n",
        OWN.replace("ADA@Example.org", "mailto:ada@example.org"),
        OWN.replace("ADA@Example.org", "/o=ExchangeLabs/ou=Admin/cn=Recipients/cn=ada"),
        OWN.replace("likes tea", "tea ::: coffee"),
        "name,birthday\nAda,1815-12-10\n",
        "name,systems\nAda,VPN; SAP\n",
        "name,cadence_days\nAda,30\n",
        "name,email\n",
        "email,phone\na@example.org,1\n",
    ],
    ids=[
        "bad-email",
        "duplicate-email",
        "no-name",
        "whitespace-row",
        "too-long",
        "short-row",
        "mailto",
        "exchange",
        "packed",
        "birthday",
        "systems",
        "cadence",
        "header-only",
        "no-name-column",
    ],
)
def test_files_it_cannot_vouch_for_go_row_by_row(content: str) -> None:
    assert checked_csv_people(content) is None


def test_a_bad_line_is_still_named_by_its_line(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    rows = [f"Person {n},p{n}@example.org,Finance" for n in range(300)]
    rows[150] = "Person 150,not-an-email,Finance"
    path.write_text("name,email,department\n" + "\n".join(rows) + "\n", encoding="utf-8")

    with pytest.raises(ImportFileError) as caught:
        import_contacts(services, path)

    assert caught.value.problems == ["line 152: 'not-an-email' is not an email address"]


def people_table(services: Services) -> list[tuple[Any, ...]]:
    with services.db.engine.connect() as connection:
        query = text("SELECT * FROM people ORDER BY id")
        return [tuple(row) for row in connection.execute(query)]


def write_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "people.csv"
    header = "name,email,role,department,building,floor,room,phone\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def two_thousand(known_email: str) -> list[str]:
    rows = [
        f"Person {n},p{n}@example.org,Analyst,Dept {n % 7},B{n % 3},1,1.{n},+44 {n}"
        for n in range(2000)
    ]
    # One of them is someone already known, by email in another case; the file leaves the
    # role and phone empty for them.
    rows[1000] = f"Known Again,{known_email.upper()},,Legal,,4,,"
    return rows


@pytest.fixture
def known(services: Services) -> int:
    person = services.people.add(
        "Known Person", email="known@example.org", role="Boss", phone="+44 99", building="HQ"
    )
    services.interactions.log(person.id, "visit", "desk move")
    return person.id


def test_an_import_with_a_bad_line_writes_nothing_not_even_the_updates(
    services: Services, known: int, tmp_path: Path
) -> None:
    rows = two_thousand("known@example.org")
    rows[1500] = "Person 1500,p1500@example.org,Analyst,Dept 1,B1,1," + "x" * 101 + ",+44 1"
    before = people_table(services)

    with pytest.raises(ImportFileError) as caught:
        import_contacts(services, write_file(tmp_path, rows))

    assert caught.value.problems == ["line 1502: room is too long (101 characters, at most 100)"]
    assert people_table(services) == before


def test_an_import_updates_by_email_and_adds_the_rest(
    services: Services, known: int, tmp_path: Path
) -> None:
    last_contact = services.people.row(known).last_contact
    path = write_file(tmp_path, two_thousand("known@example.org"))
    assert checked_csv_people(path.read_text(encoding="utf-8")) is not None  # the column path

    report = import_contacts(services, path)

    assert (report.created, report.updated) == (1999, 1)
    updated = services.people.get(known)
    assert (updated.name, updated.department, updated.floor) == ("Known Again", "Legal", "4")
    # What the file leaves empty is kept; the last contact is the interaction's, as before.
    assert (updated.role, updated.phone, updated.building) == ("Boss", "+44 99", "HQ")
    assert updated.email == "known@example.org"
    assert services.people.row(known).last_contact == last_contact is not None
    added = services.people.get(services.people.resolve("p1999@example.org"))
    assert (added.name, added.department, added.room, added.phone) == (
        "Person 1999",
        "Dept 4",
        "1.1999",
        "+44 1999",
    )
    assert added.preferred_name == added.notes == ""
    assert added.birthday is None and added.cadence_days is None
    assert services.people.row(added.id).last_contact is None
    ids = [row[0] for row in people_table(services)]
    assert ids == list(range(1, 2001))  # the new people in file order, after the known one


def test_a_dry_run_counts_and_writes_nothing(
    services: Services, known: int, tmp_path: Path
) -> None:
    before = people_table(services)
    report = import_contacts(
        services, write_file(tmp_path, two_thousand("known@example.org")), dry_run=True
    )
    assert (report.created, report.updated, report.dry_run) == (1999, 1, True)
    assert people_table(services) == before
