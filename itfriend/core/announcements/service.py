"""Announcements: compose to a group, check the cadence, deliver, and record what happened.

Every delivery is recorded in ``announcements`` and ``announcement_recipients``. Each recipient gets
a Message-ID once, when the announcement is recorded, and their status is saved as soon as the
server answers for them; a retried send (``resume``) sends only to those not yet sent, with the
same Message-IDs, so that nothing reaches anyone twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from itfriend.core.announcements.cadence import CadenceCheck, check_cadence
from itfriend.core.announcements.compose import Addressee, Composition, Renderer, compose
from itfriend.core.announcements.history import AnnouncementHistory
from itfriend.core.announcements.mime import (
    Sender,
    build_email,
    check_eml_folder,
    eml_stem,
    mailto_url,
    new_message_id,
    write_eml,
)
from itfriend.core.announcements.smtp import DeliveryError, SmtpSender
from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import ItfriendError, NotFoundError, StorageError, ValidationError
from itfriend.core.groups import GroupService, member_clause
from itfriend.core.models import Announcement, AnnouncementRecipient, Person
from itfriend.core.settings import Settings

log = logging.getLogger(__name__)

NO_DRAFT = "no draft saved"  # a recipient whose .eml draft could not be written


class CadenceError(ItfriendError):
    """Sending would exceed the monthly limit; the caller may insist (``force``)."""

    def __init__(self, check: CadenceCheck) -> None:
        super().__init__(check.message())
        self.check = check


@dataclass
class DeliveryReport:
    """What one delivery did: to whom it went, who was refused, what is left for a retry."""

    announcement_id: int
    delivery: str
    state: str = "draft"
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # members without an email address
    files: list[Path] = field(default_factory=list)
    url: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "announcement_id": self.announcement_id,
            "delivery": self.delivery,
            "state": self.state,
            "sent": self.sent,
            "failed": [{"email": e, "reason": r} for e, r in self.failed],
            "pending": self.pending,
            "already_sent": self.already_sent,
            "skipped": self.skipped,
            "files": [str(p) for p in self.files],
            "url": self.url,
            "error": self.error,
        }


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
            announcement_id = self._record(composition, "smtp", sender, force)
        else:
            announcement_id = self._check_resumable(resume, composition)
        report = DeliveryReport(
            announcement_id, "smtp", skipped=[p.name for p in composition.skipped]
        )
        rows = self._recipient_rows(announcement_id)
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
            self._save_outcome(todo, refused, report)
        report.state = self._finish(announcement_id)
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
        announcement_id = self._record(composition, "mailto", sender, force, state="prepared")
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
        announcement_id = self._record(composition, "eml", sender, force)
        rows = self._recipient_rows(announcement_id)
        report = DeliveryReport(
            announcement_id, "eml", skipped=[p.name for p in composition.skipped]
        )
        for index, message in enumerate(composition.messages, start=1):
            todo = [rows[r.email.lower()] for r in message.recipients]
            if report.error:
                self._save_outcome(todo, {r.email: NO_DRAFT for r in todo}, report, "prepared")
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
                self._save_outcome(todo, {r.email: NO_DRAFT for r in todo}, report, "prepared")
                continue
            self._save_outcome(todo, {}, report, "prepared")
        report.state = self._finish(announcement_id, done="prepared")
        return report

    # --- recording -----------------------------------------------------------------------

    def _record(
        self,
        composition: Composition,
        delivery: str,
        sender: Sender,
        force: bool,
        state: str = "sending",
    ) -> int:
        """Record the announcement and its recipients, each with a Message-ID, in one go."""
        if not composition.messages:
            raise ValidationError(f"nobody in '{composition.group_name}' has an email address")
        now = self._clock.now()
        recipient_status = "prepared" if state == "prepared" else "pending"
        with self._db.transaction() as session:
            check = check_cadence(
                session,
                composition.group_id,
                composition.group_name,
                [r.person_id for r in composition.recipients],
                now,
                self.monthly_limit,
            )
            if check.exceeded and not force:
                raise CadenceError(check)
            announcement = Announcement(
                group_id=composition.group_id,
                group_name=composition.group_name,
                template_name=composition.template_name,
                subject=composition.subject,
                delivery=delivery,
                state=state,
                created_at=now,
            )
            session.add(announcement)
            session.flush()
            for message in composition.messages:
                shared = new_message_id(sender.domain)
                for recipient in message.recipients:
                    session.add(
                        AnnouncementRecipient(
                            announcement_id=announcement.id,
                            person_id=recipient.person_id,
                            email=recipient.email,
                            status=recipient_status,
                            message_id=shared if composition.bcc else new_message_id(sender.domain),
                            sent_at=now if state == "prepared" else None,
                        )
                    )
            if state == "prepared":
                self._settle_follow_ups(session, announcement)
            return announcement.id

    def _check_resumable(self, announcement_id: int, composition: Composition) -> int:
        with self._db.transaction() as session:
            announcement = session.get(Announcement, announcement_id)
            if announcement is None:
                raise NotFoundError(f"there is no announcement #{announcement_id}")
            if announcement.delivery != "smtp":
                raise ValidationError(f"announcement #{announcement_id} was not sent by SMTP")
            if (announcement.group_name, announcement.template_name) != (
                composition.group_name,
                composition.template_name,
            ):
                raise ValidationError(
                    f"announcement #{announcement_id} went to '{announcement.group_name}' with "
                    f"the template '{announcement.template_name}'; retry it with the same ones"
                )
            announcement.state = "sending"
            return announcement_id

    def _recipient_rows(self, announcement_id: int) -> dict[str, AnnouncementRecipient]:
        with self._db.transaction() as session:
            rows = session.scalars(
                select(AnnouncementRecipient).where(
                    AnnouncementRecipient.announcement_id == announcement_id
                )
            )
            return {r.email.lower(): r for r in rows}

    def _save_outcome(
        self,
        todo: list[AnnouncementRecipient],
        refused: dict[str, str],
        report: DeliveryReport,
        done: str = "sent",
    ) -> None:
        """Save each recipient's outcome at once, so that a crash later cannot resend to them;
        ``done`` is the status of those not refused ("prepared" for drafts)."""
        refused_lower = {k.lower(): v for k, v in refused.items()}
        now = self._clock.now()
        with self._db.transaction() as session:
            for row in todo:
                stored = session.get(AnnouncementRecipient, row.id)
                assert stored is not None
                reason = refused_lower.get(row.email.lower())
                stored.status = "failed" if reason else done
                stored.error = reason or ""
                stored.sent_at = None if reason else now
                row.status = stored.status
                if reason:
                    report.failed.append((row.email, reason))
                else:
                    report.sent.append(row.email)

    def _finish(self, announcement_id: int, done: str = "sent") -> str:
        """The announcement's state from its recipients': ``done`` when all are, else partial
        or failed; one that reached anybody settles the back-up notice reminders it answers."""
        with self._db.transaction() as session:
            announcement = session.get(Announcement, announcement_id)
            assert announcement is not None
            statuses = list(
                session.scalars(
                    select(AnnouncementRecipient.status).where(
                        AnnouncementRecipient.announcement_id == announcement_id
                    )
                )
            )
            sent = statuses.count(done)
            announcement.state = done if sent == len(statuses) else "partial" if sent else "failed"
            if sent:
                self._settle_follow_ups(session, announcement)
            return announcement.state

    @staticmethod
    def _settle_follow_ups(session: Session, sent: Announcement) -> None:
        """Sending the awaited back-up notice to a group ends the reminder to send it."""
        if not sent.template_name:
            return
        waiting = session.scalars(
            select(Announcement).where(
                Announcement.group_name == sent.group_name,
                Announcement.follow_up_at.is_not(None),
                Announcement.follow_up_template == sent.template_name,
                Announcement.id != sent.id,
            )
        )
        for announcement in waiting:
            announcement.follow_up_at = None
