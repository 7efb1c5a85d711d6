"""Fires reminders at the right moment with one single-shot timer, never a polling loop.

The timer is armed for the planner's next due moment and re-armed whenever the data change. Qt
timers run on a monotonic clock that stops while the computer sleeps, and a wall-clock change
does not move them; so a long delay is cut into pieces of at most ``RESYNC_MS``: after a sleep or
a clock jump the timer fires within that time, finds what came due on the wall clock and shows
it once (the planner remembers what it showed).

Only what was shown is remembered: a reminder no notification backend could show (the daemon
gone, no tray) stays due and is tried again after ``RETRY_DELAYS_MS`` (longer each time while it
keeps failing), rather than being lost or retried in a tight loop. While it waits, other
reminders wait with it; a change to the data still checks at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from itfriend.core.clock import Clock
from itfriend.core.reminders.scheduler import ReminderPlanner, timer_delay_ms

if TYPE_CHECKING:
    from datetime import datetime

    from itfriend.core.reminders.messages import Reminder
    from itfriend.ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

RESYNC_MS = 10 * 60 * 1000
RETRY_DELAYS_MS = (5 * 60 * 1000, 15 * 60 * 1000, 60 * 60 * 1000)


class ReminderTimer(QObject):
    """``present`` shows reminders and returns those it could show (by default: all, for
    whoever listens to ``reminders_due``).

    Signals:
    reminders_due(list): reminders due now (a list of core Reminder objects).
    armed(int): the timer was armed to fire in this many milliseconds.
    checked(): the timer fired and what was due has been handled (time has passed: what is due
        may have changed even where nothing was shown, e.g. in quiet hours).
    """

    reminders_due = Signal(list)
    armed = Signal(int)
    checked = Signal()

    def __init__(
        self,
        planner: ReminderPlanner,
        clock: Clock,
        runner: TaskRunner,
        parent: QObject | None = None,
        present: Callable[[list[Reminder]], Sequence[Reminder]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._present = present
        self._retry = False  # some were not shown: try again in a while, not at once
        self._failed_checks = 0  # in a row, for the retry delay
        self._planner = planner
        self._clock = clock
        self._runner = runner
        self._timer = QTimer(self)
        self._timer.setObjectName("reminder-timer")
        self._timer.setSingleShot(True)
        # Reminders are about minutes, not milliseconds: let the OS batch the wake-up.
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.check_now)
        self._checking = False

    @property
    def remaining_ms(self) -> int:
        return self._timer.remainingTime()

    def rearm(self) -> None:
        """Work out the next due moment (off the GUI thread) and arm the timer for it."""
        if self._runner.closed:
            return
        self._runner.run(self._planner.next_wakeup, self._arm, self._on_error)

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        """Collect what is due now, hand it to whoever shows it, remember it, re-arm."""
        if self._checking or self._runner.closed:
            return
        self._checking = True
        self._runner.run(self._planner.collect, self._deliver, self._on_error)

    def _arm(self, wakeup: datetime | None) -> None:
        if wakeup is None:
            self._timer.stop()
            return
        delay = timer_delay_ms(self._clock.now(), wakeup, cap_ms=RESYNC_MS)
        self._timer.start(delay)
        self.armed.emit(delay)

    def _deliver(self, reminders: list[Reminder]) -> None:
        if reminders:
            self.reminders_due.emit(reminders)
        shown = list(self._present(reminders)) if self._present and reminders else reminders
        self._retry = len(shown) < len(reminders)
        if shown:
            self._runner.run(lambda: self._planner.acknowledge(shown), self._done, self._on_error)
        else:
            self._done(None)

    def _done(self, _result: object) -> None:
        self._checking = False
        self.checked.emit()
        if self._retry:
            delay = RETRY_DELAYS_MS[min(self._failed_checks, len(RETRY_DELAYS_MS) - 1)]
            self._failed_checks += 1
            log.warning(
                "a reminder could not be shown; trying again in %d minutes", delay // 60_000
            )
            self._timer.start(delay)
            self.armed.emit(delay)
        else:
            self._failed_checks = 0
            self.rearm()

    def _on_error(self, exc: BaseException) -> None:
        self._checking = False
        log.error("reminders could not be worked out: %s", exc, exc_info=exc)
        # Try again later rather than never: a locked database is usually brief.
        self._timer.start(RESYNC_MS)
