"""Bad contacts files are rejected whole, with a message saying what to fix; nothing is written."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from itfriend.core.contacts_io import import_contacts
from itfriend.core.errors import ImportFileError
from itfriend.core.services import Services

HEADER = "name,email,birthday,cadence_days,notes\n"


def db_state(services: Services) -> list[tuple[object, ...]]:
    """Every row of the tables an import writes, to compare before and after."""
    with services.db.engine.connect() as connection:
        return [
            tuple(row)
            for table in ("people", "systems", "person_systems")
            for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
        ]


@pytest.fixture
def seeded(services: Services) -> Iterator[Services]:
    services.people.add("Existing Person", email="existing@example.org", systems=["VPN"])
    yield services


def rejected(services: Services, path: Path, **options: object) -> ImportFileError:
    """Import ``path`` expecting ImportFileError; check that the database did not change."""
    before = db_state(services)
    with pytest.raises(ImportFileError) as caught:
        import_contacts(services, path, **options)  # type: ignore[arg-type]
    assert db_state(services) == before
    assert "Traceback" not in str(caught.value)
    return caught.value


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    return path


def test_each_bad_row_is_listed_by_its_line(seeded: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.csv",
        HEADER
        + "Good One,good@example.org,1980-01-02,30,fine\n"
        + 'Also Good,also@example.org,,,"a note\nover two lines"\n'
        + "Bad Mail,not-an-email,,,\n"
        + "Bad Day,day@example.org,31/31/1999,,\n"
        + ",noname@example.org,,,\n"
        + "Bad Cadence,cadence@example.org,,weekly,\n"
        + "Update Me,EXISTING@example.org,,,\n",
    )
    error = rejected(seeded, path)
    assert "4 bad entries; nothing was imported" in str(error)
    assert error.problems == [
        "line 5: 'not-an-email' is not an email address",  # the note above spans lines 3-4
        "line 6: birthday '31/31/1999' is not a date (use YYYY-MM-DD)",
        "line 7: a person needs a name",
        "line 8: cadence must be a number of days, not 'weekly'",
    ]


def test_the_same_email_twice_in_a_file_is_reported(seeded: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "twice.csv",
        HEADER
        + "One,same@example.org,,,\n"
        + "Two,other@example.org,,,\n"
        + "Three,SAME@example.org,,,\n",
    )
    error = rejected(seeded, path)
    assert error.problems == [
        "line 4: same@example.org is also on line 2 (each person once per file)"
    ]


def test_dry_run_reports_and_writes_nothing(seeded: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.csv",
        HEADER + "New Person,new@example.org,,,\n" + "Existing Renamed,existing@example.org,,,\n",
    )
    before = db_state(seeded)
    report = import_contacts(seeded, path, dry_run=True)
    assert (report.created, report.updated, report.dry_run) == (1, 1, True)
    assert "would add 1 person and update 1" in report.summary()
    assert db_state(seeded) == before


def test_bytes_no_encoding_can_read(seeded: Services, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    # 0x81 is undefined in cp1252, which the named encoding is.
    path.write_bytes(HEADER.encode() + b"Ren\x81e,renee@example.org,,,\n")
    message = str(rejected(seeded, path, encoding="cp1252"))
    assert "broken.csv is not cp1252: byte 0x81 at line 2, column 4 cannot be decoded" in message
    assert "pass --encoding with the file's encoding" in message


def test_utf16_without_byte_order_mark(seeded: Services, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes((HEADER + "Ann,ann@example.org,,,\n").encode("utf-16-le"))
    message = str(rejected(seeded, path))
    assert "wide.csv has a NUL character at line 1, column 2 (perhaps it is UTF-16" in message


def test_a_nul_character_is_refused_where_it_is(seeded: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "nul.csv", HEADER + "Ann,ann@example.org,,,\nBo\x00b,b@example.org,,,\n")
    assert "nul.csv has a NUL character at line 3, column 3" in str(rejected(seeded, path))


def test_unknown_encoding_name(seeded: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "people.csv", HEADER + "Ann,ann@example.org,,,\n")
    assert "is not a text encoding" in str(rejected(seeded, path, encoding="klingon"))


def test_missing_name_column(seeded: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "people.csv", "email,phone\nann@example.org,555\n")
    assert str(rejected(seeded, path)) == (
        "people.csv has no name column: found the columns 'email', 'phone'; expected one of "
        "'name', 'full name', 'display name', 'first name', 'given name', 'last name', "
        "'family name' (in any case; Outlook's 'First Name' and 'Last Name' and Google's "
        "'Given Name' and 'Family Name' will do)"
    )


def test_a_wide_header_without_a_name_is_listed_shortly(seeded: Services, tmp_path: Path) -> None:
    header = ",".join(f"col{n}" for n in range(20))
    path = write(tmp_path, "wide.csv", header + "\n" + "x," * 19 + "x\n")
    assert "found the columns 'col0', 'col1', " in str(rejected(seeded, path))
    assert "'col11' and 8 more; expected one of 'name'" in str(rejected(seeded, path))


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file(seeded: Services, tmp_path: Path, content: str) -> None:
    assert "is empty" in str(rejected(seeded, write(tmp_path, "empty.csv", content)))


def test_header_without_rows(seeded: Services, tmp_path: Path) -> None:
    message = str(rejected(seeded, write(tmp_path, "header.csv", HEADER)))
    assert message == (
        "header.csv has a header row but no contacts: found the columns 'name', 'email', "
        "'birthday', 'cadence_days', 'notes' (itfriend reads name, email, notes, birthday, "
        "cadence_days from them); expected one row per person below the header"
    )


def test_an_outlook_header_without_rows(seeded: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "outlook.csv", "First Name;Last Name;E-mail Address\n\n")
    assert "found the columns 'First Name', 'Last Name', 'E-mail Address' (itfriend reads " in (
        str(rejected(seeded, path))
    )


def test_missing_file(seeded: Services, tmp_path: Path) -> None:
    assert "there is no file" in str(rejected(seeded, tmp_path / "nope.csv"))


def test_field_over_the_people_limit(seeded: Services, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "email", "notes"])
        writer.writerow(["Ok", "ok@example.org", "short"])
        writer.writerow(["Long Notes", "long@example.org", "x" * 20_001])
        writer.writerow(["N" * 201, "longname@example.org", ""])
    error = rejected(seeded, path)
    assert error.problems == [
        "line 3: notes is too long (20001 characters, at most 20000)",
        "line 4: name is too long (201 characters, at most 200)",
    ]


def test_field_over_the_csv_limit(seeded: Services, tmp_path: Path) -> None:
    path = write(tmp_path, "huge.csv", 'name,notes\nOk,"fine"\nHuge,"' + "y" * 200_000 + '"\n')
    message = str(rejected(seeded, path))
    assert "at line 3" in message and "longer than 131,072 characters" in message


def test_overlong_email_and_system_name(seeded: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.csv",
        "name,email,systems\n"
        + f"Long Mail,{'a' * 320}@example.org,\n"
        + f"Long System,sys@example.org,SAP; {'S' * 201}\n",
    )
    error = rejected(seeded, path)
    assert [p.split(":")[0] for p in error.problems] == ["line 2", "line 3"]
    assert "email is too long" in error.problems[0]
    assert "system name" in error.problems[1]


VCARD_OK = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fine Person\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "VERSION:3.0\r\nFN:No Begin\r\nEND:VCARD\r\n",
            "line 1: 'VERSION:3.0' is outside BEGIN:VCARD ... END:VCARD",
        ),
        (
            "FN:No Begin\r\nEND:VCARD\r\n" + VCARD_OK,
            "line 1: 'FN:No Begin' is outside BEGIN:VCARD ... END:VCARD",
        ),
        (
            VCARD_OK + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No End\r\n",
            "line 5: the card that starts here has no END:VCARD",
        ),
        (
            VCARD_OK + "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:nameless@example.org\r\nEND:VCARD\r\n",
            "line 5: the card that starts here has no name (no FN or N line)",
        ),
        (
            VCARD_OK + "BEGIN:VCARD\r\nFN:Broken\r\nthis line has no colon\r\nEND:VCARD\r\n",
            "line 7: 'this line has no colon' is not a vCard line (NAME:value)",
        ),
    ],
)
def test_malformed_vcard(seeded: Services, tmp_path: Path, content: str, problem: str) -> None:
    error = rejected(seeded, write(tmp_path, "cards.vcf", content))
    assert "is not a valid vCard file; nothing was imported" in str(error)
    assert error.problems[0] == problem


def test_vcard_with_a_bad_value_is_rejected_by_card(seeded: Services, tmp_path: Path) -> None:
    content = VCARD_OK + "BEGIN:VCARD\r\nFN:Bad Mail\r\nEMAIL:nope\r\nEND:VCARD\r\n"
    error = rejected(seeded, write(tmp_path, "cards.vcf", content))
    assert error.problems == ["card at line 5: 'nope' is not an email address"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"name": "x"}', "must hold a JSON array"),
        ("[]", "empty list"),
        ('[{"name": "Ok"}, 3]', "item 2: not an object"),
        ('[{"name": "Ok", "email": "bad"}]', "item 1: 'bad' is not an email address"),
    ],
)
def test_bad_json(seeded: Services, tmp_path: Path, content: str, message: str) -> None:
    assert message in str(rejected(seeded, write(tmp_path, "people.json", content)))


def test_a_card_without_begin_reports_every_stray_line(seeded: Services, tmp_path: Path) -> None:
    content = "VERSION:3.0\r\nFN:No Begin\r\nEND:VCARD\r\n" + VCARD_OK
    error = rejected(seeded, write(tmp_path, "cards.vcf", content))
    assert error.problems == [
        "line 1: 'VERSION:3.0' is outside BEGIN:VCARD ... END:VCARD",
        "line 2: 'FN:No Begin' is outside BEGIN:VCARD ... END:VCARD",
        "line 3: END:VCARD without a BEGIN:VCARD before it",
    ]


def test_a_long_list_of_problems_is_cut_short(seeded: Services, tmp_path: Path) -> None:
    rows = "".join(f"Person {n},bad-{n},,,\n" for n in range(80))
    error = rejected(seeded, write(tmp_path, "many.csv", HEADER + rows))
    assert "80 bad entries" in str(error)
    assert len(error.problems) == 51 and error.problems[-1] == "... and 30 more"


def test_a_file_too_big_to_read_at_once(
    seeded: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itfriend.core.contacts_io import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1_000_000)
    path = write(tmp_path, "big.csv", HEADER + "Ann,ann@example.org,,,\n" * 50_000)
    assert "split it into smaller files" in str(rejected(seeded, path))


@pytest.mark.parametrize("kind", ["fifo", "device", "link to a device"])
def test_only_regular_files_are_read(seeded: Services, tmp_path: Path, kind: str) -> None:
    # A FIFO blocks on opening and /dev/zero has no end: both are refused from their stat.
    path = tmp_path / "p.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path.symlink_to("/dev/zero")
    assert "is not a contacts file but a pipe, device or socket" in str(rejected(seeded, path))


def test_a_file_that_grows_past_its_stat_is_read_no_further(
    seeded: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itfriend.core.contacts_io import reading

    path = write(tmp_path, "grows.csv", HEADER + "Ann,ann@example.org,,,\n" * 100)
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1_000)
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: bool) -> os.stat_result:
        found = real_stat(self, **kwargs)
        return os.stat_result((*found[:6], 10, *found[7:]))  # st_size says 10 bytes

    monkeypatch.setattr(Path, "stat", small_stat)
    assert "split it into smaller files" in str(rejected(seeded, path))


@pytest.mark.parametrize("name", ["people.csv", "people.vcf"])
def test_a_byte_order_mark_inside_a_file_is_dropped(
    services: Services, tmp_path: Path, name: str
) -> None:
    # Two files joined: the second one's mark would make "Bob Roe" a second, identical name.
    services.people.add("Bob Roe")
    if name.endswith(".csv"):
        content = "name,email\r\nAnn,a@x.org\r\n\ufeffBob Roe,\r\n"
    else:
        content = (
            "BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n\ufeffBEGIN:VCARD\r\nFN:Bob Roe\r\nEND:VCARD\r\n"
        )
    report = import_contacts(services, write(tmp_path, name, content))
    assert (report.created, report.updated) == (1, 1)
    assert sorted(p.name for p in services.people.list()) == ["Ann", "Bob Roe"]
