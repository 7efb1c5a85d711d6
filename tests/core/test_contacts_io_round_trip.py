"""Export writes every field; CSV, vCard and JSON exports import back to the same people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.contacts_io import export as export_module
from itfriend.core.contacts_io import export_contacts, import_contacts
from itfriend.core.contacts_io.export import load_people
from itfriend.core.contacts_io.vcard_export import fold
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services

# Values chosen to break a careless writer: separators, quotes, backslashes, line breaks, accents.
TRICKY = {
    "preferred_name": 'Zo, "Z"',
    "email": "zoe.angstrom@contoso.com",
    "phone": "+44 20 7946 0018; ext. 12",
    "role": "Head of Sales, EMEA; Nordics",
    "department": "R&D \\ Labs",
    "building": "Bâtiment Nord",
    "floor": "2",
    "room": "2.14",
    "notes": 'Line one;\nline two, with "quotes"\r\nand a back\\slash ' + "long " * 40 + "end",
    "personal_notes": "Two cats: Miso & Tofu.\rLikes ☕ and 🍰.\r\n\r\nOld Mac line ends.",
    "birthday": "1984-05-17",
    "cadence_days": 21,
    # Not "A; B": CSV separates systems with ";" (a known limit of the CSV format only).
    "systems": ["SAP, old", "Jira\\Cloud", "VPN"],
}
# What itfriend stores of TRICKY: every line end as "\n", so that no export format changes it.
STORED = TRICKY | {
    "notes": 'Line one;\nline two, with "quotes"\nand a back\\slash ' + "long " * 40 + "end",
    "personal_notes": "Two cats: Miso & Tofu.\nLikes ☕ and 🍰.\n\nOld Mac line ends.",
}
COMPARED = ("name", *TRICKY)


def comparable(services: Services) -> list[dict[str, Any]]:
    """The people's fields, exactly as stored."""
    return [{k: p[k] for k in COMPARED} for p in load_people(services)]


@pytest.fixture
def filled(services: Services) -> Services:
    services.people.add("Zoë Ångström", **TRICKY)
    services.people.add("Plain Person")
    services.people.add("Only Email", email="only@example.org", systems=["VPN"])
    return services


@pytest.fixture
def other(tmp_path: Path, clock: FakeClock) -> Any:
    home = tmp_path / "other-home"
    opened = open_services(AppPaths(home, home, home / "logs"), clock)
    yield opened
    opened.close()


