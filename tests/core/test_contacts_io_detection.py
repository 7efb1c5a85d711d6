"""Contacts files need no option: encoding and separator are told, and the report names them."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from itfriend.core.contacts_io import import_contacts
from itfriend.core.services import Services

ROWS = [
    ("Renée Faßbinder", "renee@example.org", "Ventes, Europe"),
    ("Jürgen Müller", "juergen@example.org", "Recherche & Développement"),
    ("Zoë Ångström", "zoe@example.org", "Säljare"),
]


def table(delimiter: str, rows: list[tuple[str, str, str]] = ROWS) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value else value

    lines = [delimiter.join(("name", "email", "department"))]
    lines += [delimiter.join(map(cell, row)) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def people(services: Services) -> list[tuple[str, str | None, str]]:
    found = [services.people.get(row.id) for row in services.people.list()]
    return sorted((p.name, p.email, p.department) for p in found)


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
        (lambda text: text.encode("cp1252"), "cp1252"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encoding_and_separator_are_told(
    services: Services, tmp_path: Path, encoded: object, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(encoded(table(delimiter)))  # type: ignore[operator]
    report = import_contacts(services, path)
    assert (report.created, report.encoding, report.delimiter) == (3, encoding, delimiter)
    assert people(services) == sorted(ROWS)


def test_a_central_european_code_page(services: Services, tmp_path: Path) -> None:
    rows = [
        ("Łukasz Żółkiewski", "lukasz@example.org", "Dział księgowości i płac"),
        ("Agnieszka Wąsik-Łęcka", "agnieszka@example.org", "Zarządzanie systemami"),
        ("Tomáš Černý", "tomas@example.org", "Oddělení účetnictví"),
    ]
    path = tmp_path / "people.csv"
    path.write_bytes(table(";", rows).encode("cp1250"))
    report = import_contacts(services, path)
    assert (report.encoding, report.delimiter) == ("cp1250", ";")
    assert people(services) == sorted(rows)


def test_accents_only_far_down_a_big_file_are_read_right(
    services: Services, tmp_path: Path
) -> None:
    # Detection reads a sample; the lines with non-ASCII bytes are in it wherever they are.
    rows = [(f"Person {n}", f"p{n}@example.org", "Sales") for n in range(5_000)]
    rows.append(("Hélène Lefèvre", "helene@example.org", "Comptabilité générale"))
    path = tmp_path / "people.csv"
    path.write_bytes(table(",", rows).encode("cp1252"))
    report = import_contacts(services, path)
    assert (report.created, report.encoding) == (5_001, "cp1252")
    helene = services.people.get(services.people.list("Hélène")[0].id)
    assert (helene.name, helene.department) == ("Hélène Lefèvre", "Comptabilité générale")


def test_a_quoted_header_cell_with_commas_does_not_fool_the_separator(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        '"Name";"Notes";"Remarks, free, text, here"\n"Ann Lee";"likes tea, not coffee";"x"\n',
        encoding="utf-8",
    )
    report = import_contacts(services, path)
    assert (report.created, report.delimiter) == (1, ";")
    ann = services.people.get(services.people.list("Ann")[0].id)
    assert ann.notes == "likes tea, not coffee"


def test_the_summary_says_how_the_file_was_read(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(table("\t").encode("cp1252"))
    summary = import_contacts(services, path, dry_run=True).summary()
    # Three names read in cp1250 as "Zoë Ĺngström" are as plausible: the guess is a warning.
    assert summary == (
        "Dry run: would add 3 people and update 0; nothing was written. "
        "Read as cp1252, separated by tabs. 1 warning."
    )


def test_the_named_encoding_wins(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("name\nJosé\n".encode("cp1252"))
    report = import_contacts(services, path, encoding="latin-1")
    assert report.encoding == "latin-1"
    assert [p.name for p in services.people.list()] == ["José"]


SHORT_FILES = {
    "Czech": ("cp1250", ["Jana Dvořáková", "Petr Černý", "Jiří Novák", "Eva Kučerová"]),
    "Czech, 8 people": (
        "cp1250",
        [
            "Jiří Novák",
            "Petr Černý",
            "Jana Dvořáková",
            "Tomáš Svoboda",
            "Lucie Procházková",
            "Eva Kučerová",
            "Martin Veselý",
            "Kateřina Horáková",
        ],
    ),
    "Polish": ("cp1250", ["Paweł Wróbel", "Łukasz Żółkiewski", "Agnieszka Wąsik"]),
    "Hungarian": ("cp1250", ["Kovács Zoltán", "Szőke Ödön", "Nagy Győző"]),
    "Russian": ("cp1251", ["Иван Петров"]),
    "Russian, 3 people": ("cp1251", ["Иван Петров", "Ольга Смирнова", "Дмитрий Кузнецов"]),
    "Greek": ("cp1253", ["Γιώργος Παπαδόπουλος"]),
    "Greek, 3 people": ("cp1253", ["Γιώργος Παπαδόπουλος", "Μαρία Κωνσταντίνου", "Νίκος Αλεξίου"]),
    "Turkish": ("cp1254", ["Ayşe Yılmaz"]),
    "Turkish, 3 people": ("cp1254", ["Ayşe Yılmaz", "Şükrü Öztürk", "Çağla Güneş"]),
    "French": ("cp1252", ["Hélène Lefèvre"]),
    "French, 3 people": ("cp1252", ["Renée Lefèvre", "François Garçon", "Hélène Dupré"]),
    "German": ("cp1252", ["Jürgen Groß", "Bärbel Schäfer"]),
    "Spanish": ("cp1252", ["María Peña", "José Muñoz", "Begoña Ibáñez"]),
}


@pytest.mark.parametrize("language", SHORT_FILES)
def test_a_short_file_in_a_code_page_reads_right(
    services: Services, tmp_path: Path, language: str
) -> None:
    encoding, names = SHORT_FILES[language]
    lines = ["Name,E-mail Address", *(f"{n},p{i}@example.org" for i, n in enumerate(names))]
    path = tmp_path / "people.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    report = import_contacts(services, path)
    assert report.encoding == encoding
    assert sorted(p.name for p in services.people.list()) == sorted(names)


def test_a_guess_between_readings_that_differ_is_a_warning(
    services: Services, tmp_path: Path
) -> None:
    # In cp1250 these bytes are the Czech-looking "Hélčne Lefčvre": only a guess can choose.
    path = tmp_path / "people.csv"
    path.write_bytes("Name,E-mail Address\r\nHélène Lefèvre,h@example.org\r\n".encode("cp1252"))
    report = import_contacts(services, path)
    (warning,) = report.warnings
    assert "reads as cp1252 or as cp1250" in warning and "--encoding" in warning


def test_a_clear_reading_has_no_warning(services: Services, tmp_path: Path) -> None:
    # In cp1250, "Garçon" and "Lefèvre" would be "Garçon" and "Lefčvre": no one language.
    names = ["Renée Lefèvre", "François Garçon", "Hélène Dupré"]
    lines = ["Name,E-mail Address", *(f"{n},p{i}@example.org" for i, n in enumerate(names))]
    path = tmp_path / "people.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    report = import_contacts(services, path)
    assert (report.encoding, report.warnings) == ("cp1252", [])


def test_an_amount_in_euros_is_no_cyrillic_letter(services: Services, tmp_path: Path) -> None:
    # "5€" in cp1251 is "5Ђ": a letter stuck to a digit is a sign of the wrong code page.
    path = tmp_path / "people.csv"
    path.write_bytes("name,email,notes\r\nAnn,a@x.org,costs 5€ – ok\r\n".encode("cp1252"))
    report = import_contacts(services, path)
    assert (report.encoding, report.warnings) == ("cp1252", [])
    assert services.people.get(services.people.list()[0].id).notes == "costs 5€ – ok"
