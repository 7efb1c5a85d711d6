"""``itfriend import`` and ``itfriend export``: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRunner

DATA = Path(__file__).parent.parent / "data" / "contacts"


def people_json(cli: CliRunner) -> list[dict[str, object]]:
    result = cli("people", "list", "--json")
    assert result.code == 0, result.err
    data: list[dict[str, object]] = json.loads(result.out)
    return data


def test_import_then_list(cli: CliRunner) -> None:
    result = cli("import", str(DATA / "outlook.csv"))
    assert (result.code, result.err) == (0, "")
    assert result.out.strip() == (
        "Added 4 people and updated 0. Read as UTF-8 with a byte-order mark, separated by commas."
    )
    assert len(people_json(cli)) == 4


def test_import_warnings_go_to_stderr(cli: CliRunner) -> None:
    result = cli("import", str(DATA / "contacts_v4.vcf"))
    assert result.code == 0
    assert "Added 2 people" in result.out
    assert "itfriend: warning: card at line 1: birthday '--0412' has no year" in result.err


def test_dry_run_writes_nothing(cli: CliRunner) -> None:
    result = cli("import", str(DATA / "google.csv"), "--dry-run")
    assert result.code == 0
    assert "Dry run: would add 3 people and update 0; nothing was written." in result.out
    assert people_json(cli) == []


def test_import_json_output(cli: CliRunner) -> None:
    cli("import", str(DATA / "google_new.csv"))
    result = cli("import", str(DATA / "google_new.csv"), "--json")
    assert result.code == 0
    assert json.loads(result.out) == [
        {
            "created": 0,
            "updated": 2,
            "dry_run": False,
            "warnings": [],
            "encoding": "utf-8",
            "delimiter": ",",
        }
    ]


def test_bad_file_exits_1_with_the_problems_and_no_traceback(
    cli: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nGood,good@example.org\nBad,nope\n", encoding="utf-8")
    result = cli("import", str(bad))
    assert result.code == 1 and result.out == ""
    assert result.err == (
        "itfriend: bad.csv has 1 bad entry; nothing was imported. Fix these and import again:\n"
        "  line 3: 'nope' is not an email address\n"
    )
    assert people_json(cli) == []


def test_a_windows_encoding_needs_no_option_and_is_named(cli: CliRunner, tmp_path: Path) -> None:
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes("name;department\nJosé Núñez;Diseño\n".encode("cp1252"))
    result = cli("import", str(ansi))
    assert (result.code, result.err) == (0, "")
    assert result.out.strip() == (
        "Added 1 person and updated 0. Read as cp1252, separated by semicolons."
    )
    assert [(p["name"], p["department"]) for p in people_json(cli)] == [("José Núñez", "Diseño")]


def test_the_encoding_can_still_be_named(cli: CliRunner, tmp_path: Path) -> None:
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes("name\nJosé\n".encode("cp1252"))
    result = cli("import", str(ansi), "--encoding", "utf-8")
    assert result.code == 1 and "Traceback" not in result.err
    assert "ansi.csv is not UTF-8: byte 0xe9 at line 2, column 4" in result.err
    result = cli("import", str(ansi), "--encoding", "latin-1")
    assert result.code == 0 and "Read as latin-1, separated by commas." in result.out
    assert [p["name"] for p in people_json(cli)] == ["José"]


def test_missing_file(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "nope.vcf"))
    assert result.code == 1 and "there is no file" in result.err


def test_export_each_format(cli: CliRunner, tmp_path: Path) -> None:
    cli("import", str(DATA / "contacts_v3.vcf"))
    for name in ("out.csv", "out.vcf", "out.json"):
        result = cli("export", str(tmp_path / name))
        assert result.code == 0, result.err
        assert result.out.strip() == f"Exported 3 people to {tmp_path / name}"
    assert json.loads((tmp_path / "out.json").read_text())[0]["name"] == "Chinwe Adaeze Okafor"
    result = cli("export", str(tmp_path / "people.dat"), "--format", "vcard", "--json")
    assert json.loads(result.out) == [{"exported": 3, "file": str(tmp_path / "people.dat")}]
    assert (tmp_path / "people.dat").read_text().startswith("BEGIN:VCARD")


def test_export_without_a_known_extension(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("export", str(tmp_path / "people.txt"))
    assert result.code == 1
    assert "pass --format csv, vcard or json" in result.err
    assert not (tmp_path / "people.txt").exists()


def test_export_rejects_an_unknown_format(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("export", str(tmp_path / "p.csv"), "--format", "xml")
    assert result.code == 2 and "invalid choice" in result.err


def test_a_file_name_too_long_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    for command in (["export"], ["templates", "export", "vm"]):
        result = cli(*command, str(tmp_path / ("a" * 100_000 + ".csv")))
        assert result.code == 1, (command, result.err[:300])
        assert len(result.err.splitlines()) == 1 and len(result.err) < 400, command
        assert "File name too long" in result.err and "unexpected" not in result.err, command


def test_ctrl_c_during_a_big_import_is_interrupted_and_writes_nothing(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl+C lands inside SQLite's insert, which makes SQLAlchemy invalidate the connection;
    # enough people for the bulk path, whose bigger cache is then given back.
    from sqlalchemy.engine.default import DefaultDialect

    def interrupted(self: DefaultDialect, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PEOPLE"):
            raise KeyboardInterrupt
        original = real_many if args and isinstance(args[0], list) else real_one
        original(self, cursor, statement, *args)  # type: ignore[arg-type]

    real_one, real_many = DefaultDialect.do_execute, DefaultDialect.do_executemany
    path = tmp_path / "big.csv"
    rows = "".join(f"Person {n},p{n}@example.org\n" for n in range(6_000))
    path.write_text("name,email\n" + rows, encoding="utf-8")
    # A context of its own: undoing the test's monkeypatch would also drop ITFRIEND_HOME, and
    # the check below would then read the real user's database.
    with monkeypatch.context() as patched:
        patched.setattr(DefaultDialect, "do_execute", interrupted)
        patched.setattr(DefaultDialect, "do_executemany", interrupted)
        result = cli("import", str(path))
    assert (result.code, result.err.strip()) == (130, "itfriend: interrupted")
    assert people_json(cli) == []
