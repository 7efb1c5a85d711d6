"""Running cool-downs in the tray: the countdown in the tooltip and icon, and the end of each.

One single-shot timer is armed for the next moment something changes: the soonest end, or,
while a cool-down runs, the next time its shown minutes go down (about once a minute). With no
cool-down running the timer is stopped, so an idle itfriend does nothing. Ends are found on the
wall clock (``clock.now()``) each time the timer fires, so a sleep or a restart cannot lose one:
what ended while itfriend was not running is announced once at start.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from itfriend.core.errors import ItfriendError
from itfriend.core.reminders.scheduler import timer_delay_ms
from itfriend.core.rows.cool_downs import CoolDownRow
from itfriend.platform.notifications.base import DEFAULT_ACTION, Notifier
from itfriend.ui.common.icons import icon
from itfriend.ui.common.timers import NamedTimer, OneAtATime

if TYPE_CHECKING:
    from itfriend.core.clock import Clock
    from itfriend.core.reminders.store import ReminderStore
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.shell.tray import Tray

log = logging.getLogger(__name__)

OVERLAY = "itfriend-cooldown"
MINUTE_MS = 60_000
MOST_LINES = 4


def cool_down_name(row: CoolDownRow) -> str:
    return row.label or f"cool-down #{row.id}"


def minutes_left(row: CoolDownRow, now: datetime) -> int:
    """Whole minutes left, rounded up: "ends in 1 min" until the very end."""
    return math.ceil(row.remaining(now).total_seconds() / 60)


def countdown_text(rows: Sequence[CoolDownRow], now: datetime) -> str:
    """The tray's lines for running cool-downs, e.g. "Cool-down: INC-1234 ends in 6 min"."""
    lines = []
    for row in rows[:MOST_LINES]:
        left = minutes_left(row, now)
        when = f"ends in {left} min" if left > 0 else "time's up"
        lines.append(f"Cool-down: {cool_down_name(row)} {when}")
    if len(rows) > MOST_LINES:
        lines.append(f"…and {len(rows) - MOST_LINES} more")
    return "\n".join(lines)


class CoolDownCountdown(QObject):
    """Keeps the tray's countdown current and announces each cool-down whose time is up.

    Call ``refresh()`` at start and whenever cool-downs change (``DataEvents.schedule_changed``);
    the timer calls ``check()``. Ended cool-downs are marked ended in the data before ``ended``
    is emitted, so each is announced once, even across restarts.

    Signals:
    ended(object): this CoolDownRow's time is up (it is now in state "ended").
    armed(int): the timer was armed to fire in this many milliseconds.
    """

    ended = Signal(object)
    armed = Signal(int)

    def __init__(
        self,
        store: ReminderStore,
        clock: Clock,
        runner: TaskRunner,
        tray: Tray | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._runner = runner
        self._tray = tray
        self._rows: list[CoolDownRow] = []
        # A change arriving mid-load loads once more afterwards, not twice at once.
        self._loads = OneAtATime(
            lambda: self._runner.run(self._collect, self._collected, self._failed)
        )
        self._on_tray = False
        self._timer = NamedTimer("cool-down-timer", 0, self.check, self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)

    @property
    def running(self) -> list[CoolDownRow]:
        """The running cool-downs as last loaded, soonest end first."""
        return list(self._rows)

    @property
    def remaining_ms(self) -> int:
        """Milliseconds until the timer fires; -1 when it is stopped (nothing runs)."""
        return self._timer.remainingTime()

    def refresh(self) -> None:
        """Reload the running cool-downs off the GUI thread, ending those whose time is up."""
        if not self._runner.closed:
            self._loads.request()

    def check(self) -> None:
        """The timer fired: end what is due, or just move the countdown on."""
        now = self._clock.now()
        if any(row.ends_at <= now for row in self._rows):
            self.refresh()
        else:
            self.show_on_tray()
            self._arm()

    def stop(self) -> None:
        self._timer.stop()

    def show_on_tray(self) -> None:
        """Put the countdown on the tray (again: a new due summary replaces tooltip and icon)."""
        if self._tray is None:
            return
        summary = self._tray.summary
        if not self._rows:
            if self._on_tray:
                self._on_tray = False
                if summary is not None:
                    self._tray.set_summary(summary)
                else:
                    self._tray.icon.setIcon(icon("itfriend"))
                    self._tray.set_tooltip("itfriend")
            return
        self._on_tray = True
        text = countdown_text(self._rows, self._clock.now())
        if summary is not None:
            self._tray.set_summary(summary, overlay=OVERLAY)
            text += "\n" + summary.tooltip()
        else:
            self._tray.icon.setIcon(icon(OVERLAY))
        self._tray.set_tooltip(text)

    def _collect(self) -> tuple[list[CoolDownRow], list[CoolDownRow]]:
        """On a worker thread: end the due cool-downs; return them and those still running."""
        ended = []
        now = self._clock.now()
        for row in self._store.running_cool_downs():
            if row.ends_at <= now:
                # Replied to (or stopped) a moment ago: nothing to announce.
                with contextlib.suppress(ItfriendError):
                    ended.append(self._store.end_cool_down(row.id))
        return ended, self._store.running_cool_downs()

    def _collected(self, result: tuple[list[CoolDownRow], list[CoolDownRow]]) -> None:
        ended, running = result
        self._rows = running
        for row in ended:
            self.ended.emit(row)
        self.show_on_tray()
        self._arm()
        if not self._runner.closed:
            self._loads.finished()

    def _arm(self) -> None:
        if not self._rows:
            self._timer.stop()
            return
        now = self._clock.now()
        until_end = timer_delay_ms(now, self._rows[0].ends_at)
        # The shown minutes of the soonest cool-down go down at whole minutes before its end.
        until_tick = until_end % MINUTE_MS or MINUTE_MS
        delay = min(until_end, until_tick)
        self._timer.start(delay)
        self.armed.emit(delay)

    def _failed(self, exc: BaseException) -> None:
        if not self._runner.closed:
            self._loads.finished()
        log.error("cool-downs could not be read: %s", exc, exc_info=exc)
        if self._rows:
            self._timer.start(MINUTE_MS)  # try again soon rather than never


def announce_time_up(
    notifier: Notifier, row: CoolDownRow, open_reply: Callable[[int], None], enabled: bool = True
) -> None:
    """Say that ``row``'s time is up, with an action that opens its reply window.

    With notifications switched off (or none shown), the reply window opens at once instead:
    the end of a cool-down must not pass unnoticed.
    """
    title = f"Time's up for {cool_down_name(row)}: read it once more, then reply"
    excerpt = " ".join(row.ticket_text.split())
    body = excerpt if len(excerpt) <= 140 else excerpt[:139] + "…"
    shown = enabled and notifier.notify(
        title,
        body,
        actions=[(DEFAULT_ACTION, "Reply"), ("reply", "Reply")],
        on_action=lambda _key: open_reply(row.id),
    )
    if not shown:
        log.info("time is up for %s; opening its reply window", cool_down_name(row))
        open_reply(row.id)
