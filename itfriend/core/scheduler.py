"""The reminder rules: when the next reminder is due, what to show now, and remembering it.

The UI arms one single-shot timer for ``ReminderPlanner.next_wakeup`` (with
``timer_delay_ms``), calls ``collect`` when it fires, shows the reminders, then calls
``acknowledge`` and re-arms. Nothing here sleeps or polls; every method takes ``now``, so tests
move a FakeClock instead of waiting. What was shown is kept in the database (follow-ups'
``notified_at``, walk-arounds' ``reminded_through``, the ``app_state`` table), so that a restart
shows nothing twice, and what came due while the computer slept is collected once on waking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.orm import Session

from itfriend.core.errors import ValidationError
from itfriend.core.followups import FollowUpRow
from itfriend.core.models import Announcement, AppState, FollowUp
from itfriend.core.quiet_hours import WorkingTime, at_local, parse_clock_time, to_local
from itfriend.core.reminders import (
    Reminder,
    ReminderKind,
    backup_notice_reminder,
    digest_reminder,
    follow_up_reminder,
    more_follow_ups_reminder,
    walk_around_reminder,
)
from itfriend.core.walkarounds import record_reminded

if TYPE_CHECKING:
    from itfriend.core.services import Services

# QTimer takes a signed 32-bit millisecond count; longer delays overflow (Vorta paid for that).
MAX_TIMER_MS = 2**31 - 2
SNOOZE_PRESETS = {"1h": "In an hour", "tomorrow": "Tomorrow morning", "next-week": "Next week"}
DIGEST_SHOWN_KEY = "reminders.digest_shown_on"  # local date (ISO) the digest was last shown
SHOWN_COUNT_KEY = "reminders.shown_count"  # "YYYY-MM-DD N": prompts shown that local day


def timer_delay_ms(now: datetime, wakeup: datetime, cap_ms: int = MAX_TIMER_MS) -> int:
    """Milliseconds from ``now`` to ``wakeup`` for a single-shot timer: never negative, and
    capped (the timer then fires early, finds nothing due, and is armed again)."""
    delay = math.ceil((wakeup - now).total_seconds() * 1000)
    return max(0, min(delay, cap_ms))


class ReminderPlanner:
    """Decides when reminders are due and which to show, within quiet hours and a daily cap."""

    def __init__(self, services: Services) -> None:
        self._services = services

    @property
    def working_time(self) -> WorkingTime:
        # Read each time: the settings may change while the app runs.
        return WorkingTime.from_settings(self._services.settings)

    def _now(self, now: datetime | None) -> datetime:
        return now or self._services.clock.now()

    # --- when ----------------------------------------------------------------------------

    def next_wakeup(self, now: datetime | None = None) -> datetime | None:
        """The next moment anything becomes due (never before ``now``), moved out of quiet
        hours and days off; after the day's cap is reached, not before the next day."""
        moment = self._now(now)
        working = self.working_time
        services = self._services
        candidates = [
            c
            for c in (
                services.follow_ups.next_due(),
                services.walk_arounds.next_due(),
                services.announcements.next_follow_up_notice(),
                self._next_digest(moment, working),
            )
            if c is not None
        ]
        if not candidates:
            return None
        floor = moment
        if self._budget(moment) <= 0:
            floor = at_local(to_local(moment).date() + timedelta(days=1), time(0))
        return min(working.next_allowed(max(c, floor)) for c in candidates)

    def _digest_moment(self, day: date, working: WorkingTime) -> datetime:
        # A digest time inside quiet hours moves to their end on the same day.
        clock_time = parse_clock_time(str(self._services.settings.get("reminders.digest_time")))
        return at_local(day, working.quiet_end if working.is_quiet(clock_time) else clock_time)

    def _digest_due(self, now: datetime, working: WorkingTime) -> bool:
        today = to_local(now).date()
        return (
            working.is_working_day(today)
            and self._digest_moment(today, working) <= now
            and self._state(DIGEST_SHOWN_KEY) != today.isoformat()
        )

    def _next_digest(self, now: datetime, working: WorkingTime) -> datetime:
        today = to_local(now).date()
        if self._digest_due(now, working) and self._services.people.count_overdue() > 0:
            return now
        if working.is_working_day(today) and self._state(DIGEST_SHOWN_KEY) != today.isoformat():
            upcoming = self._digest_moment(today, working)
            if upcoming > now:
                return upcoming
        return self._digest_moment(working.next_working_day(today), working)

    # --- what ----------------------------------------------------------------------------

    def collect(self, now: datetime | None = None) -> list[Reminder]:
        """What to show now: nothing in quiet hours or on days off, at most the day's cap.

        Back-up notices, walk-arounds and the digest take a slot each; due follow-ups fill the
        remaining slots, and those that do not fit fold into one "and N more follow-ups are due"
        reminder (they stay un-notified and come on their own on a later day). One slot is kept
        for follow-ups when any are due.
        """
        moment = self._now(now)
        working = self.working_time
        budget = self._budget(moment)
        if budget <= 0 or not working.is_allowed(moment):
            return []
        services = self._services
        size = int(services.settings.get("reminders.digest_size"))
        follow_ups = [r for r in services.follow_ups.due(moment) if r.notified_at is None]
        # A back-up notice is awaited by people told that a system is down: it comes first.
        others = [
            backup_notice_reminder(n) for n in services.announcements.due_follow_up_notices(moment)
        ]
        others += [
            walk_around_reminder(d, services.walk_arounds.stalest(d.walk_around.building, size))
            for d in services.walk_arounds.due(moment)
        ]
        if self._digest_due(moment, working):
            total = services.people.count_overdue()
            if total:
                others.append(digest_reminder(total, services.people.overdue(limit=size)))
        others = others[: max(0, budget - (1 if follow_ups else 0))]
        return self._fit(follow_ups, budget - len(others)) + others

    @staticmethod
    def _fit(rows: Sequence[FollowUpRow], slots: int) -> list[Reminder]:
        if len(rows) <= slots:
            return [follow_up_reminder(r) for r in rows]
        shown = [follow_up_reminder(r) for r in rows[: slots - 1]]
        return [*shown, more_follow_ups_reminder(rows[slots - 1 :], len(shown))]

    def acknowledge(self, reminders: Sequence[Reminder], now: datetime | None = None) -> None:
        """Remember, in one transaction, that these were shown, so that none is shown again."""
        if not reminders:
            return
        moment = self._now(now)
        today = to_local(moment).date().isoformat()
        follow_up_ids = [
            i for r in reminders if r.kind is ReminderKind.FOLLOW_UP for i in r.follow_up_ids
        ]
        notice_ids = [
            r.item_id
            for r in reminders
            if r.kind is ReminderKind.BACKUP_NOTICE and r.item_id is not None
        ]
        with self._services.db.transaction() as session:
            if follow_up_ids:
                session.execute(
                    update(FollowUp)
                    .where(FollowUp.id.in_(follow_up_ids))
                    .values(notified_at=moment)
                )
            if notice_ids:  # as clear_follow_up does, but in this one transaction
                session.execute(
                    update(Announcement)
                    .where(Announcement.id.in_(notice_ids))
                    .values(follow_up_at=None)
                )
            for reminder in reminders:
                if (
                    reminder.kind is ReminderKind.WALK_AROUND
                    and reminder.item_id is not None
                    and reminder.occurrence is not None
                ):
                    record_reminded(session, reminder.item_id, reminder.occurrence)
                if reminder.kind is ReminderKind.DIGEST:
                    _set_state(session, DIGEST_SHOWN_KEY, today)
            shown = self._shown_today(moment, session) + len(reminders)
            _set_state(session, SHOWN_COUNT_KEY, f"{today} {shown}")

    # --- snoozing ------------------------------------------------------------------------

    def snooze_until(self, preset: str, now: datetime | None = None) -> datetime:
        """The moment a snooze preset means: ``1h``, ``tomorrow`` (the next working day's
        start: the end of quiet hours), ``next-week`` (the first working day of next week)."""
        moment = self._now(now)
        working = self.working_time
        today = to_local(moment).date()
        if preset == "1h":
            return moment + timedelta(hours=1)
        if preset == "tomorrow":
            return working.day_start(working.next_working_day(today))
        if preset == "next-week":
            monday = today + timedelta(days=7 - today.weekday())
            return working.day_start(working.next_working_day(monday - timedelta(days=1)))
        raise ValidationError(f"snooze for {', '.join(SNOOZE_PRESETS)}, not '{preset}'")

    def snooze(self, follow_up_id: int, preset: str, now: datetime | None = None) -> FollowUpRow:
        """Snooze a follow-up by a preset (the notification's Snooze action)."""
        return self._services.follow_ups.snooze(follow_up_id, self.snooze_until(preset, now))

    # --- the daily cap -------------------------------------------------------------------

    def _budget(self, now: datetime) -> int:
        return int(self._services.settings.get("reminders.max_per_day")) - self._shown_today(now)

    def _shown_today(self, now: datetime, session: Session | None = None) -> int:
        value = _get_state(session, SHOWN_COUNT_KEY) if session else self._state(SHOWN_COUNT_KEY)
        day, _, count = (value or "").partition(" ")
        if day != to_local(now).date().isoformat() or not count.isdigit():
            return 0
        return int(count)

    def _state(self, key: str) -> str | None:
        with self._services.db.transaction() as session:
            return _get_state(session, key)


def _get_state(session: Session, key: str) -> str | None:
    row = session.get(AppState, key)
    return row.value if row is not None else None


def _set_state(session: Session, key: str, value: str) -> None:
    row = session.get(AppState, key)
    if row is None:
        session.add(AppState(key=key, value=value))
    else:
        row.value = value
