"""Announcements: compose to a group, check the cadence, and deliver by SMTP, mailto: or .eml.

The service decides what goes to whom; what it records about each delivery, so that a retried
send (``resume``) reaches nobody twice, is the ledger's (``ledger.py``), and what a delivery did
comes back as a ``DeliveryReport`` (``report.py``). Both names are re-exported here, where
callers have always found them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select

from itfriend.core.announcements.cadence import CadenceCheck, check_cadence
from itfriend.core.announcements.compose import Addressee, Composition, Renderer, compose
from itfriend.core.announcements.history import AnnouncementHistory
from itfriend.core.announcements.ledger import CadenceError as CadenceError
from itfriend.core.announcements.ledger import DeliveryLedger
from itfriend.core.announcements.mime import (
    Sender,
    build_email,
    check_eml_folder,
    eml_stem,
    mailto_url,
    write_eml,
)
from itfriend.core.announcements.report import DeliveryReport as DeliveryReport
from itfriend.core.announcements.smtp import DeliveryError, SmtpSender
from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.groups import GroupService, member_clause
from itfriend.core.models import AnnouncementRecipient, Person
from itfriend.core.settings import Settings

log = logging.getLogger(__name__)

NO_DRAFT = "no draft saved"  # a recipient whose .eml draft could not be written


class AnnouncementService(AnnouncementHistory):
    """Composes announcements to groups and delivers them by SMTP, mailto: or .eml files."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        groups: GroupService,
        templates: Any | None = None,
    ) -> None:
        super().__init__(db, clock)
        self._settings = settings
        self._groups = groups
        self._templates = templates
        self._ledger = DeliveryLedger(db, clock)

    @property
    def monthly_limit(self) -> int:
        return int(self._settings.get("announce.monthly_limit"))

    def sender(self) -> Sender:
        return Sender(str(self._settings.get("me.name")), str(self._settings.get("me.email")))

    # --- composing -----------------------------------------------------------------------

    def compose(
        self,
        group: str,
        template_name: str,
        values: Mapping[str, str] | None = None,
        *,
        bcc: bool = False,
    ) -> Composition:
        """The preview of a template sent to a group, personalised for each member."""
        from itfriend.core.announcements.rendering import template_renderer

        render, name = template_renderer(
            self._db, self._clock, self._settings, self._templates, template_name
        )
        return self.compose_with(group, render, values or {}, template_name=name, bcc=bcc)

    def compose_with(
        self,
        group: str,
        render: Renderer,
        values: Mapping[str, str],
        *,
        template_name: str = "",
        bcc: bool = False,
    ) -> Composition:
        """Like ``compose`` with any renderer (the Groups window's preview, tests)."""
        row = self._groups.get(group)
        members = self._groups.preview(row.rule)
        with self._db.transaction() as session:
            query = select(Person.id, Person.preferred_name).where(
                member_clause(row.rule), Person.preferred_name != ""
            )
            preferred = {person_id: name for person_id, name in session.execute(query)}
        addressed = [Addressee.of(p, preferred.get(p.id, "")) for p in members]
        return compose(
            addressed,
            render,
            values,
            group_id=row.id,
            group_name=row.name,
            template_name=template_name,
            bcc=bcc,
        )

    def check_cadence(self, composition: Composition) -> CadenceCheck:
        with self._db.transaction() as session:
            return check_cadence(
                session,
                composition.group_id,
                composition.group_name,
                [r.person_id for r in composition.recipients],
                self._clock.now(),
                self.monthly_limit,
            )

    # --- delivering ----------------------------------------------------------------------

    def send_smtp(
        self,
        composition: Composition,
        smtp: SmtpSender,
        *,
        force: bool = False,
        resume: int | None = None,
    ) -> DeliveryReport:
        """Send by SMTP; ``resume`` continues an earlier send of the same announcement."""
        sender = self.sender()
        if resume is None:
            announcement_id = self._ledger.record(
                composition, "smtp", sender, force=force, monthly_limit=self.monthly_limit
            )
        else:
            announcement_id = self._ledger.check_resumable(resume, composition)
        report = DeliveryReport(
            announcement_id, "smtp", skipped=[p.name for p in composition.skipped]
        )
        rows = self._ledger.recipient_rows(announcement_id)
        for message in composition.messages:
            todo = [
                rows[r.email.lower()]
                for r in message.recipients
                if r.email.lower() in rows and rows[r.email.lower()].status != "sent"
            ]
            report.already_sent += [
                r.email
                for r in message.recipients
                if r.email.lower() in rows and rows[r.email.lower()].status == "sent"
            ]
            if not todo:
                continue
            if report.error:
                report.pending += [r.email for r in todo]
                continue
            email = build_email(message, sender, self._clock.now(), todo[0].message_id)
            try:
                refused = smtp.send(email, [r.email for r in todo])
            except DeliveryError as exc:
                report.error = str(exc)
                report.pending += [r.email for r in todo]
                continue
            self._ledger.save_outcome(todo, refused, report)
        report.state = self._ledger.finish(announcement_id)
        log.info(
            "announcement %d to %s: %s (%d sent, %d failed, %d pending)",
            announcement_id,
            composition.group_name,
            report.state,
            len(report.sent),
            len(report.failed),
            len(report.pending),
        )
        return report

    def prepare_mailto(self, composition: Composition, *, force: bool = False) -> DeliveryReport:
        """A mailto: link with everyone in Bcc, for the caller to open in the mail client."""
        if not composition.bcc or len(composition.messages) > 1:
            raise ValidationError("a mailto: link holds one message for everyone: compose with Bcc")
        if not composition.messages:
            raise ValidationError(f"nobody in '{composition.group_name}' has an email address")
        sender = self.sender()
        announcement_id = self._ledger.record(
            composition,
            "mailto",
            sender,
            force=force,
            monthly_limit=self.monthly_limit,
            state="prepared",
        )
        report = DeliveryReport(
            announcement_id,
            "mailto",
            state="prepared",
            sent=[r.email for r in composition.recipients],
            skipped=[p.name for p in composition.skipped],
        )
        report.url = mailto_url(composition.messages[0], sender)
        return report

    def save_eml(
        self, composition: Composition, folder: Path, *, force: bool = False
    ) -> DeliveryReport:
        """Save each message as a .eml draft in ``folder`` (Bcc mode: one file for everyone).

        As ``send_smtp`` does, each recipient is recorded as prepared once their draft is
        written, so that a draft that cannot be saved (a full disk, a folder gone read-only)
        leaves them recorded as not prepared, with the reason, and the announcement partial.
        """
        if not composition.messages:
            raise ValidationError(f"nobody in '{composition.group_name}' has an email address")
        sender = self.sender()
        check_eml_folder(folder)
        announcement_id = self._ledger.record(
            composition, "eml", sender, force=force, monthly_limit=self.monthly_limit
        )
        rows = self._ledger.recipient_rows(announcement_id)
        report = DeliveryReport(
            announcement_id, "eml", skipped=[p.name for p in composition.skipped]
        )
        for index, message in enumerate(composition.messages, start=1):
            todo = [rows[r.email.lower()] for r in message.recipients]
            if report.error:
                self._ledger.save_outcome(todo, _no_draft(todo), report, "prepared")
                continue
            email = build_email(
                message,
                sender,
                self._clock.now(),
                todo[0].message_id,
                bcc_header=composition.bcc,
                draft=True,
            )
            try:
                report.files.append(write_eml(folder, eml_stem(index, message), email))
            except StorageError as exc:
                report.error = str(exc)
                self._ledger.save_outcome(todo, _no_draft(todo), report, "prepared")
                continue
            self._ledger.save_outcome(todo, {}, report, "prepared")
        report.state = self._ledger.finish(announcement_id, done="prepared")
        return report


def _no_draft(todo: list[AnnouncementRecipient]) -> dict[str, str]:
    """Every recipient of a draft that could not be written, refused with the reason."""
    return {r.email: NO_DRAFT for r in todo}
