"""Importing people without an email again: matched by a name only one of them has, here and in
the file; ambiguous names are added, with one warning. Both the CSV fast path and the row path."""

from __future__ import annotations

from pathlib import Path

import pytest

from itfriend.core.contacts_io import import_contacts
from itfriend.core.services import Services

HEADER = "name,email,department,building\n"


def write(tmp_path: Path, fmt: str, rows: list[tuple[str, str, str, str]]) -> Path:
    """A contacts file of ``rows`` (name, email, department, building)."""
    if fmt == "csv":
        path = tmp_path / "people.csv"
        lines = [",".join(row) for row in rows]
        path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
        return path
    path = tmp_path / "people.vcf"
    cards = []
    for name, email, department, _building in rows:
        card = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"ORG:Contoso;{department}"]
        if email:
            card.append(f"EMAIL:{email}")
        cards.append("\r\n".join([*card, "END:VCARD"]))
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8")
    return path


def names_and_emails(services: Services) -> list[tuple[str, str | None]]:
    return sorted((p.name, p.email) for p in services.people.list())


@pytest.mark.parametrize("fmt", ["csv", "vcard"])
def test_reimporting_people_without_email_updates_them(
    services: Services, tmp_path: Path, fmt: str
) -> None:
    rows = [
        ("Mei Chen", "", "Warehouse", "B"),
        ("Ola Nordmann", "ola@example.org", "Finance", "A"),
    ]
    first = import_contacts(services, write(tmp_path, fmt, rows))
    assert (first.created, first.updated) == (2, 0)
    rows[0] = ("  mei   CHEN ", "", "Shipping", "B")  # spacing and case aside, the same name
    again = import_contacts(services, write(tmp_path, fmt, rows))
    assert (again.created, again.updated, again.warnings) == (0, 2, [])
    people = services.people.list()
    mei = next(p for p in people if p.email is None)
    assert len(people) == 2 and mei.department == "Shipping"


@pytest.mark.parametrize("fmt", ["csv", "vcard"])
def test_a_file_giving_someone_an_email_adds_it_to_them(
    services: Services, tmp_path: Path, fmt: str
) -> None:
    services.people.add("Mei Chen", department="Warehouse")
    report = import_contacts(
        services, write(tmp_path, fmt, [("Mei Chen", "mei@example.org", "Warehouse", "B")])
    )
    assert (report.created, report.updated) == (0, 1)
    assert names_and_emails(services) == [("Mei Chen", "mei@example.org")]


@pytest.mark.parametrize("fmt", ["csv", "vcard"])
def test_a_name_shared_by_several_people_without_email_is_not_guessed(
    services: Services, tmp_path: Path, fmt: str
) -> None:
    services.people.add("Sam Lee", department="Finance")
    services.people.add("Sam Lee", department="Sales")
    services.people.add("Kim Park", department="IT")
    rows = [
        ("Sam Lee", "", "Finance", "A"),  # two of them in itfriend
        ("Kim Park", "", "IT", "C"),  # one in itfriend, but two in the file
        ("Kim Park", "", "Legal", "C"),
    ]
    report = import_contacts(services, write(tmp_path, fmt, rows), dry_run=True)
    assert (report.created, report.updated) == (3, 0)
    assert len(report.warnings) == 1
    assert "3 people" in report.warnings[0] and "Kim Park, Sam Lee" in report.warnings[0]
    assert len(services.people.list()) == 3  # a dry run writes nothing


def test_people_with_email_are_never_matched_by_name(services: Services, tmp_path: Path) -> None:
    services.people.add("Ola Nordmann", email="ola@example.org")
    report = import_contacts(
        services, write(tmp_path, "csv", [("Ola Nordmann", "ola.n@example.com", "IT", "A")])
    )
    assert (report.created, report.updated) == (1, 0)
    assert names_and_emails(services) == [
        ("Ola Nordmann", "ola.n@example.com"),
        ("Ola Nordmann", "ola@example.org"),
    ]
