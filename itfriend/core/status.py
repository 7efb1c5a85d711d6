"""A short summary of what is due, for the tray's icon, tooltip and menu.

Read through a ``ReminderStore`` (plain sqlite3): the tray refreshes it all day and must not load
SQLAlchemy for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itfriend.core.reminders.due import AttentionItem, follow_up_title, overdue_title
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.wording import plural


@dataclass(frozen=True)
class DueSummary:
    follow_ups_due: int = 0
    people_overdue: int = 0
    # The first few items, soonest follow-ups first, for the tray menu.
    items: list[AttentionItem] = field(default_factory=list)

    @property
    def anything_due(self) -> bool:
        return bool(self.follow_ups_due or self.people_overdue)

    def tooltip(self) -> str:
        parts = []
        if self.follow_ups_due:
            parts.append(plural(self.follow_ups_due, "follow-up") + " due")
        if self.people_overdue:
            parts.append(plural(self.people_overdue, "person", "people") + " overdue")
        return "itfriend: " + (", ".join(parts) if parts else "nothing due")


def due_summary(store: ReminderStore, limit: int = 8) -> DueSummary:
    """Counts of due follow-ups and overdue people, with up to ``limit`` items to show."""
    due = store.follow_ups_due(store.clock.now())
    overdue_count = store.count_overdue()
    items = [AttentionItem("follow-up", follow_up_title(f), f.person_id, f.id) for f in due[:limit]]
    room = limit - len(items)
    if room > 0 and overdue_count:
        items += [
            AttentionItem("overdue", overdue_title(p), p.id, p.id)
            for p in store.overdue(limit=room)
        ]
    return DueSummary(len(due), overdue_count, items)
