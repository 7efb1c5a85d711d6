"""Importing real-looking contact exports: Outlook and Google CSV, vCard 3.0 and 4.0."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from itfriend.core.clock import FakeClock
from itfriend.core.contacts_io import import_contacts
from itfriend.core.contacts_io.export import load_people
from itfriend.core.services import Services

DATA = Path(__file__).parent.parent / "data" / "contacts"


def people_by_name(services: Services) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in load_people(services)}


def test_outlook_csv(services: Services) -> None:
    report = import_contacts(services, DATA / "outlook.csv")
    assert (report.created, report.updated, report.dry_run) == (4, 0, False)
    people = people_by_name(services)
    assert sorted(people) == [
        "José María García-López",
        "Mei Chen PhD",
        "Priya Natarajan",
        "Zoë Ångström",
    ]
    zoe = people["Zoë Ångström"]
    assert zoe["email"] == "zoe.angstrom@contoso.com"
    assert zoe["role"] == "Senior Accountant"
    assert zoe["department"] == "Finance"
    assert zoe["building"] == "Building A"  # Outlook's "Office Location"
    assert zoe["phone"] == "+44 20 7946 0018"  # the business phone before the mobile one
    assert zoe["birthday"] == "1984-05-17"  # Outlook writes M/D/YYYY
    assert zoe["notes"] == (
        'Prefers Teams over the phone.\nShares the old HP printer on floor 2, "needs toner" often.'
    )
    jose = people["José María García-López"]
    assert jose["role"] == "Head of Sales, EMEA"
    assert jose["email"] == "jose.garcia@contoso.com"
    assert jose["birthday"] is None  # Outlook's 0/0/00 means none
    assert jose["phone"] == "+34 600 123 456"
    # The first address is an Exchange directory entry: the second, real one is used.
    assert people["Priya Natarajan"]["email"] == "priya.natarajan@contoso.com"
    assert people["Priya Natarajan"]["birthday"] == "1990-11-02"
    mei = people["Mei Chen PhD"]
    assert mei["email"] is None and mei["phone"] == "+44 113 496 0000"
    assert report.warnings == []


def test_outlook_in_windows_encoding_is_told_without_being_named(
    services: Services, tmp_path: Path
) -> None:
    text = (DATA / "outlook.csv").read_text(encoding="utf-8-sig")
    ansi = tmp_path / "outlook-ansi.csv"
    ansi.write_bytes(text.encode("cp1252"))
    report = import_contacts(services, ansi)
    assert (report.created, report.encoding, report.delimiter) == (4, "cp1252", ",")
    assert "Zoë Ångström" in people_by_name(services)


def test_utf16_with_byte_order_mark(services: Services, tmp_path: Path) -> None:
    text = (DATA / "google.csv").read_text(encoding="utf-8")
    wide = tmp_path / "google-utf16.csv"
    wide.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert import_contacts(services, wide).created == 3
    assert "Björn Müller" in people_by_name(services)


def test_google_csv(services: Services) -> None:
    report = import_contacts(services, DATA / "google.csv")
    assert report.created == 3
    people = people_by_name(services)
    bjorn = people["Björn Müller"]
    # Google joins several values in one cell with " ::: ": the first is kept.
    assert bjorn["email"] == "bjorn.muller@example.org"
    assert bjorn["phone"] == "+49 30 901820"
    assert bjorn["preferred_name"] == "Bjö"
    assert bjorn["role"] == "Payroll Lead"
    assert bjorn["department"] == "Payroll, Benefits"
    assert bjorn["building"] == "HQ"
    assert bjorn["birthday"] == "1979-02-28"
    assert bjorn["notes"] == "Runs the Friday quiz.\nAllergic to peanuts, so no biscuits."
    # An empty "Name" falls back to the given and family names.
    anais = people["Anaïs Lefèvre"]
    assert anais["birthday"] is None
    assert report.warnings == [
        "line 4: birthday '--04-12' has no year; the birthday was not imported"
    ]
    assert people["Tom O'Brien"]["building"] == "Depot 2"


def test_new_google_csv(services: Services) -> None:
    assert import_contacts(services, DATA / "google_new.csv").created == 2
    people = people_by_name(services)
    soren = people["Søren Kierkegård"]
    assert (soren["role"], soren["department"]) == ("Facilities Manager", "Facilities")
    assert soren["preferred_name"] == "Sø"
    assert soren["notes"] == 'Keys to the server room.\nAsk before moving racks, "always".'
    assert people["Chloé Dubois"]["email"] == "chloe.dubois@example.org"


def test_vcard_3(services: Services) -> None:
    report = import_contacts(services, DATA / "contacts_v3.vcf")
    assert report.created == 3
    people = people_by_name(services)
    zoe = people["Zoë Ångström"]
    # A folded line, escaped comma and semicolon, and \n for a line break.
    assert zoe["notes"] == (
        "Prefers Teams over the phone.\nShares the old HP printer on "
        'floor 2, "needs toner" often; keep a spare.'
    )
    assert zoe["email"] == "zoe.angstrom@contoso.com"
    assert zoe["phone"] == "+44 20 7946 0018"  # the work number, not the mobile
    assert zoe["department"] == "Finance"  # ORG: company;department
    seamus = people["Séamus Ó Súilleabháin"]
    assert seamus["preferred_name"] == "Shay"
    assert seamus["email"] == "seamus.osullivan@contoso.com"  # work before home
    assert seamus["department"] == "IT Services, Desktop"
    assert seamus["role"] == "Service Desk Analyst"  # TITLE before ROLE
    assert seamus["birthday"] == "1981-03-12"
    # No FN: the name comes from N (family;given;additional).
    chinwe = people["Chinwe Adaeze Okafor"]
    assert chinwe["department"] == "" and chinwe["role"] == "Procurement Officer"


def test_vcard_4(services: Services) -> None:
    report = import_contacts(services, DATA / "contacts_v4.vcf")
    assert report.created == 2
    people = people_by_name(services)
    lukasz = people["Łukasz Wiśniewski"]
    assert lukasz["phone"] == "+48-22-555-0142"  # tel: URI
    assert lukasz["email"] == "lukasz.w@example.org"  # PREF=1
    assert lukasz["notes"] == "Owns the core switches.\nOn call every other week, Mon–Sun."
    assert lukasz["birthday"] is None
    assert "has no year" in report.warnings[0]
    assert people["Ingrid Sæther"]["birthday"] == "1985-07-04"


def test_existing_people_are_updated_by_email_not_duplicated(
    services: Services, clock: FakeClock
) -> None:
    before = services.people.add(
        "Zoe Angstrom",
        email="ZOE.ANGSTROM@contoso.com",
        role="Accountant",
        personal_notes="Two cats",
        systems=["SAP"],
    )
    clock.advance(days=1)
    report = import_contacts(services, DATA / "outlook.csv")
    assert (report.created, report.updated) == (3, 1)
    person = services.people.get(before.id)
    assert person.name == "Zoë Ångström" and person.role == "Senior Accountant"
    # What the file leaves empty is kept.
    assert person.personal_notes == "Two cats"
    assert [s.name for s in person.systems] == ["SAP"]
    assert person.updated_at == clock.now() and person.created_at < clock.now()
    assert len(load_people(services)) == 4
    # Importing the same file again changes nothing and adds nobody.
    again = import_contacts(services, DATA / "outlook.csv")
    assert (again.created, again.updated) == (0, 4)  # Mei, without an email, by her name
    assert len(load_people(services)) == 4


def test_new_people_get_the_clock_s_time(services: Services, clock: FakeClock) -> None:
    import_contacts(services, DATA / "google_new.csv")
    person = services.people.get(services.people.resolve("soren.k@example.org"))
    assert person.created_at == clock.now() == person.updated_at
    assert person.last_contact is None


def test_outlook_vcard_2_1_quoted_printable(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "outlook.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
        b"FN;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
        b"TEL;WORK;VOICE:+49 89 1234\r\n"
        b"EMAIL;PREF;INTERNET:juergen@example.de\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0A=\r\nzweite Zeile\r\n"
        b"END:VCARD\r\n"
    )
    assert import_contacts(services, path).created == 1
    [person] = load_people(services)
    assert person["name"] == "Jürgen Müller"
    assert (person["email"], person["phone"]) == ("juergen@example.de", "+49 89 1234")
    assert person["notes"] == "Erste Zeile\nzweite Zeile"
