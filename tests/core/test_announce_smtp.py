"""Announcements sent through a real SMTP server on loopback (aiosmtpd, started per test)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

import pytest

from itfriend.core.announcements import (
    AnnouncementService,
    AuthenticationError,
    Composition,
    DeliveryError,
    SmtpConfig,
    SmtpSender,
)
from itfriend.core.groups import GroupRule
from itfriend.core.people import PersonRow
from itfriend.core.services import Services
from tests.smtp_server import SmtpTestServer, smtp_server_fixture, smtp_ssl_server_fixture

__all__ = ["smtp_server_fixture", "smtp_ssl_server_fixture"]


def render(person: PersonRow | None, extra: Mapping[str, str]) -> tuple[str, str]:
    """A stand-in for a saved template: greets the person and names the system."""
    who = person.name.split()[0] if person else "everyone"
    return f"CRM maintenance {extra['day']}", f"Hello {who},\nthe CRM is down on {extra['day']}."


@pytest.fixture
def announce(services: Services) -> AnnouncementService:
    services.settings.update({"me.name": "Tess Tech", "me.email": "tess@example.org"})
    people = services.people
    people.add("Ann Able", email="ann@example.org", systems=["CRM"])
    people.add("Bob Baker", email="bob@example.org", systems=["CRM", "ERP"])
    people.add("Cat Cole", email="cat@example.org", systems=["CRM"])
    people.add("Dan Dune", systems=["CRM"])  # no email: skipped and reported
    people.add("Eve Elm", email="eve@example.org", systems=["ERP"])  # not a member
    services.groups.add("CRM users", GroupRule(systems=("CRM",)))
    return services.announcements


def compose(announce: AnnouncementService, bcc: bool = False) -> Composition:
    return announce.compose_with(
        "CRM users", render, {"day": "Friday"}, template_name="maintenance", bcc=bcc
    )


def sender_for(
    server: SmtpTestServer,
    security: str = "starttls",
    password: str | None = None,
    **options: object,
) -> SmtpSender:
    config = SmtpConfig(server.host, server.port, security, server.user)
    secret = server.password if password is None else password
    return SmtpSender(
        config,
        lambda: secret,
        ssl_context=server.client_context(),
        local_hostname="localhost",
        timeout=10,
        **options,
    )  # type: ignore[arg-type]


def test_only_members_receive_personal_messages_with_correct_headers(
    announce: AnnouncementService, smtp_server: SmtpTestServer, services: Services
) -> None:
    composition = compose(announce)
    assert [p.name for p in composition.skipped] == ["Dan Dune"]
    with sender_for(smtp_server) as smtp:
        report = announce.send_smtp(composition, smtp)
    received = smtp_server.handler.received
    assert sorted(r.rcpt_tos[0] for r in received) == [
        "ann@example.org",
        "bob@example.org",
        "cat@example.org",
    ]
    assert all(len(r.rcpt_tos) == 1 and r.mail_from == "tess@example.org" for r in received)
    assert smtp_server.handler.secure_sessions == 3  # STARTTLS with the test certificate
    stored = {r["email"]: r for r in announce.recipients(report.announcement_id)}
    for item in received:
        message = item.message
        ((to_name, to_addr),) = getaddresses([message["To"]])
        assert to_addr == item.rcpt_tos[0]
        assert message.get_content().startswith(f"Hello {to_name.split()[0]},")
        assert message["From"] == "Tess Tech <tess@example.org>"
        assert message["Subject"] == "CRM maintenance Friday"
        assert parsedate_to_datetime(message["Date"]) == services.clock.now()
        assert message["Message-ID"] == stored[to_addr]["message_id"]
        assert message["Bcc"] is None
    assert len({r.message["Message-ID"] for r in received}) == 3
    assert report.state == "sent" and report.skipped == ["Dan Dune"]
    assert sorted(report.sent) == ["ann@example.org", "bob@example.org", "cat@example.org"]


def test_bcc_mode_sends_one_message_without_recipients_in_headers(
    announce: AnnouncementService, smtp_server: SmtpTestServer
) -> None:
    with sender_for(smtp_server) as smtp:
        report = announce.send_smtp(compose(announce, bcc=True), smtp)
    (only,) = smtp_server.handler.received
    assert sorted(only.rcpt_tos) == ["ann@example.org", "bob@example.org", "cat@example.org"]
    raw = only.content.decode()
    assert "ann@example.org" not in raw and "bob@example.org" not in raw
    assert only.message["To"] == "Tess Tech <tess@example.org>"
    assert only.message["Bcc"] is None
    assert only.message.get_content().startswith("Hello everyone,")
    assert report.state == "sent" and len(report.sent) == 3


def test_implicit_tls(announce: AnnouncementService, smtp_ssl_server: SmtpTestServer) -> None:
    with sender_for(smtp_ssl_server, security="ssl") as smtp:
        report = announce.send_smtp(compose(announce), smtp)
    assert report.state == "sent" and len(smtp_ssl_server.handler.received) == 3
    assert smtp_ssl_server.handler.secure_sessions == 3


def test_untrusted_certificate_is_refused(
    announce: AnnouncementService, smtp_server: SmtpTestServer
) -> None:
    import ssl

    config = SmtpConfig(smtp_server.host, smtp_server.port, "starttls", smtp_server.user)
    sender = SmtpSender(
        config,
        lambda: smtp_server.password,
        ssl_context=ssl.create_default_context(),
        local_hostname="localhost",
        timeout=10,
    )
    with pytest.raises(DeliveryError, match="secure connection"):
        sender.connect()
    assert smtp_server.handler.received == []


def test_a_refused_recipient_does_not_stop_the_others(
    announce: AnnouncementService, smtp_server: SmtpTestServer
) -> None:
    smtp_server.handler.refuse = {"bob@example.org"}
    with sender_for(smtp_server) as smtp:
        report = announce.send_smtp(compose(announce), smtp)
    assert sorted(r.rcpt_tos[0] for r in smtp_server.handler.received) == [
        "ann@example.org",
        "cat@example.org",
    ]
    assert report.state == "partial"
    assert report.failed == [("bob@example.org", "550 5.1.1 no such mailbox here")]
    statuses = {
        r["email"]: (r["status"], r["error"]) for r in announce.recipients(report.announcement_id)
    }
    assert statuses["bob@example.org"] == ("failed", "550 5.1.1 no such mailbox here")
    assert statuses["ann@example.org"] == ("sent", "")


def test_wrong_password_gives_a_clear_error_without_the_password(
    announce: AnnouncementService, smtp_server: SmtpTestServer
) -> None:
    wrong = "wrong-" + smtp_server.password
    with pytest.raises(AuthenticationError) as caught:
        sender_for(smtp_server, password=wrong).connect()
    text = str(caught.value)
    assert "the SMTP server refused the user name or password" in text
    assert wrong not in text and smtp_server.password not in text
    assert caught.value.__cause__ is None  # smtplib's exception (with the exchange) not chained
    assert smtp_server.handler.received == []


def test_missing_password_says_how_to_store_it(smtp_server: SmtpTestServer) -> None:
    config = SmtpConfig(smtp_server.host, smtp_server.port, "starttls", smtp_server.user)
    sender = SmtpSender(
        config,
        lambda: None,
        ssl_context=smtp_server.client_context(),
        local_hostname="localhost",
        timeout=10,
    )
    with pytest.raises(DeliveryError, match="itfriend secret set smtp"):
        sender.connect()


def test_a_dropped_connection_is_retried_and_nothing_is_sent_twice(
    announce: AnnouncementService, smtp_server: SmtpTestServer
) -> None:
    smtp_server.handler.drop_before_message = 1
    with sender_for(smtp_server) as smtp:
        report = announce.send_smtp(compose(announce), smtp)
        assert smtp.connections == 2
    assert smtp_server.handler.drops == 1
    addresses = [r.rcpt_tos[0] for r in smtp_server.handler.received]
    assert sorted(addresses) == ["ann@example.org", "bob@example.org", "cat@example.org"]
    assert report.state == "sent"


def test_resuming_a_send_that_lost_its_connection_skips_those_already_sent(
    announce: AnnouncementService, smtp_server: SmtpTestServer, services: Services
) -> None:
    smtp_server.handler.drop_before_message = 1
    with sender_for(smtp_server, max_attempts=1) as smtp:
        first = announce.send_smtp(compose(announce), smtp)
    assert first.state == "partial" and "kept dropping" in first.error
    assert first.sent == ["ann@example.org"]
    assert first.pending == ["bob@example.org", "cat@example.org"]
    ids_before = {r["email"]: r["message_id"] for r in announce.recipients(first.announcement_id)}

    with sender_for(smtp_server) as smtp:
        second = announce.send_smtp(compose(announce), smtp, resume=first.announcement_id)
    assert second.announcement_id == first.announcement_id and second.state == "sent"
    assert second.already_sent == ["ann@example.org"]
    addresses = [r.rcpt_tos[0] for r in smtp_server.handler.received]
    assert sorted(addresses) == ["ann@example.org", "bob@example.org", "cat@example.org"]
    by_address = {r.rcpt_tos[0]: r.message["Message-ID"] for r in smtp_server.handler.received}
    assert by_address == {k: v for k, v in ids_before.items()}
    history = announce.history("CRM users")
    assert len(history) == 1 and (history[0].sent, history[0].pending) == (3, 0)


def test_login_without_tls_is_refused_with_advice(smtp_server: SmtpTestServer) -> None:
    with pytest.raises(DeliveryError, match=r"check smtp\.security"):
        sender_for(smtp_server, security="none").connect()


def test_password_is_nowhere_in_data_folder_or_logs(
    announce: AnnouncementService,
    smtp_server: SmtpTestServer,
    itfriend_home: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    smtp_server.handler.drop_before_message = 1  # counts accepted messages: before Cat's
    smtp_server.handler.refuse = {"ann@example.org"}
    with sender_for(smtp_server) as smtp:
        announce.send_smtp(compose(announce), smtp)
    with pytest.raises(AuthenticationError):
        sender_for(smtp_server, password="not-" + smtp_server.password).connect()
    secret = smtp_server.password.encode()
    files = [p for p in itfriend_home.rglob("*") if p.is_file()]
    assert files, "the data folder should hold the database at least"
    for path in files:
        assert secret not in path.read_bytes(), path
    captured = capsys.readouterr()
    assert smtp_server.password not in caplog.text + captured.out + captured.err
    assert "reconnecting" in caplog.text  # the logs were really captured
