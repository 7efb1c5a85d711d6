"""The record of who was sent what, kept so that a retried send reaches nobody twice.

Every delivery is recorded in ``announcements`` and ``announcement_recipients`` before anything
goes out. Each recipient gets a Message-ID once, when the announcement is recorded, and their
status is saved as soon as the server answers for them (or their draft is written); a retried
send reads the rows back and sends only to those not yet sent, with the same Message-IDs. The
service (``service.py``) decides what to send; this module is all it writes about it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from itfriend.core.announcements.cadence import CadenceCheck, check_cadence
from itfriend.core.announcements.compose import Composition
from itfriend.core.announcements.mime import Sender, new_message_id
from itfriend.core.announcements.report import DeliveryReport
from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import ItfriendError, NotFoundError, ValidationError
from itfriend.core.models import Announcement, AnnouncementRecipient


class CadenceError(ItfriendError):
    """Sending would exceed the monthly limit; the caller may insist (``force``)."""

    def __init__(self, check: CadenceCheck) -> None:
        super().__init__(check.message())
        self.check = check


class DeliveryLedger:
    """Records announcements and each recipient's outcome, one transaction per step."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def record(
        self,
        composition: Composition,
        delivery: str,
        sender: Sender,
        *,
        force: bool,
        monthly_limit: int,
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
                monthly_limit,
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
                _settle_follow_ups(session, announcement)
            return announcement.id

    def check_resumable(self, announcement_id: int, composition: Composition) -> int:
        """The announcement to continue sending, marked as sending again; it must have gone by
        SMTP to the same group with the same template."""
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

    def recipient_rows(self, announcement_id: int) -> dict[str, AnnouncementRecipient]:
        """The announcement's recipients by lower-case email address."""
        with self._db.transaction() as session:
            rows = session.scalars(
                select(AnnouncementRecipient).where(
                    AnnouncementRecipient.announcement_id == announcement_id
                )
            )
            return {r.email.lower(): r for r in rows}

    def save_outcome(
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

    def finish(self, announcement_id: int, done: str = "sent") -> str:
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
                _settle_follow_ups(session, announcement)
            return announcement.state


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
