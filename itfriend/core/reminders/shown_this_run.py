"""Reminders shown in this run whose showing could not be written to the database.

The planner remembers what it showed in the database, so that a restart shows nothing twice.
When that write is refused (a damaged file the technician chose to keep reading, a read-only
folder, a full disk), the reminders were still shown: without this record, each retry of the
tray's timer would show them again, and ``next_wakeup`` would find them still due and fire at
once. A follow-up or back-up notice is kept with its due moment, so that one moved meanwhile
(snoozed, or a restored backup with other data under the same id) comes again at its new time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from itfriend.core.rows.walk_arounds import moved_forward


@dataclass
class ShownThisRun:
    """What was shown but could not be recorded, for the rest of this run."""

    follow_ups: set[tuple[int, datetime]] = field(default_factory=set)  # (id, due)
    notices: set[tuple[int, datetime]] = field(default_factory=set)  # (announcement id, due)
    walk_arounds: dict[int, datetime] = field(default_factory=dict)  # id -> reminded through
    states: dict[str, str] = field(default_factory=dict)
    counts: dict[date, int] = field(default_factory=dict)  # local day -> reminders shown

    def remember(
        self,
        day: date,
        *,
        follow_ups: Iterable[tuple[int, datetime]],
        notices: Iterable[tuple[int, datetime]],
        walk_arounds: Iterable[tuple[int, datetime]],
        states: Mapping[str, str],
        count: int,
    ) -> None:
        self.follow_ups.update(follow_ups)
        self.notices.update(notices)
        for walk_around_id, through in walk_arounds:
            self.walk_arounds[walk_around_id] = moved_forward(
                self.walk_arounds.get(walk_around_id), through
            )
        self.states.update(states)
        self.counts[day] = self.counts.get(day, 0) + count

    def count_on(self, day: date) -> int:
        """How many reminders shown on the local ``day`` are missing from the database count."""
        return self.counts.get(day, 0)
