"""What needs the technician's attention now: due follow-ups and overdue people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itfriend.core.followups import FollowUpRow, FollowUpService
from itfriend.core.people import PeopleService, PersonRow


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "follow-up" or "overdue"
    title: str
    person_id: int
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


def needs_attention(people: PeopleService, follow_ups: FollowUpService) -> list[AttentionItem]:
    """Due follow-ups (soonest first), then overdue people (longest without contact first)."""
    items = [
        AttentionItem("follow-up", follow_up_title(f), f.person_id, f.id) for f in follow_ups.due()
    ]
    items += [AttentionItem("overdue", overdue_title(p), p.id, p.id) for p in people.overdue()]
    return items
