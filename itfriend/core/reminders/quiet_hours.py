"""When reminders may be shown: working days outside quiet hours, on the local wall clock.

A reminder that comes due in quiet hours or on a day off is not dropped: it waits for
``WorkingTime.next_allowed``. Local moments are converted with the system's time-zone rules for
that very date (``naive.astimezone()``), so that a 10:00 reminder stays at 10:00 across a
daylight-saving change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from itfriend.core.clock import WEEKDAYS
from itfriend.core.settings import Settings

# A working day's start when quiet hours do not run over midnight (so they say nothing about it).
DEFAULT_DAY_START = time(9, 0)


def parse_clock_time(text: str) -> time:
    """``"09:30"`` → ``time(9, 30)``; the settings have already checked the format."""
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


def to_local(moment: datetime) -> datetime:
    """An aware moment as aware local wall-clock time (with that date's UTC offset)."""
    return moment.astimezone()


def at_local(day: date, clock_time: time) -> datetime:
    """The aware UTC moment of a local wall-clock time on a local date."""
    return datetime.combine(day, clock_time).astimezone(UTC)


class WorkingTime:
    """Quiet hours (which may run over midnight) and working days, read from the settings.

    A moment is *allowed* when its local weekday is a working day and its local time is not
    within ``[quiet.start, quiet.end)``. Equal start and end mean no quiet hours.
    """

    def __init__(self, quiet_start: time, quiet_end: time, work_days: frozenset[int]) -> None:
        if not work_days:
            raise ValueError("at least one working day is needed")
        self.quiet_start = quiet_start
        self.quiet_end = quiet_end
        self.work_days = work_days  # 0 = Monday, as date.weekday()

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkingTime:
        days = str(settings.get("work.days"))
        return cls(
            parse_clock_time(str(settings.get("quiet.start"))),
            parse_clock_time(str(settings.get("quiet.end"))),
            frozenset(WEEKDAYS.index(d.strip().lower()) for d in days.split(",") if d.strip()),
        )

    @property
    def wraps_midnight(self) -> bool:
        return self.quiet_start > self.quiet_end

    def is_quiet(self, clock_time: time) -> bool:
        start, end = self.quiet_start, self.quiet_end
        if start == end:
            return False
        if start < end:
            return start <= clock_time < end
        return clock_time >= start or clock_time < end

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.work_days

    def is_allowed(self, moment: datetime) -> bool:
        local = to_local(moment)
        return self.is_working_day(local.date()) and not self.is_quiet(local.time())

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself when allowed, else the first allowed moment after it.

        An allowed stretch always starts at a local midnight or at the end of quiet hours, so
        those are the only candidates to try, over at most eight days.
        """
        if self.is_allowed(moment):
            return moment
        first_day = to_local(moment).date()
        for offset in range(9):
            day = first_day + timedelta(days=offset)
            starts = sorted({at_local(day, time(0)), at_local(day, self.quiet_end)})
            for start in starts:
                if start > moment and self.is_allowed(start):
                    return start
        raise AssertionError("a week always has an allowed moment")  # pragma: no cover

    def day_start(self, day: date) -> datetime:
        """When a working day begins: the end of overnight quiet hours, else 09:00 (allowed)."""
        start = self.quiet_end if self.wraps_midnight else DEFAULT_DAY_START
        return self.next_allowed(at_local(day, start))

    def next_working_day(self, after: date) -> date:
        day = after + timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
