"""The work behind the Announce dialog, run on pool threads: previews, sending, the reminder.

Nothing here touches a widget. ``build_preview`` finds every value a template still needs for a
whole group (so the dialog can ask for all of them at once, and never send a blank), then composes
the per-recipient messages; ``deliver`` sends, saves or prepares them and, when asked, schedules
the back-up notice reminder in the same go.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itfriend.core.announcements import (
    CadenceCheck,
    Composition,
    DeliveryReport,
    SmtpConfig,
    SmtpSender,
)
from itfriend.core.announcements.rendering import EVERYONE
from itfriend.core.templates import (
    MissingValuesError,
    missing_values,
    one_render_budget,
    required_values,
    template_values,
)
from itfriend.core.templates.values import PERSON_FIELDS, person_values

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.core.templates.rendering import TemplateLike

PasswordLookup = Callable[[], str | None]


@dataclass(frozen=True)
class Preview:
    """What the dialog shows: the values to ask for, those still empty, and the messages."""

    template_name: str
    fields: tuple[str, ...]  # every value the technician has to give for this template and group
    missing: tuple[str, ...]  # of those, the ones not given yet
    composition: Composition | None = None
    cadence: CadenceCheck | None = None


def needed_values(template: TemplateLike, contexts: Sequence[Mapping[str, Any]]) -> list[str]:
    """Values the template would miss for at least one of ``contexts``, in the order the
    template uses them."""
    found: list[str] = []
    for context in contexts:
        found += [v for v in missing_values(template, context) if v not in found]
    order = required_values(template)
    return sorted(found, key=lambda v: order.index(v) if v in order else len(order))


def value_contexts(
    services: Services, group: str, values: Mapping[str, str], bcc: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the template is filled in with, without and with ``values``: for everyone in Bcc,
    else for one reachable member of each kind of empty fields (people with the same empty
    fields miss the same values, so one of each kind is enough)."""
    settings, clock = services.settings, services.clock
    if bcc:
        return (
            [template_values(None, settings, EVERYONE, clock=clock)],
            [template_values(None, settings, {**EVERYONE, **values}, clock=clock)],
        )
    blank: list[dict[str, Any]] = []
    given: list[dict[str, Any]] = []
    shapes: set[tuple[str, ...]] = set()
    for member in services.groups.members(group):
        if not member.email:
            continue  # skipped anyway: they get no message
        filled = person_values(member)
        shape = tuple(f for f in PERSON_FIELDS if f not in filled)
        if shape in shapes:
            continue
        shapes.add(shape)
        blank.append(template_values(member, settings, {}, clock=clock))
        given.append(template_values(member, settings, values, clock=clock))
    return blank, given


def build_preview(
    services: Services, group: str, template_name: str, values: Mapping[str, str], bcc: bool
) -> Preview:
    """The preview for the dialog; ``values`` holds only what the technician filled in."""
    template = services.templates.get(template_name)
    name = template.name
    blank, given = value_contexts(services, group, values, bcc)
    # The reads come first: only the renders share one render's time limit in all, not one
    # each (a slow template would otherwise take that time twice per kind of member).
    with one_render_budget():
        fields = needed_values(template, blank)
        missing = needed_values(template, given)
    fields += [m for m in missing if m not in fields]
    if missing:
        return Preview(name, tuple(fields), tuple(missing))
    try:
        composition = services.announcements.compose(group, name, values, bcc=bcc)
    except MissingValuesError as exc:  # a value only one person's greeting needs
        return Preview(name, tuple([*fields, *exc.missing]), tuple(exc.missing))
    cadence = services.announcements.check_cadence(composition) if composition.messages else None
    return Preview(name, tuple(fields), (), composition, cadence)


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


def keyring_password() -> str | None:
    """The SMTP password from the keyring (``itfriend secret set smtp``)."""
    from itfriend.platform.secrets import SecretStore

    return SecretStore().get("smtp")


def store_keyring_password(password: str) -> None:
    """Keep the SMTP password in the keyring: never in settings or the database."""
    from itfriend.platform.secrets import SecretStore

    SecretStore().set("smtp", password)


def describe_report(report: DeliveryReport) -> str:
    """The result summary: how many went, who was refused, who was skipped, what is left."""
    if report.delivery == "smtp":
        lines = [f"Sent to {len(report.sent)} recipient(s)."]
    elif report.delivery == "mailto":
        lines = [f"Opened in your mail client for {len(report.sent)} recipient(s) in Bcc."]
    else:
        lines = [f"Saved {len(report.files)} .eml file(s) for {len(report.sent)} recipient(s)."]
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
