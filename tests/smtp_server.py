"""A real SMTP server on loopback for tests: aiosmtpd with login, STARTTLS and a test certificate.

The server accepts one user name and password (AUTH PLAIN and LOGIN), records every envelope, can
refuse given recipients with 550, and can drop the connection before a given message to test that
the client reconnects. Its certificate is made for each test session by a throw-away authority
that only the test's SSL context trusts; nothing disables certificate checks.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"
USER = "tech@example.org"


@dataclass(frozen=True)
class TestCertificate:
    cert_file: Path
    key_file: Path
    ca_file: Path


def make_test_certificate(folder: Path) -> TestCertificate:
    """A certificate authority and a server certificate for 127.0.0.1 and localhost."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "itfriend test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    result = TestCertificate(folder / "server.pem", folder / "server.key", folder / "ca.pem")
    result.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    result.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    result.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return result


@dataclass
class Received:
    """One message as the server got it: envelope and parsed content."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class RecordingHandler:
    """Records envelopes; refuses listed recipients; can drop the connection once."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    # Drop the connection when the message with this (0-based) number begins, once.
    drop_before_message: int | None = None
    drops: int = 0
    secure_sessions: int = 0

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        if self.drop_before_message == len(self.received) and self.drops == 0:
            self.drops += 1
            assert server.transport is not None
            server.transport.close()
            return "421 4.3.0 closing the connection"
        transport = server.transport
        if session.ssl is not None or (transport and transport.get_extra_info("ssl_object")):
            self.secure_sessions += 1
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert envelope.mail_from is not None and isinstance(envelope.original_content, bytes)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 2.0.0 accepted"


@dataclass
class SmtpTestServer:
    host: str
    port: int
    user: str
    password: str
    handler: RecordingHandler
    certificate: TestCertificate

    def client_context(self) -> ssl.SSLContext:
        """What the client trusts: the test authority only, with full verification."""
        return ssl.create_default_context(cafile=str(self.certificate.ca_file))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _server_context(certificate: TestCertificate) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.cert_file, certificate.key_file)
    return context


def _start(tmp_path: Path, implicit_tls: bool) -> Iterator[SmtpTestServer]:
    certificate = make_test_certificate(tmp_path / "smtp-cert")
    password = "pw-" + secrets.token_urlsafe(18)
    handler = RecordingHandler()

    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USER.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    port = free_port()
    options: dict[str, Any] = {
        "authenticator": authenticate,
        "auth_required": True,
        # aiosmtpd offers AUTH on implicit TLS only when it does not insist on STARTTLS first.
        "auth_require_tls": not implicit_tls,
    }
    if implicit_tls:
        options["ssl_context"] = _server_context(certificate)
    else:
        options["tls_context"] = _server_context(certificate)
    controller = Controller(handler, hostname=HOST, port=port, **options)
    controller.start()
    try:
        yield SmtpTestServer(HOST, port, USER, password, handler, certificate)
    finally:
        controller.stop()


@pytest.fixture(name="smtp_server")
def smtp_server_fixture(tmp_path: Path) -> Iterator[SmtpTestServer]:
    """A plain SMTP server on loopback that also offers STARTTLS."""
    yield from _start(tmp_path, implicit_tls=False)


@pytest.fixture(name="smtp_ssl_server")
def smtp_ssl_server_fixture(tmp_path: Path) -> Iterator[SmtpTestServer]:
    """An SMTP server on loopback speaking TLS from the first byte (``smtp.security = ssl``)."""
    yield from _start(tmp_path, implicit_tls=True)
