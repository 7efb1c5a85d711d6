"""Values of the wrong type or a codec that is no text encoding are refused in one line, naming
the item, the key and what was found; none ends in an unexpected error or a stored Python repr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itfriend.core.contacts_io import import_contacts
from itfriend.core.services import Services
from tests.core.test_contacts_io_bad_files import HEADER, rejected, seeded, write

__all__ = ["seeded"]  # the fixture, used by the tests below


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ({"name": "n", "email": 5}, "item 1: email must be text (a string), not a number (5)"),
        ({"name": ["a", "b"]}, 'item 1: name must be text (a string), not a list (["a", "b"])'),
        ({"name": {"a": 1}}, 'item 1: name must be text (a string), not an object ({"a": 1})'),
        ({"name": "n", "preferred_name": []}, "item 1: preferred_name must be text"),
        ({"name": "n", "systems": [None]}, "item 1: systems must be a list of names (strings), "),
        ({"name": "n", "systems": [{"x": 1}]}, "not a list holding an object"),
        ({"name": "n", "systems": "VPN"}, "item 1: systems must be a list of names"),
        ({"name": "n", "cadence_days": True}, "item 1: cadence_days must be a whole number"),
        ({"name": "n", "cadence_days": 2.5}, "cadence_days must be a whole number, not a number"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_refused(
    seeded: Services, tmp_path: Path, item: dict[str, object], problem: str
) -> None:
    path = write(tmp_path, "people.json", json.dumps([{"name": "Fine"}, item | {}]))
    error = rejected(seeded, path)
    assert any(problem.replace("item 1", "item 2") in p for p in error.problems), error.problems


def test_json_whole_numbers_and_nulls_still_import(services: Services, tmp_path: Path) -> None:
    item = {"name": "Ann", "email": None, "cadence_days": 30, "systems": ["VPN"], "floor": None}
    import_contacts(services, write(tmp_path, "people.json", json.dumps([item])))
    ann = services.people.get(services.people.list()[0].id)
    assert (ann.name, ann.cadence_days, [s.name for s in ann.systems]) == ("Ann", 30, ["VPN"])


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined", "base64", "rot13"])
def test_a_vcard_charset_that_is_no_text_encoding_reads_as_utf8(
    services: Services, tmp_path: Path, charset: str
) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;ENCODING=QUOTED-PRINTABLE;CHARSET={charset}:Jos=C3=A9;Ann\r\n"
        "FN:Ann Jos\r\nEND:VCARD\r\n"
    )
    import_contacts(services, write(tmp_path, "cards.vcf", card))
    assert len(services.people.list()) == 1


@pytest.mark.parametrize(
    "encoding", ["base64", "rot13", "hex", "zlib", "punycode", "undefined", "idna"]
)
def test_an_encoding_option_that_is_no_text_encoding_is_refused(
    seeded: Services, tmp_path: Path, encoding: str
) -> None:
    path = write(tmp_path, "people.csv", HEADER + "Ann,ann@example.org,,,\n")
    message = str(rejected(seeded, path, encoding=encoding))
    assert f"'{encoding}' is not a text encoding Python knows" in message


def test_a_stray_byte_in_a_utf8_file_is_named_where_it_is(seeded: Services, tmp_path: Path) -> None:
    # One cp1252 byte among UTF-8 letters: neither reading works, and the byte is named.
    utf8 = (
        "name,email\r\nJosé Müller,j@x.org\r\nFrançoise Dûpont,f@x.org\r\nZoë Ødegård,z@x.org\r\n"
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(utf8.encode() + b"Ren\xe9 Stray,r@x.org\r\n")
    message = str(rejected(seeded, path))
    assert "byte 0xe9 at line 5, column 4 is not UTF-8" in message


def test_a_nul_in_a_code_page_file_is_named_where_it_is(seeded: Services, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"name,email\r\nJos\xe9,a@x.org\r\nB\x00ob,b@x.org\r\n")
    message = str(rejected(seeded, path))
    assert "NUL" in message and "line 3, column 2" in message
