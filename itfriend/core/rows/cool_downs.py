"""A cool-down as lists and the tray read it, and the rule for ending one.

Kept apart from ``itfriend.core.cool_downs``, which loads the tone analysis and SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from itfriend.core.errors import ValidationError

RUNNING, ENDED, REPLIED = "running", "ended", "replied"


@dataclass(frozen=True)
class CoolDownRow:
    id: int
    label: str
    ticket_text: str
    heat: int
    started_at: datetime
    ends_at: datetime
    state: str
    draft: str

    @property
    def minutes(self) -> int:
        return round((self.ends_at - self.started_at).total_seconds() / 60)

    def remaining(self, now: datetime) -> timedelta:
        return max(timedelta(0), self.ends_at - now)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "heat": self.heat,
            "state": self.state,
            "started_at": self.started_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "minutes": self.minutes,
        }


def check_finish(cool_down_id: int, current: str, new: str) -> None:
    """Raise ValidationError when a cool-down in state ``current`` cannot move to ``new``: one
    replied to is over for good, and one already ended cannot end again."""
    if current == REPLIED:
        raise ValidationError(f"cool-down #{cool_down_id} was already replied to")
    if new == ENDED and current == ENDED:
        raise ValidationError(f"cool-down #{cool_down_id} has already ended")
