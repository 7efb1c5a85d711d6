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


def names_and_emails(services: Services) -> list[tuple[str, str]]:
    return sorted((p.name, p.email or "") for p in services.people.list())


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
    services.people.add("Sam Lee", department="Finance", phone="111")
    services.people.add("Sam Lee", department="Sales", phone="222")
    services.people.add("Kim Park", department="IT")
    rows = [
        ("sam  lee", "", "Legal", "A"),  # two of them in itfriend: which one is it?
        ("Kim Park", "", "IT", "C"),  # one in itfriend, but two in the file
        ("Kim Park", "", "Legal", "C"),
    ]
    report = import_contacts(services, write(tmp_path, fmt, rows))
    # Kim Park: one row for the one in itfriend (left alone, as which is which cannot be told),
    # and the file's further one added.
    assert (report.created, report.updated) == (1, 0)
    left, added = report.warnings
    assert left.startswith("2 people without an email left as they are")
    assert "(Kim Park, sam  lee)" in left
    assert added.startswith("1 person without an email added as new people")
    sams = sorted((p.department, p.phone) for p in services.people.list("Sam Lee"))
    assert sams == [("Finance", "111"), ("Sales", "222")]  # neither overwritten
    assert sorted(p.department for p in services.people.list("Kim Park")) == ["IT", "Legal"]
    again = import_contacts(services, write(tmp_path, fmt, rows))
    assert (again.created, again.updated) == (0, 0)  # as many Kim Parks as the file has now


@pytest.mark.parametrize("fmt", ["csv", "vcard"])
def test_importing_a_file_with_namesakes_again_adds_nobody(
    services: Services, tmp_path: Path, fmt: str
) -> None:
    rows = [
        ("Sam Lee", "", "Finance", "A"),
        ("Sam Lee", "", "Sales", "B"),
        ("Ola Nordmann", "ola@example.org", "IT", "A"),
    ]
    path = write(tmp_path, fmt, rows)
    first = import_contacts(services, path)
    assert (first.created, first.updated, first.warnings) == (3, 0, [])
    for _ in range(2):
        again = import_contacts(services, path)
        assert (again.created, again.updated) == (0, 1)
        assert again.warnings and "2 people without an email left as they are" in again.warnings[0]
        assert len(services.people.list()) == 3


def test_a_new_email_is_not_given_to_a_namesake_when_one_of_that_name_has_an_email(
    services: Services, tmp_path: Path
) -> None:
    services.people.add("Sam Lee", email="sam@a.org", department="Finance")
    quiet = services.people.add("Sam Lee", department="Sales", phone="999")
    report = import_contacts(
        services, write(tmp_path, "csv", [("Sam Lee", "sam.lee@b.org", "Legal", "C")])
    )
    assert (report.created, report.updated, report.warnings) == (1, 0, [])
    kept = services.people.get(quiet.id)
    assert (kept.email, kept.department, kept.phone) == (None, "Sales", "999")
    assert names_and_emails(services) == [
        ("Sam Lee", ""),
        ("Sam Lee", "sam.lee@b.org"),
        ("Sam Lee", "sam@a.org"),
    ]


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
