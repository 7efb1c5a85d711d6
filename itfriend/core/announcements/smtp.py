"""Sending email through an SMTP server, robustly and without ever revealing the password.

The password is asked for only when a connection logs in (``password_lookup``), is never stored on
the sender, and never appears in an error message: smtplib's own exceptions are turned into
:class:`DeliveryError` messages written here. A lost connection is retried a bounded number of
times with a fresh connection; a refused recipient is reported without stopping the others.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from itfriend.core.errors import ItfriendError, ValidationError

log = logging.getLogger(__name__)

SECURITY_CHOICES = ("none", "starttls", "ssl")


class DeliveryError(ItfriendError):
    """Email could not be sent: no connection, a refused login, a server that keeps failing."""


class AuthenticationError(DeliveryError):
    """The server refused the user name or password."""


class ConnectionLostError(DeliveryError):
    """The connection dropped and could not be brought back within the allowed attempts."""


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to connect (the settings ``smtp.*``); holds no password."""

    host: str
    port: int
    security: str = "starttls"
    user: str = ""

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise ValidationError("no SMTP server is set: itfriend settings set smtp.host NAME")
        if self.security not in SECURITY_CHOICES:
            raise ValidationError(f"smtp.security must be one of: {', '.join(SECURITY_CHOICES)}")

    @classmethod
    def from_settings(cls, settings: Any) -> SmtpConfig:
        return cls(
            host=str(settings.get("smtp.host")),
            port=int(settings.get("smtp.port")),
            security=str(settings.get("smtp.security")),
            user=str(settings.get("smtp.user")),
        )


def _is_connection_loss(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError):
        return True
    # 421: the server is closing the connection (overloaded, or too many messages in one session).
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 421


class SmtpSender:
    """One SMTP session, reopened when it drops; use as a context manager.

    ``ssl_context`` decides which certificates are trusted (tests pass one that trusts their own
    test certificate authority); by default the system's certificate authorities are trusted.
    """

    def __init__(
        self,
        config: SmtpConfig,
        password_lookup: Callable[[], str | None],
        *,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 30.0,
        max_attempts: int = 3,
        local_hostname: str | None = None,
    ) -> None:
        self._config = config
        self._password_lookup = password_lookup
        self._ssl_context = ssl_context
        self._timeout = timeout
        self._max_attempts = max(1, max_attempts)
        self._local_hostname = local_hostname or socket.gethostname() or "localhost"
        self._smtp: smtplib.SMTP | None = None
        self.connections = 0  # how many times a session was opened (1 unless one dropped)

    def __enter__(self) -> SmtpSender:
        self.connect()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    def connect(self) -> None:
        """Open a session, secure it and log in; errors say what to check, never the password."""
        self.close()
        cfg = self._config
        where = f"{cfg.host}:{cfg.port}"
        try:
            smtp: smtplib.SMTP
            if cfg.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    cfg.host,
                    cfg.port,
                    local_hostname=self._local_hostname,
                    timeout=self._timeout,
                    context=self._context(),
                )
            else:
                smtp = smtplib.SMTP(
                    cfg.host, cfg.port, local_hostname=self._local_hostname, timeout=self._timeout
                )
            self._smtp = smtp
            smtp.ehlo()
            if cfg.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"the SMTP server {where} does not offer STARTTLS; "
                        "check smtp.port and smtp.security"
                    )
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if cfg.user:
                self._login(smtp, where)
        except DeliveryError:
            self.close()
            raise
        except ssl.SSLError as exc:
            self.close()
            raise DeliveryError(
                f"a secure connection to {where} failed ({exc.reason or exc}); "
                "check smtp.security and the server's certificate"
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise DeliveryError(
                f"could not connect to the SMTP server {where}: "
                f"{_describe(exc)}; check smtp.host and smtp.port"
            ) from None
        self.connections += 1

    def _login(self, smtp: smtplib.SMTP, where: str) -> None:
        password = self._password_lookup()
        if not password:
            raise DeliveryError(
                "no SMTP password is stored; store it with: itfriend secret set smtp"
            )
        if not smtp.has_extn("auth"):
            raise DeliveryError(
                f"the SMTP server {where} does not offer a login here; "
                "check smtp.security (most servers allow it only after STARTTLS)"
            )
        try:
            smtp.login(self._config.user, password)
        except smtplib.SMTPAuthenticationError:
            raise AuthenticationError(
                f"the SMTP server refused the user name or password (user '{self._config.user}'); "
                "check smtp.user and store the password again with: itfriend secret set smtp"
            ) from None
        finally:
            del password

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def send(self, email: EmailMessage, recipients: list[str]) -> dict[str, str]:
        """Send one email to ``recipients``; returns the refused ones with the server's reason.

        A dropped connection is reopened and the message sent again, up to ``max_attempts`` tries.
        """
        for attempt in range(1, self._max_attempts + 1):
            try:
                if self._smtp is None:
                    self.connect()
                assert self._smtp is not None
                refused = self._smtp.send_message(email, from_addr=None, to_addrs=recipients)
                return {addr: _reply(code, text) for addr, (code, text) in refused.items()}
            except smtplib.SMTPRecipientsRefused as exc:
                if any(code == 421 for code, _ in exc.recipients.values()):
                    self._drop(attempt)
                    continue
                self._reset()
                return {addr: _reply(code, text) for addr, (code, text) in exc.recipients.items()}
            except smtplib.SMTPSenderRefused as exc:
                if _is_connection_loss(exc):
                    self._drop(attempt)
                    continue
                raise DeliveryError(
                    f"the SMTP server refused the sender address {exc.sender}: "
                    f"{_reply(exc.smtp_code, exc.smtp_error)}"
                ) from None
            except smtplib.SMTPDataError as exc:
                if _is_connection_loss(exc):
                    self._drop(attempt)
                    continue
                self._reset()
                reason = _reply(exc.smtp_code, exc.smtp_error)
                return {addr: reason for addr in recipients}
            except (OSError, smtplib.SMTPException) as exc:
                if not _is_connection_loss(exc):
                    raise DeliveryError(f"sending failed: {_describe(exc)}") from None
                self._drop(attempt)
        raise ConnectionLostError(
            f"the connection to the SMTP server {self._config.host}:{self._config.port} "
            f"kept dropping ({self._max_attempts} attempts); what was not sent is kept for a retry"
        )

    def _drop(self, attempt: int) -> None:
        log.warning(
            "SMTP connection lost (attempt %d of %d); reconnecting", attempt, self._max_attempts
        )
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def _reset(self) -> None:
        """Clear a half-done transaction so that the next message starts clean."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._drop(0)


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {message}".strip()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__ if not str(exc) else str(exc)