@pytest.mark.parametrize("name", ["people.csv", "people.vcf", "people.json"])
def test_round_trip_into_an_empty_database(
    filled: Services, other: Services, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    assert export_contacts(filled, path) == 3
    report = import_contacts(other, path)
    assert (report.created, report.updated, report.warnings) == (3, 0, [])
    assert comparable(other) == comparable(filled)


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_reimporting_an_export_updates_and_changes_nothing(
    filled: Services, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "export.out"
    export_contacts(filled, path, fmt)
    before = comparable(filled)
    report = import_contacts(filled, path)
    # Two people are matched by email; "Plain Person", who has none, by the name only they have.
    assert (report.created, report.updated, report.warnings) == (0, 3, [])
    assert comparable(filled) == before


def test_line_ends_are_stored_as_plain_line_breaks(filled: Services) -> None:
    zoe = next(p for p in load_people(filled) if p["name"] == "Zoë Ångström")
    assert (zoe["notes"], zoe["personal_notes"]) == (STORED["notes"], STORED["personal_notes"])


def test_json_export_has_every_field(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    export_contacts(filled, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    zoe = next(p for p in data if p["name"] == "Zoë Ångström")
    for key, value in STORED.items():
        expected = sorted(value) if key == "systems" else value
        assert zoe[key] == expected
    assert {"id", "last_contact", "days_since_contact", "overdue"} <= set(zoe)


def test_csv_export_opens_in_excel_and_has_our_columns(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    export_contacts(filled, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, for Excel
    assert raw[3:].split(b"\r\n")[0] == (
        b'"name","preferred_name","email","phone","role","department","building","floor","room",'
        b'"systems","notes","personal_notes","birthday","cadence_days"'
    )
    assert path.stat().st_mode & 0o077 == 0  # personal notes: readable by the user only


def test_vcard_export_is_folded_3_0(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    export_contacts(filled, path)
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.count(b"BEGIN:VCARD") == 3 and b"VERSION:3.0" in lines
    assert max(len(line) for line in lines) <= 75
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"X-ITFRIEND-SYSTEMS:Jira\\\\Cloud,SAP\\, old,VPN" in raw.replace(b"\r\n ", b"")


def test_fold_never_splits_a_character() -> None:
    line = "NOTE:" + "é☕" * 60
    folded = fold(line)
    chunks = folded.split("\r\n ")
    assert "".join(chunks) == line
    assert all(len(c.encode("utf-8")) <= 75 for c in chunks)


def test_format_from_the_extension_or_the_option(filled: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="pass --format"):
        export_contacts(filled, tmp_path / "people.txt")
    assert export_contacts(filled, tmp_path / "people.txt", "json") == 3
    assert json.loads((tmp_path / "people.txt").read_text())[0]["name"] == "Only Email"
    with pytest.raises(ValidationError, match="unknown export format"):
        export_contacts(filled, tmp_path / "people.x", "xml")


def test_export_to_a_missing_folder(filled: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        export_contacts(filled, tmp_path / "no" / "such" / "people.csv")


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    filled: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.vcf"
    path.write_text("the previous export", encoding="utf-8")

    def disk_full(person: dict[str, Any]) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "vcard_text", disk_full)
    with pytest.raises(StorageError, match="the disk is full; nothing was exported"):
        export_contacts(filled, path)
    assert path.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["itfriend-home", "people.vcf"]


def test_systems_are_matched_without_regard_to_case(services: Services, tmp_path: Path) -> None:
    services.people.add("Has Sap", email="sap@example.org", systems=["SAP"])
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,systems\nNew One,new@example.org,sap; Jira\nHas Sap,SAP@example.org,Jira\n",
        encoding="utf-8",
    )
    import_contacts(services, path)
    assert services.people.system_names() == ["Jira", "SAP"]
    people = {p["name"]: p["systems"] for p in load_people(services)}
    assert people == {"Has Sap": ["Jira"], "New One": ["Jira", "SAP"]}


def test_semicolon_separated_csv(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Name;E-mail Address;Job Title\nAnna Berg;anna@example.org;Controller, AP\n",
        encoding="utf-8",
    )
    import_contacts(services, path)
    [anna] = load_people(services)
    assert (anna["email"], anna["role"]) == ("anna@example.org", "Controller, AP")


def test_bulk_import_stores_values_as_the_orm_does(services: Services, tmp_path: Path) -> None:
    """The bulk writer bypasses the ORM: the stored text must still be the same."""
    from sqlalchemy import text

    services.people.add(
        "By Hand", email="hand@example.org", birthday="1984-05-17", cadence_days=21, systems=["VPN"]
    )
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,birthday,cadence_days,systems\nBy File,file@example.org,1984-05-17,21,VPN\n",
        encoding="utf-8",
    )
    import_contacts(services, path)
    query = text(
        "SELECT birthday, cadence_days, created_at, updated_at, last_contact, "
        "typeof(birthday), typeof(created_at) FROM people ORDER BY id"
    )
    with services.db.engine.connect() as connection:
        by_hand, by_file = connection.execute(query).all()
    assert tuple(by_file) == tuple(by_hand)
    assert [p["systems"] for p in load_people(services)] == [["VPN"], ["VPN"]]


def test_export_rows_have_exactly_person_to_json_s_shape(filled: Services) -> None:
    """The export reads Core rows for speed; what it writes must equal the ORM-based shape."""
    from itfriend.core.people import person_to_json

    exported = load_people(filled)
    people = filled.people
    assert exported == [person_to_json(people.get(p["id"]), people.row(p["id"])) for p in exported]
