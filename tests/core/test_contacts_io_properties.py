"""Property tests: any generated CSV, vCard or JSON file imports all its people, or nothing.

Each example gets a fresh database. A well-formed generated file must import with exactly the
people it holds (in any separator and in UTF-8, UTF-8 with a BOM or UTF-16; Windows code pages are
tested with real names in ``test_contacts_io_detection``, because on random text the detector
cannot tell them apart). A mutated file (quotes, separators, line breaks, NULs, stray bytes put
in or taken out) either imports as many people as the file has records, or is refused with the
database byte for byte as it was. Bounded for CI: few examples, no deadline.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itfriend.core.clock import FakeClock
from itfriend.core.contacts_io import export_contacts, import_contacts
from itfriend.core.contacts_io.cells import restored
from itfriend.core.contacts_io.export import load_people
from itfriend.core.errors import ImportFileError
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services
from tests.conftest import START

BOUNDED = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_SPECIAL = list("\",;\t\\'=+-@:[]{} é€ßÅ漢🙂")
# U+FEFF is dropped from a file's text on import by design (a byte-order mark inside a file made a
# second "Bob Roe"); test_a_byte_order_mark_inside_a_file_is_dropped covers it.
_CHARACTERS = st.one_of(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    st.sampled_from(_SPECIAL),
)
TEXT = st.text(_CHARACTERS, max_size=20)
# Notes hold line breaks of every kind: Unix "\n", Windows "\r\n" and old Mac "\r".
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
NOTES = st.lists(st.one_of(_CHARACTERS, LINE_ENDS), max_size=40).map("".join)
NAME = TEXT.filter(lambda text: text.strip())
FIELDS = ("name", "email", "role", "notes")


@st.composite
def people(draw: st.DrawFn) -> list[dict[str, str]]:
    """1 to 6 people, each with a name, perhaps an email (unique), a role and notes."""
    count = draw(st.integers(1, 6))
    return [
        {
            "name": draw(NAME),
            "email": f"Person.{number}@Example.org" if draw(st.booleans()) else "",
            "role": draw(TEXT),
            "notes": draw(NOTES),
        }
        for number in range(count)
    ]


@contextmanager
def fresh_itfriend(seeded: bool = False) -> Iterator[Services]:
    with tempfile.TemporaryDirectory(prefix="itfriend-prop-") as folder:
        home = Path(folder)
        services = open_services(AppPaths(home, home, home / "logs"), FakeClock(START))
        try:
            if seeded:
                services.people.add("Seed Person", email="seed@example.org", systems=["VPN"])
            yield services
        finally:
            services.close()


def dump(services: Services) -> str:
    """Everything in the database, through a connection of its own."""
    with sqlite3.connect(services.paths.database) as connection:
        return "\n".join(connection.iterdump())


def stored(services: Services) -> list[tuple[str, ...]]:
    return sorted(tuple(p[key] or "" for key in FIELDS) for p in load_people(services))


def expected(rows: list[dict[str, str]], cell: Callable[[str], str]) -> list[tuple[str, ...]]:
    """What itfriend keeps of each field: stripped, emails lower case, line ends plain."""
    return sorted(
        tuple(
            cell(row[key]).lower() if key == "email" else plain(cell(row[key])).strip()
            for key in FIELDS
        )
        for row in rows
    )


def plain(text: str) -> str:
    """Every line end as one line break, as itfriend stores text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_cell(value: str) -> str:
    """A foreign CSV cell is read by our escaping rule (see ``cells``)."""
    value = value.strip()
    return restored(value).strip() if value[:1] == "'" else value


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-sig": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16": lambda text: text.encode("utf-16"),
}


