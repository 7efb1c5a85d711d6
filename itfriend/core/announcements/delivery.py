"""Delivering a composed announcement for the Announce dialog, on a pool thread: by SMTP with
progress, to the mail client (mailto:) or as .eml files, then the back-up notice reminder when
asked; and the summary of what happened.

Nothing here touches a widget; the previews the dialog shows come from ``preview``.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from itfriend.core.announcements.compose import Composition
from itfriend.core.announcements.report import DeliveryReport
from itfriend.core.announcements.smtp import SmtpConfig, SmtpSender
from itfriend.core.wording import plural

if TYPE_CHECKING:
    from itfriend.core.services import Services

PasswordLookup = Callable[[], str | None]


class ProgressSender(SmtpSender):
    """An SmtpSender that reports how many recipients each sent message covered."""

    def __init__(
        self,
        config: SmtpConfig,
        password_lookup: PasswordLookup,
        on_sent: Callable[[int], None],
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(config, password_lookup, ssl_context=ssl_context)
        self._on_sent = on_sent

    def send(self, email: EmailMessage, recipients: list[str]) -> dict[str, str]:
        refused = super().send(email, recipients)
        self._on_sent(len(recipients))
        return refused


@dataclass(frozen=True)
class Delivery:
    """How to deliver: ``smtp``, ``mailto`` or ``eml`` (with its folder)."""

    method: str
    force: bool = False
    folder: Path | None = None
    resume: int | None = None
    back_up_at: datetime | None = None
    back_up_template: str = ""


def deliver(
    services: Services,
    composition: Composition,
    delivery: Delivery,
    password_lookup: PasswordLookup,
    on_sent: Callable[[int], None],
    ssl_context: ssl.SSLContext | None = None,
) -> DeliveryReport:
    """Deliver a composition; then set the back-up notice reminder if asked and anything went."""
    announcements = services.announcements
    if delivery.method == "mailto":
        report = announcements.prepare_mailto(composition, force=delivery.force)
    elif delivery.method == "eml":
        assert delivery.folder is not None
        report = announcements.save_eml(composition, delivery.folder, force=delivery.force)
    else:
        config = SmtpConfig.from_settings(services.settings)
        with ProgressSender(config, password_lookup, on_sent, ssl_context) as smtp:
            report = announcements.send_smtp(
                composition, smtp, force=delivery.force, resume=delivery.resume
            )
    if delivery.back_up_at is not None and report.state in ("sent", "partial", "prepared"):
        announcements.schedule_follow_up(
            report.announcement_id, delivery.back_up_at, delivery.back_up_template
        )
    return report


def describe_report(report: DeliveryReport) -> str:
    """The result summary: how many went, who was refused, who was skipped, what is left."""
    if report.delivery == "smtp":
        lines = [f"Sent to {plural(len(report.sent), 'recipient')}."]
    elif report.delivery == "mailto":
        lines = [f"Opened in your mail client for {plural(len(report.sent), 'recipient')} in Bcc."]
    else:
        files, sent = plural(len(report.files), ".eml file"), plural(len(report.sent), "recipient")
        lines = [f"Saved {files} for {sent}."]
    if report.sent and report.delivery == "smtp":
        lines.append("To: " + ", ".join(report.sent))
    if report.already_sent:
        lines.append(f"Already sent before: {', '.join(report.already_sent)}")
    lines += [
        f"Refused: {email}: {reason}" if report.delivery == "smtp" else f"No draft saved: {email}"
        for email, reason in report.failed
    ]
    lines += [f"Skipped: {name} (no email address)" for name in report.skipped]
    if report.error:
        lines.append(f"Stopped: {report.error}")
    if report.pending:
        lines.append(f"Not sent yet: {', '.join(report.pending)} (press Retry the rest)")
    return "\n".join(lines)
