import json
from pathlib import Path

import pytest

from itfriend.core.errors import ValidationError
from itfriend.core.settings import FILE_PROBLEM, SETTINGS, Settings


def test_defaults_then_saved_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(path)
    assert settings.get("contact.cadence_days") == 30
    settings.set_text("contact.cadence_days", "21")
    settings.set_text("me.signature", "Sam\\nIT desk")
    assert Settings(path).get("contact.cadence_days") == 21
    assert Settings(path).get("me.signature") == "Sam\nIT desk"
    assert json.loads(path.read_text())["contact.cadence_days"] == 21


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("contact.cadence_days", "soon", "whole number"),
        ("contact.cadence_days", "0", "at least 1"),
        ("smtp.security", "tls", "one of"),
        ("reminders.digest_time", "25:00", "24-hour"),
        ("work.days", "monday", "mon,tue"),
        ("notifications.enabled", "perhaps", "yes or no"),
        ("me.email", "me at work", "not an email"),
        ("no.such.key", "1", "no setting"),
        ("smtp.password", "hunter2", "keyring"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    tmp_path: Path, key: str, text: str, message: str
) -> None:
    path = tmp_path / "settings.json"
    with pytest.raises(ValidationError, match=message):
        Settings(path).set_text(key, text)
    assert not path.exists()


def test_update_is_all_or_nothing(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    with pytest.raises(ValidationError):
        settings.update({"me.name": "Sam", "contact.cadence_days": -1})
    assert settings.get("me.name") == ""


def test_a_damaged_file_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert Settings(path).get("contact.cadence_days") == 30
    path.write_text(json.dumps({"contact.cadence_days": "x", "me.name": "Sam"}))
    settings = Settings(path)
    assert settings.get("contact.cadence_days") == 30 and settings.get("me.name") == "Sam"


@pytest.mark.parametrize("damaged", [b'{"me.name": "Sam",', b"[1, 2]", b"\xff\xfe{}"])
def test_a_damaged_file_is_told_and_kept_aside_when_settings_are_saved(
    tmp_path: Path, damaged: bytes
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(damaged)
    settings = Settings(path)
    told = settings.problems[FILE_PROBLEM]
    assert "is not valid" in told and "settings.json.damaged" in told
    assert settings.get("me.name") == ""
    settings.set("me.name", "Alex")
    # What the technician had is kept byte for byte; the new file holds the new value.
    assert (tmp_path / "settings.json.damaged").read_bytes() == damaged
    assert json.loads(path.read_text(encoding="utf-8")) == {"me.name": "Alex"}
    assert FILE_PROBLEM not in settings.problems
    assert FILE_PROBLEM not in Settings(path).problems


def test_a_damaged_file_names_where_it_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{\n  "me.name": "Sam"\n  "me.email": "s@x.org"\n}\n', encoding="utf-8")
    assert "line 3, column 3" in Settings(path).problems[FILE_PROBLEM]


def test_no_declared_setting_is_a_secret() -> None:
    for setting in SETTINGS:
        assert "password" not in setting.key and "secret" not in setting.key


def test_a_stored_value_past_a_newer_limit_is_told_not_used_and_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A signature saved under an older, longer limit (or by hand): the default is used, the
    technician is told in one line, and the value is not lost when another setting is saved."""
    path = tmp_path / "settings.json"
    signature = "Sam, IT desk " * 500  # 6,500 characters; the limit is 5,000
    path.write_text(json.dumps({"me.signature": signature, "x.newer": [1], "me.name": "Sam"}))

    with caplog.at_level("WARNING", logger="itfriend.core.settings"):
        settings = Settings(path)
    assert settings.get("me.signature") == "" and settings.get("me.name") == "Sam"
    [problem] = settings.problems.values()
    assert list(settings.problems) == ["me.signature"]
    assert "me.signature is too long (6,500 characters, at most 5,000)" in problem
    assert "uses the default until you set me.signature again" in problem and "\n" not in problem
    assert "IT desk" not in problem
    assert [r.getMessage() for r in caplog.records] == [problem]

    settings.set_text("me.name", "Kim")  # another setting: the stored signature stays
    assert json.loads(path.read_text()) == {
        "me.signature": signature,
        "x.newer": [1],
        "me.name": "Kim",
    }
    assert Settings(path).problems == {"me.signature": problem}

    settings.set_text("me.signature", "Kim\\nIT desk")  # set again: replaced, nothing to tell
    assert settings.problems == {} and Settings(path).problems == {}
    assert json.loads(path.read_text())["me.signature"] == "Kim\nIT desk"
    assert json.loads(path.read_text())["x.newer"] == [1]
