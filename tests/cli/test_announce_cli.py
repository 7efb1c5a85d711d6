"""``itfriend announce``: preview, cadence refusal, SMTP through a real loopback server, .eml."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.desktop import dbus_session, unlocked_keyring, x_display
from tests.smtp_server import SmtpTestServer, smtp_server_fixture

# Fixtures are found by name in the module: the loopback SMTP server, and for the desktop test
# the private D-Bus session with an unlocked gnome-keyring.
__all__ = ["dbus_session", "smtp_server_fixture", "unlocked_keyring", "x_display"]

MAINT = (
    "--template",
    "maint",
    "--set",
    "system=CRM",
    "--set",
    "start=2026-03-06",
    "--set",
    "end=2099-03-07 18:00",
)


@pytest.fixture
def group(cli: CliRunner) -> None:
    for args in (
        ("me.name", "Tess Tech"),
        ("me.email", "tess@example.org"),
        ("me.phone", "555-0100"),
        ("announce.monthly_limit", "2"),
    ):
        assert cli("settings", "set", *args).code == 0
    for name, email in (
        ("Ann Able", "ann@example.org"),
        ("Bob Baker", "bob@example.org"),
        ("Dan Dune", ""),
    ):
        extra = ("--email", email) if email else ()
        assert cli("people", "add", name, "--system", "CRM", *extra).code == 0
    assert cli("people", "add", "Eve Elm", "--email", "eve@example.org").code == 0
    assert cli("groups", "add", "CRM users", "--system", "CRM").code == 0


def test_dry_run_shows_each_message_and_sends_nothing(cli: CliRunner, group: None) -> None:
    result = cli("announce", "CRM users", *MAINT, "--dry-run")
    assert result.code == 0, result.err
    assert "To CRM users: 2 recipients" in result.out
    assert "Hi Ann," in result.out and "Hi Bob," in result.out
    assert "skipped: Dan Dune (no email address)" in result.out
    assert "eve@example.org" not in result.out
    assert "Nothing was sent" in result.out
    assert json.loads(cli("groups", "show", "CRM users", "--json").out)[0]["history"] == []


def test_missing_values_are_named(cli: CliRunner, group: None) -> None:
    result = cli("announce", "CRM users", "--template", "maint", "--set", "system=CRM")
    assert result.code == 1 and "start" in result.err and "end" in result.err


def test_eml_then_cadence_refusal_then_force(cli: CliRunner, group: None, tmp_path: Path) -> None:
    for _ in range(2):
        assert cli("announce", "CRM users", *MAINT, "--eml", str(tmp_path / "out")).code == 0
    assert len(list((tmp_path / "out").glob("*.eml"))) == 4
    refused = cli("announce", "CRM users", *MAINT, "--eml", str(tmp_path / "more"))
    assert refused.code == 1
    assert "Not sent" in refused.out and "limit of 2" in refused.out and "--force" in refused.out
    assert not (tmp_path / "more").exists()
    forced = cli("announce", "CRM users", *MAINT, "--eml", str(tmp_path / "more"), "--force")
    assert forced.code == 0 and len(list((tmp_path / "more").glob("*.eml"))) == 2
    history = json.loads(cli("groups", "show", "CRM users", "--json").out)[0]["history"]
    assert [h["delivery"] for h in history] == ["eml", "eml", "eml"]


def test_eml_drafts_never_write_through_a_link_in_the_folder(
    cli: CliRunner, group: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert cli("announce", "CRM users", *MAINT, "--eml", str(out)).code == 0
    names = sorted(p.name for p in out.iterdir())
    elsewhere = tmp_path / "elsewhere"
    for p in out.iterdir():
        p.unlink()
    for name in names:
        (out / name).symlink_to(elsewhere / name)  # dangling: a draft must not create these
    elsewhere.mkdir()

    assert cli("announce", "CRM users", *MAINT, "--eml", str(out), "--force").code == 0
    assert list(elsewhere.iterdir()) == []
    drafts = [p for p in out.iterdir() if not p.is_symlink()]
    assert len(drafts) == len(names) and all(p.name not in names for p in drafts)


def test_mailto_prints_a_bcc_link(cli: CliRunner, group: None) -> None:
    result = cli("announce", "CRM users", *MAINT, "--mailto")
    assert result.code == 0, result.err
    assert result.out.startswith("mailto:tess@example.org?bcc=ann@example.org,bob@example.org&")


def test_send_by_smtp_with_password_from_keyring_lookup(
    cli: CliRunner,
    group: None,
    smtp_server: SmtpTestServer,
    monkeypatch: pytest.MonkeyPatch,
    itfriend_home: Path,
) -> None:
    # The keyring itself is replaced here by the lookup the CLI calls; the password is still
    # only handed over at login and must not end up anywhere in the data folder.
    monkeypatch.setattr("itfriend.cli.announce.smtp_password", lambda: smtp_server.password)
    for key, value in (
        ("smtp.host", smtp_server.host),
        ("smtp.port", str(smtp_server.port)),
        ("smtp.security", "starttls"),
        ("smtp.user", smtp_server.user),
    ):
        assert cli("settings", "set", key, value).code == 0
    result = cli(
        "announce",
        "CRM users",
        *MAINT,
        "--send",
        "--back-up-at",
        "end",
        "--ca-file",
        str(smtp_server.certificate.ca_file),
    )
    assert result.code == 0, result.err + result.out
    assert "Sent to 2 recipients" in result.out and "Reminder set" in result.out
    assert sorted(r.rcpt_tos[0] for r in smtp_server.handler.received) == [
        "ann@example.org",
        "bob@example.org",
    ]
    history = json.loads(cli("groups", "show", "CRM users", "--json").out)[0]["history"]
    assert history[0]["state"] == "sent" and history[0]["follow_up_template"] == "System back up"
    assert history[0]["follow_up_at"].startswith("2099-03-07T18:00")
    for path in itfriend_home.rglob("*"):
        if path.is_file():
            assert smtp_server.password.encode() not in path.read_bytes()


def test_wrong_password_is_a_clear_error(
    cli: CliRunner, group: None, smtp_server: SmtpTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "itfriend.cli.announce.smtp_password", lambda: "nope-" + smtp_server.password
    )
    for key, value in (
        ("smtp.host", smtp_server.host),
        ("smtp.port", str(smtp_server.port)),
        ("smtp.user", smtp_server.user),
    ):
        cli("settings", "set", key, value)
    result = cli(
        "announce", "CRM users", *MAINT, "--send", "--ca-file", str(smtp_server.certificate.ca_file)
    )
    assert result.code == 1
    assert "the SMTP server refused the user name or password" in result.err
    assert smtp_server.password not in result.err + result.out
    assert "Traceback" not in result.err and smtp_server.handler.received == []


@pytest.mark.desktop
def test_send_with_the_password_from_the_real_keyring(
    cli: CliRunner,
    group: None,
    smtp_server: SmtpTestServer,
    unlocked_keyring: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    itfriend_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The password goes through gnome-keyring (Secret Service on a private bus) only."""
    caplog.set_level(logging.DEBUG)
    for key in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.setenv(key, unlocked_keyring[key])
    stored = cli("secret", "set", "smtp", stdin=smtp_server.password + "\n")
    assert stored.code == 0, stored.err
    for key, value in (
        ("smtp.host", smtp_server.host),
        ("smtp.port", str(smtp_server.port)),
        ("smtp.user", smtp_server.user),
    ):
        cli("settings", "set", key, value)
    result = cli(
        "announce",
        "CRM users",
        *MAINT,
        "--send",
        "--bcc",
        "--ca-file",
        str(smtp_server.certificate.ca_file),
    )
    assert result.code == 0, result.err + result.out
    (only,) = smtp_server.handler.received
    assert sorted(only.rcpt_tos) == ["ann@example.org", "bob@example.org"]
    secret = smtp_server.password
    assert secret not in stored.out + stored.err + result.out + result.err + caplog.text
    for path in itfriend_home.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_eml_stopped_by_a_full_disk_records_only_the_drafts_written(
    cli: CliRunner, group: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from itfriend.core.announcements import mime

    write_before = mime.write_bytes_atomically
    calls: list[Path] = []

    def disk_full_after_the_first(target: Path, data: bytes, **options: bool) -> None:
        calls.append(target)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        write_before(target, data, **options)

    monkeypatch.setattr(mime, "write_bytes_atomically", disk_full_after_the_first)
    out = tmp_path / "out"
    result = cli("announce", "CRM users", *MAINT, "--eml", str(out))
    assert result.code == 1
    assert "Prepared for 1 recipient (" in result.out and "partial" in result.out
    assert "no draft saved: bob@example.org" in result.out
    assert "Stopped: could not save the message in" in result.out
    assert "No space left on device" in result.out and "--resume" not in result.out
    assert [p.name for p in out.iterdir()] == ["001-Ann-Able.eml"]
    history = json.loads(cli("groups", "show", "CRM users", "--json").out)[0]["history"]
    assert [(h["state"], h["sent"], h["failed"]) for h in history] == [("partial", 1, 1)]
