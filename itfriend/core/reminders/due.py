"""What needs the technician's attention now: due follow-ups, walk-arounds, overdue people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itfriend.core.rows.follow_ups import FollowUpRow
from itfriend.core.rows.people import PersonRow
from itfriend.core.rows.walk_arounds import DueWalkAround

if TYPE_CHECKING:  # the services load SQLAlchemy; the titles are also used by the tray
    from itfriend.core.follow_ups import FollowUpService
    from itfriend.core.people import PeopleService
    from itfriend.core.walk_arounds import WalkAroundService


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "follow-up", "walk-around" or "overdue"
    title: str
    person_id: int | None  # None for a walk-around
    item_id: int

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "person_id": self.person_id,
            "id": self.item_id,
        }


def follow_up_title(row: FollowUpRow) -> str:
    who = f"{row.person_name} ({row.department})" if row.department else row.person_name
    return f"Follow up with {who}" + (f": {row.reason}" if row.reason else "")


def overdue_title(row: PersonRow) -> str:
    if row.days_since_contact is None:
        return f"You have not talked to {row.name} yet"
    return f"You haven't talked to {row.name} in {row.days_since_contact} days"


def walk_around_title(due: DueWalkAround) -> str:
    return f"Walk-around: {due.walk_around.title} (due {due.latest.astimezone():%a %H:%M})"


def needs_attention(
    people: PeopleService,
    follow_ups: FollowUpService,
    walk_arounds: WalkAroundService | None = None,
) -> list[AttentionItem]:
    """Due follow-ups (soonest first), due walk-arounds (those not yet reminded of and those
    reminded of today), then overdue people (longest without contact first)."""
    items = [
        AttentionItem("follow-up", follow_up_title(f), f.person_id, f.id) for f in follow_ups.due()
    ]
    if walk_arounds is not None:
        items += [
            AttentionItem("walk-around", walk_around_title(w), None, w.walk_around.id)
            for w in walk_arounds.due(include_reminded_today=True)
        ]
    items += [AttentionItem("overdue", overdue_title(p), p.id, p.id) for p in people.overdue()]
    return items
