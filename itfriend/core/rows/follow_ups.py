"""A follow-up as lists and reminders read it, and the states that make one pending."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class FollowUpState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"


# Open and snoozed follow-ups still wait to be done; done ones never come again.
PENDING = (FollowUpState.OPEN.value, FollowUpState.SNOOZED.value)


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    person_id: int
    person_name: str
    department: str
    due: datetime
    reason: str
    state: str
    notified_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "person": self.person_name,
            "department": self.department,
            "due": self.due.isoformat(),
            "reason": self.reason,
            "state": self.state,
        }
