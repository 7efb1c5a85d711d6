"""What was announced to whom, and the reminders a maintenance notice leaves behind.

A maintenance notice can ask for a reminder at the announced end time to send the matching back-up
notice (``follow_up_at`` and ``follow_up_template``). The reminder scheduler asks for the next such
moment and for the notices due, and clears one once it has been shown; sending that back-up notice
to the same group clears it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from itfriend.core.announcements.cadence import group_count
from itfriend.core.clock import Clock, as_utc
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import Announcement, AnnouncementRecipient
from itfriend.core.rows.notices import FollowUpNotice as FollowUpNotice


@dataclass(frozen=True)
class AnnouncementRow:
    """One announcement in a group's history, with its outcome counted per recipient."""

    id: int
    group_name: str
    template_name: str
    subject: str
    delivery: str
    state: str
    created_at: datetime
    sent: int
    failed: int
    pending: int
    follow_up_at: datetime | None
    follow_up_template: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group_name,
            "template": self.template_name,
            "subject": self.subject,
            "delivery": self.delivery,
            "state": self.state,
            "created_at": self.created_at.isoformat(),
            "sent": self.sent,
            "failed": self.failed,
            "pending": self.pending,
            "follow_up_at": self.follow_up_at.isoformat() if self.follow_up_at else None,
            "follow_up_template": self.follow_up_template,
        }


class AnnouncementHistory:
    """Reads the announcement history and manages follow-up notices."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def history(self, group_name: str | None = None, limit: int = 100) -> list[AnnouncementRow]:
        """Announcements, newest first; of one group (by its name at the time) if given."""
        status = AnnouncementRecipient.status
        query = (
            select(
                Announcement.id,
                Announcement.group_name,
                Announcement.template_name,
                Announcement.subject,
                Announcement.delivery,
                Announcement.state,
                Announcement.created_at,
                Announcement.follow_up_at,
                Announcement.follow_up_template,
                func.sum(case((status.in_(("sent", "prepared")), 1), else_=0)).label("sent"),
                func.sum(case((status == "failed", 1), else_=0)).label("failed"),
                func.sum(case((status == "pending", 1), else_=0)).label("pending"),
            )
            .outerjoin(
                AnnouncementRecipient, AnnouncementRecipient.announcement_id == Announcement.id
            )
            .group_by(Announcement.id)
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(limit)
        )
        if group_name is not None:
            query = query.where(func.lower(Announcement.group_name) == group_name.lower())
        with self._db.transaction() as session:
            return [
                AnnouncementRow(
                    id=r.id,
                    group_name=r.group_name,
                    template_name=r.template_name,
                    subject=r.subject,
                    delivery=r.delivery,
                    state=r.state,
                    created_at=r.created_at,
                    sent=int(r.sent or 0),
                    failed=int(r.failed or 0),
                    pending=int(r.pending or 0),
                    follow_up_at=r.follow_up_at,
                    follow_up_template=r.follow_up_template,
                )
                for r in session.execute(query)
            ]

    def recent_count(self, group_id: int | None, group_name: str) -> int:
        """Announcements of the last 30 days that the cadence guard counts for this group."""
        with self._db.transaction() as session:
            return group_count(session, group_id, group_name, self._clock.now())

    def recipients(self, announcement_id: int) -> list[dict[str, Any]]:
        """Each recipient of an announcement with status, error and Message-ID."""
        with self._db.transaction() as session:
            if session.get(Announcement, announcement_id) is None:
                raise NotFoundError(f"there is no announcement #{announcement_id}")
            rows = session.scalars(
                select(AnnouncementRecipient)
                .where(AnnouncementRecipient.announcement_id == announcement_id)
                .order_by(AnnouncementRecipient.id)
            )
            return [
                {
                    "person_id": r.person_id,
                    "email": r.email,
                    "status": r.status,
                    "error": r.error,
                    "message_id": r.message_id,
                    "sent_at": r.sent_at.isoformat() if r.sent_at else None,
                }
                for r in rows
            ]

    def schedule_follow_up(self, announcement_id: int, at: datetime, template_name: str) -> None:
        """Remind, at ``at``, to send ``template_name`` to the same group."""
        moment = as_utc(at)
        if moment <= self._clock.now():
            raise ValidationError("the back-up notice reminder must be in the future")
        if not template_name.strip():
            raise ValidationError("say which template the reminder is for")
        with self._db.transaction() as session:
            announcement = session.get(Announcement, announcement_id)
            if announcement is None:
                raise NotFoundError(f"there is no announcement #{announcement_id}")
            announcement.follow_up_at = moment
            announcement.follow_up_template = template_name.strip()

    def due_follow_up_notices(self, now: datetime) -> list[FollowUpNotice]:
        """Follow-up notices whose moment has come, oldest first."""
        query = (
            select(Announcement)
            .where(Announcement.follow_up_at.is_not(None), Announcement.follow_up_at <= as_utc(now))
            .order_by(Announcement.follow_up_at, Announcement.id)
        )
        with self._db.transaction() as session:
            return [
                FollowUpNotice(a.id, a.group_name, a.follow_up_template, a.follow_up_at, a.subject)
                for a in session.scalars(query)
                if a.follow_up_at is not None
            ]

    def next_follow_up_notice(self) -> datetime | None:
        """The soonest pending follow-up moment (possibly already past), for arming a timer."""
        with self._db.transaction() as session:
            return session.scalar(select(func.min(Announcement.follow_up_at)))

    def clear_follow_up(self, announcement_id: int) -> None:
        """The reminder was shown or acted on: it does not come back."""
        with self._db.transaction() as session:
            announcement = session.get(Announcement, announcement_id)
            if announcement is None:
                raise NotFoundError(f"there is no announcement #{announcement_id}")
            announcement.follow_up_at = None
