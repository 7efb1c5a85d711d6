"""Reminders: what a notification says, and which items it stands for.

``ReminderPlanner`` (scheduler.py) decides *when*; this module decides *what*: one reminder per
due follow-up, one folded reminder for follow-ups beyond the day's cap, one digest of overdue
people, one reminder per due walk-around.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itfriend.core.rows.follow_ups import FollowUpRow
from itfriend.core.rows.notices import FollowUpNotice
from itfriend.core.rows.people import PersonRow
from itfriend.core.rows.walk_arounds import DueWalkAround
from itfriend.core.wording import plural


class ReminderKind(enum.StrEnum):
    FOLLOW_UP = "follow-up"
    MORE_FOLLOW_UPS = "more-follow-ups"
    DIGEST = "digest"
    WALK_AROUND = "walk-around"
    BACKUP_NOTICE = "backup-notice"


@dataclass(frozen=True)
class Reminder:
    """One notification to show.

    ``item_id`` is what the notification's actions act on: the follow-up id (Done, Snooze, Open)
    or the walk-around id (Open) or the announcement id (a back-up notice reminder).
    ``follow_up_ids`` are the follow-ups it covers, ``person_ids`` the people it names,
    ``occurrence`` the walk-around occurrence it covers; ``group_name`` and ``template_name``
    say what a back-up notice reminder asks to send to whom. ``due`` is the moment a follow-up
    or back-up notice reminder came due, so that the planner can tell it from the same item
    moved since (see ``ShownThisRun``).
    """

    kind: ReminderKind
    title: str
    body: str
    item_id: int | None = None
    follow_up_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    occurrence: datetime | None = None
    group_name: str = ""
    template_name: str = ""
    due: datetime | None = None

    @property
    def text(self) -> str:
        """Title and body on one line, for logs, tooltips and the command line."""
        return f"{self.title}: {self.body}" if self.body else self.title

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "title": self.title,
            "body": self.body,
            "id": self.item_id,
            "follow_up_ids": list(self.follow_up_ids),
            "person_ids": list(self.person_ids),
            "occurrence": self.occurrence.isoformat() if self.occurrence else None,
            "group": self.group_name,
            "template": self.template_name,
        }


def person_label(name: str, department: str) -> str:
    return f"{name} ({department})" if department else name


def follow_up_reminder(row: FollowUpRow) -> Reminder:
    return Reminder(
        ReminderKind.FOLLOW_UP,
        f"Follow up with {person_label(row.person_name, row.department)}",
        row.reason,
        item_id=row.id,
        follow_up_ids=(row.id,),
        person_ids=(row.person_id,),
        due=row.due,
    )


def more_follow_ups_reminder(rows: Sequence[FollowUpRow], shown_individually: int) -> Reminder:
    """The reminder standing for follow-ups that did not fit under the day's cap.

    It names them but does not mark them notified: each still comes on its own later.
    """
    count = len(rows)
    noun = "follow-up is" if count == 1 else "follow-ups are"
    title = f"and {count} more {noun} due" if shown_individually else f"{count} {noun} due"
    names = ", ".join(dict.fromkeys(r.person_name for r in rows))
    return Reminder(
        ReminderKind.MORE_FOLLOW_UPS,
        title[0].upper() + title[1:],
        f"With {names}",
        person_ids=tuple(dict.fromkeys(r.person_id for r in rows)),
    )


def digest_reminder(total: int, named: Sequence[PersonRow]) -> Reminder:
    """The daily digest: "5 people you haven't talked to in a while", naming some of them."""
    names = ", ".join(r.name for r in named) + (", …" if total > len(named) else "")
    return Reminder(
        ReminderKind.DIGEST,
        f"{plural(total, 'person', 'people')} you haven't talked to in a while",
        names,
        person_ids=tuple(r.id for r in named),
    )


def walk_around_reminder(due: DueWalkAround, stalest: Sequence[PersonRow]) -> Reminder:
    """Names the building and the people there not seen for longest."""
    walk = due.walk_around
    if stalest:
        body = "Not seen for longest: " + ", ".join(_with_floor(r) for r in stalest)
    else:
        body = f"Nobody in {walk.building} is on your list yet"
    if due.count > 1:
        body += f" ({due.count} walk-arounds missed since the last reminder)"
    return Reminder(
        ReminderKind.WALK_AROUND,
        f"Walk-around: {walk.title}",
        body,
        item_id=walk.id,
        person_ids=tuple(r.id for r in stalest),
        occurrence=due.latest,
    )


def _with_floor(row: PersonRow) -> str:
    return f"{row.name} (floor {row.floor})" if row.floor else row.name


def backup_notice_reminder(notice: FollowUpNotice) -> Reminder:
    """Time to tell a group that the system they were warned about is back."""
    return Reminder(
        ReminderKind.BACKUP_NOTICE,
        f"Send the back-up notice to {notice.group_name}",
        f"'{notice.template_name}' after the maintenance notice: {notice.subject}",
        item_id=notice.announcement_id,
        group_name=notice.group_name,
        template_name=notice.template_name,
        due=notice.due,
    )
