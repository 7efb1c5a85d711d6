"""The reminder rules: when the next reminder is due, what to show now, and remembering it.

The UI arms one single-shot timer for ``ReminderPlanner.next_wakeup`` (with
``timer_delay_ms``), calls ``collect`` when it fires, shows the reminders, then calls
``acknowledge`` and re-arms. Nothing here sleeps or polls; every method takes ``now``, so tests
move a FakeClock instead of waiting. What was shown is kept in the database (follow-ups'
``notified_at``, walk-arounds' ``reminded_through``, the ``app_state`` table), so that a restart
shows nothing twice, and what came due while the computer slept is collected once on waking.
When that write is refused, the planner remembers in memory instead (``ShownThisRun``), so that
each reminder is still shown once in this run.
The planner reads and writes through a ``ReminderStore`` (plain sqlite3): it runs all day in the
tray, which must not load SQLAlchemy for it. Snoozing is the ORM's ``FollowUpService.snooze``
with ``snooze_until``'s moment.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.reminders.messages import (
    Reminder,
    ReminderKind,
    backup_notice_reminder,
    digest_reminder,
    follow_up_reminder,
    more_follow_ups_reminder,
    walk_around_reminder,
)
from itfriend.core.reminders.quiet_hours import WorkingTime, at_local, parse_clock_time, to_local
from itfriend.core.reminders.shown_this_run import ShownThisRun
from itfriend.core.reminders.store import ReminderStore, day_count
from itfriend.core.rows.follow_ups import FollowUpRow

log = logging.getLogger(__name__)

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

    def __init__(self, store: ReminderStore) -> None:
        self._store = store
        self._unrecorded = ShownThisRun()

    @property
    def working_time(self) -> WorkingTime:
        # Read each time: the settings may change while the app runs.
        return WorkingTime.from_settings(self._store.settings)

    def _now(self, now: datetime | None) -> datetime:
        return now or self._store.clock.now()

    # --- when ----------------------------------------------------------------------------

    def next_wakeup(self, now: datetime | None = None) -> datetime | None:
        """The next moment anything becomes due (never before ``now``), moved out of quiet
        hours and days off; after the day's cap is reached, not before the next day."""
        moment = self._now(now)
        working = self.working_time
        store, unrecorded = self._store, self._unrecorded
        candidates = [
            c
            for c in (
                store.next_follow_up_due(unrecorded.follow_ups),
                store.next_walk_around_due(unrecorded.walk_arounds),
                store.next_follow_up_notice(unrecorded.notices),
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
        clock_time = parse_clock_time(str(self._store.settings.get("reminders.digest_time")))
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
        if self._digest_due(now, working) and self._store.count_overdue() > 0:
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
        store, unrecorded = self._store, self._unrecorded
        size = int(store.settings.get("reminders.digest_size"))
        follow_ups = [
            r
            for r in store.follow_ups_due(moment)
            if r.notified_at is None and (r.id, r.due) not in unrecorded.follow_ups
        ]
        # A back-up notice is awaited by people told that a system is down: it comes first.
        others = [
            backup_notice_reminder(n)
            for n in store.due_follow_up_notices(moment)
            if (n.announcement_id, n.due) not in unrecorded.notices
        ]
        others += [
            walk_around_reminder(d, store.stalest(d.walk_around.building, size))
            for d in store.walk_arounds_due(moment, unrecorded.walk_arounds)
        ]
        if self._digest_due(moment, working):
            total = store.count_overdue()
            if total:
                others.append(digest_reminder(total, store.overdue(limit=size)))
        others = others[: max(0, budget - (1 if follow_ups else 0))]
        return self._fit(follow_ups, budget - len(others)) + others

    @staticmethod
    def _fit(rows: Sequence[FollowUpRow], slots: int) -> list[Reminder]:
        if len(rows) <= slots:
            return [follow_up_reminder(r) for r in rows]
        shown = [follow_up_reminder(r) for r in rows[: slots - 1]]
        return [*shown, more_follow_ups_reminder(rows[slots - 1 :], len(shown))]

    def acknowledge(self, reminders: Sequence[Reminder], now: datetime | None = None) -> None:
        """Remember, in one transaction, that these were shown, so that none is shown again.

        When that cannot be written (the store refuses writes, or the disk or folder does), they
        are remembered in memory for the rest of this run instead, and the refusal is logged:
        they were shown, and showing them again at each retry would only repeat them.
        """
        if not reminders:
            return
        moment = self._now(now)
        follow_ups = [
            (i, r.due)
            for r in reminders
            if r.kind is ReminderKind.FOLLOW_UP
            for i in r.follow_up_ids
        ]
        notices = [
            (r.item_id, r.due)
            for r in reminders
            if r.kind is ReminderKind.BACKUP_NOTICE and r.item_id is not None
        ]
        walk_arounds = [
            (r.item_id, r.occurrence)
            for r in reminders
            if r.kind is ReminderKind.WALK_AROUND
            and r.item_id is not None
            and r.occurrence is not None
        ]
        state = (
            {DIGEST_SHOWN_KEY: to_local(moment).date().isoformat()}
            if any(r.kind is ReminderKind.DIGEST for r in reminders)
            else {}
        )
        try:
            self._store.record_shown(
                moment,
                follow_up_ids=[i for i, _ in follow_ups],
                # As clear_follow_up does, but in this one transaction.
                notice_ids=[i for i, _ in notices],
                walk_arounds=walk_arounds,
                state=state,
                count_key=SHOWN_COUNT_KEY,
                count=len(reminders),
            )
        except StorageError as exc:
            log.warning("shown reminders could not be recorded, so kept until quitting: %s", exc)
            self._unrecorded.remember(
                to_local(moment).date(),
                follow_ups=[(i, due) for i, due in follow_ups if due is not None],
                notices=[(i, due) for i, due in notices if due is not None],
                walk_arounds=walk_arounds,
                states=state,
                count=len(reminders),
            )

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

    # --- the daily cap -------------------------------------------------------------------

    def _budget(self, now: datetime) -> int:
        limit = int(self._store.settings.get("reminders.max_per_day"))
        today = to_local(now).date()
        recorded = day_count(self._store.state(SHOWN_COUNT_KEY), today)
        return limit - recorded - self._unrecorded.count_on(today)

    def _state(self, key: str) -> str | None:
        # What could not be written in this run wins over what the database still holds.
        return self._unrecorded.states.get(key) or self._store.state(key)
