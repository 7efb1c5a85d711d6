"""The cadence guard: people who hear from IT too often learn to ignore it.

Counts the announcements a group got, and each person received, over the last 30 days, and says
before a send whether it would go over the limit (``announce.monthly_limit``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from itfriend.core.models import Announcement, AnnouncementRecipient, Person

WINDOW = timedelta(days=30)
# Announcements that reached (or were handed to a mail client for) their recipients.
COUNTED_STATES = ("sent", "partial", "prepared")
COUNTED_RECIPIENTS = ("sent", "prepared")


@dataclass(frozen=True)
class CadenceCheck:
    """How often a group and its members heard from IT in the last 30 days, against the limit."""

    limit: int
    group_name: str
    group_count: int
    # (name, count) of members who already got ``limit`` or more announcements.
    busy_people: tuple[tuple[str, int], ...]

    @property
    def exceeded(self) -> bool:
        return self.group_count + 1 > self.limit or bool(self.busy_people)

    def message(self) -> str:
        """Why sending now would be too often, or "" when it would not."""
        if not self.exceeded:
            return ""
        parts = []
        if self.group_count + 1 > self.limit:
            parts.append(
                f"the group '{self.group_name}' already got {self.group_count} "
                f"announcements in the last 30 days"
            )
        if self.busy_people:
            shown = ", ".join(f"{name} ({count})" for name, count in self.busy_people[:5])
            more = f" and {len(self.busy_people) - 5} more" if len(self.busy_people) > 5 else ""
            parts.append(
                f"{len(self.busy_people)} of its members already got that many: {shown}{more}"
            )
        return f"this would exceed the limit of {self.limit} announcements a month: " + "; ".join(
            parts
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "limit": self.limit,
            "group_count": self.group_count,
            "busy_people": [{"name": n, "count": c} for n, c in self.busy_people],
            "exceeded": self.exceeded,
            "message": self.message(),
        }


def check_cadence(
    session: Session,
    group_id: int | None,
    group_name: str,
    person_ids: Iterable[int],
    now: datetime,
    limit: int,
) -> CadenceCheck:
    """Count recent announcements of a group and of the given people (two grouped queries)."""
    since = now - WINDOW
    count = group_count(session, group_id, group_name, now)
    # Grouping over all recent recipients avoids a huge IN list for big groups; few people
    # reach the limit, so the intersection below stays small.
    counts = (
        select(AnnouncementRecipient.person_id, func.count().label("n"))
        .join(Announcement, Announcement.id == AnnouncementRecipient.announcement_id)
        .where(
            Announcement.created_at >= since,
            AnnouncementRecipient.status.in_(COUNTED_RECIPIENTS),
            AnnouncementRecipient.person_id.is_not(None),
        )
        .group_by(AnnouncementRecipient.person_id)
        .having(func.count() >= limit)
        .subquery()
    )
    wanted = set(person_ids)
    busy = [
        (row.name, int(row.n))
        for row in session.execute(
            select(Person.id, Person.name, counts.c.n)
            .join(counts, counts.c.person_id == Person.id)
            .order_by(counts.c.n.desc(), Person.name)
        )
        if row.id in wanted
    ]
    return CadenceCheck(limit, group_name, count, tuple(busy))


def group_count(session: Session, group_id: int | None, group_name: str, now: datetime) -> int:
    """Announcements a group got in the last 30 days: by its id when known (so that a renamed
    group keeps its count), else by the name it had when they were sent."""
    group_match = (
        Announcement.group_id == group_id
        if group_id is not None
        else Announcement.group_name == group_name
    )
    return int(
        session.scalar(
            select(func.count())
            .select_from(Announcement)
            .where(
                group_match,
                Announcement.created_at >= now - WINDOW,
                Announcement.state.in_(COUNTED_STATES),
            )
        )
        or 0
    )


def person_count(session: Session, person_id: int, now: datetime) -> int:
    """Announcements one person received in the last 30 days."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(AnnouncementRecipient)
            .join(Announcement, Announcement.id == AnnouncementRecipient.announcement_id)
            .where(
                AnnouncementRecipient.person_id == person_id,
                AnnouncementRecipient.status.in_(COUNTED_RECIPIENTS),
                Announcement.created_at >= now - WINDOW,
            )
        )
        or 0
    )
