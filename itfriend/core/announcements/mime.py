"""Turning prepared messages into email: headers, Message-IDs, mailto: links and .eml files."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from urllib.parse import quote

from itfriend.core.announcements.compose import PreparedMessage
from itfriend.core.clock import local_tz
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.safe_files import write_bytes_atomically


@dataclass(frozen=True)
class Sender:
    """Who an announcement comes from (the settings ``me.name`` and ``me.email``)."""

    name: str
    email: str

    def __post_init__(self) -> None:
        if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", self.email):
            raise ValidationError(
                "set your own email address first: itfriend settings set me.email you@example.org"
            )

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[1]

    @property
    def header(self) -> str:
        return formataddr((self.name, self.email)) if self.name else self.email


def new_message_id(domain: str) -> str:
    """A fresh, globally unique Message-ID (no DNS lookup, unlike ``email.utils.make_msgid``)."""
    return f"<itfriend.{secrets.token_hex(12)}@{domain}>"


def build_email(
    message: PreparedMessage,
    sender: Sender,
    moment: datetime,
    message_id: str,
    *,
    bcc_header: bool = False,
    draft: bool = False,
) -> EmailMessage:
    """The email for a prepared message.

    A personal message is addressed To its one recipient. A Bcc message is addressed To the sender,
    and its recipients stay out of the headers unless ``bcc_header`` (a draft in a mail client
    needs them there; an SMTP server is given them in the envelope instead).
    """
    email = EmailMessage(policy=SMTP)
    email["From"] = sender.header
    if len(message.recipients) == 1 and not bcc_header:
        only = message.recipients[0]
        email["To"] = formataddr((only.name, only.email))
    else:
        email["To"] = sender.header
        if bcc_header:
            email["Bcc"] = ", ".join(r.email for r in message.recipients)
    email["Subject"] = message.subject
    email["Date"] = format_datetime(moment.astimezone(local_tz()))
    email["Message-ID"] = message_id
    if draft:
        email["X-Unsent"] = "1"  # Outlook opens such a file as a draft ready to send
    email.set_content(message.body)
    return email


def mailto_url(message: PreparedMessage, sender: Sender) -> str:
    """A ``mailto:`` link with everyone in Bcc, for those who send from Outlook or similar."""
    bcc = ",".join(r.email for r in message.recipients)
    return (
        f"mailto:{quote(sender.email, safe='@')}?bcc={quote(bcc, safe='@,')}"
        f"&subject={quote(message.subject, safe='')}&body={quote(message.body, safe='')}"
    )


def check_eml_folder(folder: Path) -> None:
    """Raise StorageError if .eml files cannot be saved in ``folder`` (made later if missing).

    An announcement saved as drafts is recorded first (each message gets its Message-ID from the
    record); a folder that turned out to be a file then left a record of a delivery that never
    happened, which also counted against the monthly limit. Nothing is made here, so that an
    announcement refused by the monthly limit leaves no empty folder.
    """
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise StorageError(f"could not save the messages: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise StorageError(f"could not save the messages in {folder}: permission denied")


def write_eml(folder: Path, stem: str, email: EmailMessage) -> Path:
    """Save one email as a .eml file in ``folder`` without overwriting an existing file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^\w.-]+", "-", stem).strip("-")[:60] or "message"
        target = folder / f"{safe}.eml"
        number = 2
        while target.exists() or target.is_symlink():
            target = folder / f"{safe}-{number}.eml"
            number += 1
        write_bytes_atomically(target, email.as_bytes(), overwrite=False)
    except OSError as exc:
        raise StorageError(
            f"could not save the message in {folder}: {exc.strerror or exc}"
        ) from exc
    return target


def eml_stem(index: int, message: PreparedMessage) -> str:
    if len(message.recipients) == 1:
        return f"{index:03d}-{message.recipients[0].name}"
    return f"{index:03d}-bcc-{len(message.recipients)}-recipients"
