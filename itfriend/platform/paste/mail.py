"""A new message in the user's own mail program, through a ``mailto:`` link (RFC 6068)."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def mailto_url(to: str, subject: str, body: str) -> str:
    """``mailto:`` with the address, subject and body percent-encoded (line breaks as CRLF)."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    address = quote(to.strip(), safe="@")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def open_mail(to: str, subject: str, body: str) -> bool:
    """Open a new message in the default mail program; False when none could be started."""
    return bool(QDesktopServices.openUrl(QUrl.fromEncoded(mailto_url(to, subject, body).encode())))