@BOUNDED
@given(
    rows=people(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    columns=st.permutations(FIELDS),
)
def test_a_generated_csv_imports_exactly_its_people(
    rows: list[dict[str, str]],
    delimiter: str,
    quoting: int,
    encoding: str,
    columns: list[str],
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting)  # type: ignore[arg-type]
    writer.writerow(columns)
    writer.writerows([row[key] for key in columns] for row in rows)
    path = tmp_path / "people.csv"
    path.write_bytes(ENCODINGS[encoding](out.getvalue()))
    with fresh_itfriend() as services:
        report = import_contacts(services, path)
        assert (report.created, report.encoding, report.delimiter) == (
            len(rows),
            encoding,
            delimiter,
        )
        assert stored(services) == expected(rows, csv_cell)


def vcard_escape(text: str) -> str:
    """As address books write text: any line break is the escape ``\\n``."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\r", "\\n")
    return text.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def vcard_file(rows: list[dict[str, str]]) -> str:
    """Cards written by hand (not by our exporter), long lines folded every 30 characters."""
    lines: list[str] = []
    for row in rows:
        lines += ["BEGIN:VCARD", "VERSION:3.0", f"FN:{vcard_escape(row['name'])}"]
        if row["email"]:
            lines.append(f"EMAIL;TYPE=INTERNET:{row['email']}")
        if row["role"].strip():
            lines.append(f"TITLE:{vcard_escape(row['role'])}")
        if row["notes"].strip():
            lines.append(f"NOTE:{vcard_escape(row['notes'])}")
        lines.append("END:VCARD")
    folded = ["\r\n ".join(line[i : i + 30] for i in range(0, len(line), 30)) for line in lines]
    return "\r\n".join(folded) + "\r\n"


@BOUNDED
@given(rows=people(), encoding=st.sampled_from(sorted(ENCODINGS)))
def test_a_generated_vcard_file_imports_exactly_its_people(
    rows: list[dict[str, str]], encoding: str, tmp_path: Path
) -> None:
    path = tmp_path / "people.vcf"
    path.write_bytes(ENCODINGS[encoding](vcard_file(rows)))
    with fresh_itfriend() as services:
        assert import_contacts(services, path).created == len(rows)
        assert stored(services) == expected(rows, str.strip)


def json_value() -> st.SearchStrategy[Any]:
    """Values of keys itfriend does not know, nested a little: they must be ignored.

    Numbers stay within what a people file may hold anywhere (JSON has no Infinity, and no
    number is longer than json_import.MAX_DIGITS); past those the file is refused, as tested in
    test_contacts_io_hostile_json."""
    numbers = st.integers(-(10**29) + 1, 10**29 - 1) | st.floats(
        allow_nan=False, allow_infinity=False
    )
    return st.recursive(
        st.none() | st.booleans() | numbers | TEXT,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=8,
    )


@BOUNDED
@given(
    rows=people(),
    extra=st.dictionaries(st.sampled_from(["id", "tags", "x_future"]), json_value(), max_size=2),
    indent=st.sampled_from([None, 2]),
    ascii_only=st.booleans(),
)
def test_a_generated_json_file_imports_exactly_its_people(
    rows: list[dict[str, str]],
    extra: dict[str, Any],
    indent: int | None,
    ascii_only: bool,
    tmp_path: Path,
) -> None:
    path = tmp_path / "people.json"
    items = [{**extra, **{k: v for k, v in row.items() if v}} for row in rows]
    path.write_text(json.dumps(items, indent=indent, ensure_ascii=ascii_only), encoding="utf-8")
    with fresh_itfriend() as services:
        assert import_contacts(services, path).created == len(rows)
        assert stored(services) == expected(rows, str.strip)


ROUND_TRIP_FIELDS = ("name", "email", "role", "department", "notes", "personal_notes")


def everything_stored(services: Services) -> list[tuple[str, ...]]:
    return sorted(tuple(p[key] or "" for key in ROUND_TRIP_FIELDS) for p in load_people(services))


@BOUNDED
@given(rows=people(), fmt=st.sampled_from(["csv", "vcard", "json"]))
def test_whatever_is_stored_exports_and_imports_back_unchanged(
    rows: list[dict[str, str]], fmt: str, tmp_path: Path
) -> None:
    """Issue 13: itfriend's own import reads its export back to the stored values, line ends of
    every kind included (given here to a one-line field too)."""
    path = tmp_path / f"people.{fmt}"
    with fresh_itfriend() as source, fresh_itfriend() as target:
        for row in rows:
            source.people.add(
                row["name"],
                email=row["email"],
                role=row["role"],
                department=row["notes"][:20],
                notes=row["notes"],
                personal_notes=row["notes"][::-1],
            )
        assert not any("\r" in "".join(person) for person in everything_stored(source))
        export_contacts(source, path, fmt)
        assert import_contacts(target, path).created == len(rows)
        assert everything_stored(target) == everything_stored(source)


_NASTY = [b'"', b"'", b",", b";", b"\t", b"\n", b"\r", b"\x00", b"\xff", b"\xe9", b"\xc3"]
_NASTY += [b"=", b"\\", b":", b"[", b"{", b"]", b"}", b" ", b"a", b"9" * 40, b"BEGIN:VCARD\r\n"]
MUTATIONS = st.lists(
    st.tuples(
        st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]), st.sampled_from(_NASTY)
    ),
    min_size=1,
    max_size=4,
)


def mutated(data: bytes, mutations: list[tuple[float, str, bytes]]) -> bytes:
    for where, how, piece in mutations:
        at = int(where * len(data))
        if how == "insert":
            data = data[:at] + piece + data[at:]
        elif how == "delete":
            data = data[:at] + data[at + len(piece) :]
        else:
            data = data[:at] + piece + data[at + len(piece) :]
    return data


def records_in(data: bytes, encoding: str, delimiter: str) -> int:
    """The non-blank records after the header, as a strict reader of the same text sees them."""
    text = data.decode(encoding).removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    return sum(1 for row in rows[1:] if "".join(row).strip())


def all_or_nothing(path: Path, check_success: Callable[[Any], int | None]) -> None:
    """Import ``path`` over a seeded database: refused and unchanged, or complete."""
    with fresh_itfriend(seeded=True) as services:
        before = dump(services)
        count = len(load_people(services))
        try:
            report = import_contacts(services, path)
        except ImportFileError as refused:
            assert "Traceback" not in str(refused)
            assert dump(services) == before
            return
        assert len(load_people(services)) == count + report.created
        records = check_success(report)
        if records is not None:
            assert report.created + report.updated == records


@BOUNDED
@given(rows=people(), delimiter=st.sampled_from([",", ";"]), mutations=MUTATIONS)
def test_a_mutated_csv_imports_all_its_records_or_nothing(
    rows: list[dict[str, str]], delimiter: str, mutations: Any, tmp_path: Path
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(FIELDS)
    writer.writerows([row[key] for key in FIELDS] for row in rows)
    data = mutated(out.getvalue().encode("utf-8"), mutations)
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    all_or_nothing(path, lambda report: records_in(data, report.encoding, report.delimiter))


@BOUNDED
@given(rows=people(), mutations=MUTATIONS)
def test_a_mutated_vcard_file_imports_all_or_nothing(
    rows: list[dict[str, str]], mutations: Any, tmp_path: Path
) -> None:
    path = tmp_path / "people.vcf"
    path.write_bytes(mutated(vcard_file(rows).encode("utf-8"), mutations))
    all_or_nothing(path, lambda report: None)


@BOUNDED
@given(rows=people(), mutations=MUTATIONS)
def test_a_mutated_json_file_imports_all_its_items_or_nothing(
    rows: list[dict[str, str]], mutations: Any, tmp_path: Path
) -> None:
    path = tmp_path / "people.json"
    data = mutated(json.dumps(rows).encode("utf-8"), mutations)
    path.write_bytes(data)
    all_or_nothing(path, lambda report: len(json.loads(data.decode(report.encoding))))
