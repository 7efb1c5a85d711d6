"""Runs slow work (reading 100,000 people, importing, exporting) off the GUI thread.

The work function runs on a pool thread and must not touch widgets; its result or exception is
handed back to callbacks on the GUI thread. Each task makes its own database session
(``Database.transaction()`` opens one per call), so no session crosses threads.

The callbacks are called through a small QObject made on the GUI thread: a signal emitted from
the pool thread is queued to it, so the callbacks always run on the GUI thread (as Picard's
``run_task`` and Anki's ``QueryOp`` do).

All runners share one pool (``shared_pool()``), as Picard's ``tagger.thread_pool`` does: its
threads exit after a few seconds idle, so an idle tray holds no worker threads. Each runner still
limits how many of its own tasks run at once (one, for a window whose work must run in order).

The pool thread lets go of nothing: the work function and its result (or exception) are left on
that QObject and let go on the GUI thread, and the signal carries no Python object. Were a last
reference dropped on the pool thread, a QObject it held would be deleted there; its destructor
takes Qt's signal lock and then waits for Python's lock, which the GUI thread may hold while it
deletes another object under the same signal lock: both would wait for ever (seen under load).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Work = Callable[[], Any]
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


# Idle threads of the shared pool exit after this long: a burst of work (a window opening) reuses
# them, and an idle tray is left with none, at the cost of one wake-up per thread when they go.
THREAD_EXPIRY_MS = 5_000
MAX_THREADS = 8

_shared: QThreadPool | None = None


def shared_pool() -> QThreadPool:
    """The one thread pool of the UI, made on first use."""
    global _shared
    if _shared is None:
        _shared = QThreadPool()
        _shared.setMaxThreadCount(MAX_THREADS)
        _shared.setExpiryTimeout(THREAD_EXPIRY_MS)
    return _shared


def _log_error(exc: BaseException) -> None:
    log.error("background task failed: %s", exc, exc_info=exc)


class _Carrier(QObject):
    """Lives on the GUI thread; holds a task's work and outcome, and calls its callbacks there.

    Signals:
    done(): the work ended (emitted from the pool thread); ``outcome`` holds what it returned or
        raised, ``failed`` says which.
    """

    done = Signal()

    def __init__(
        self,
        work: Work,
        on_done: OnDone,
        on_error: OnError,
        on_closed_done: OnDone | None,
        runner: TaskRunner,
    ) -> None:
        super().__init__(runner)
        self.work: Work | None = work
        self.outcome: Any = None
        self.finished = False  # set on the pool thread before ``done`` is emitted
        self.failed = False
        self._on_done = on_done
        self._on_error = on_error
        self._on_closed_done = on_closed_done
        self._runner = runner
        self.done.connect(self._hand_over)

    @Slot()
    def _hand_over(self) -> None:
        """On the GUI thread: the callback for the outcome; after the runner was closed only
        ``on_closed_done`` (what must happen even though the window is gone)."""
        outcome, self.outcome, self.work = self.outcome, None, None
        try:
            if not self._runner.closed:
                (self._on_error if self.failed else self._on_done)(outcome)
            elif not self.failed and self._on_closed_done is not None:
                self._on_closed_done(outcome)
        finally:
            self._runner._forget(self)


class _Lane:
    """One runner's share of the pool: at most ``limit`` of its jobs run at once, the others wait
    here in order. Plain Python (no QObject), since pool threads use it and may let it go."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._changed = threading.Condition()
        self._waiting: deque[_Job] = deque()
        self._running = 0

    def start(self, job: _Job) -> None:
        with self._changed:
            if self._running >= self._limit:
                self._waiting.append(job)
                return
            self._running += 1
        shared_pool().start(job)

    def finished(self) -> None:
        """Called on the pool thread when a job's work has returned."""
        with self._changed:
            if not self._waiting:
                self._running -= 1
                self._changed.notify_all()
                return
            job = self._waiting.popleft()
        shared_pool().start(job)

    def wait(self, msecs: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._running == 0, msecs / 1000)


class _Job(QRunnable):
    def __init__(self, carrier: _Carrier, lane: _Lane) -> None:
        super().__init__()
        self._carrier: _Carrier | None = carrier
        self._lane = lane

    def run(self) -> None:
        # Only this frame holds the carrier, and it lets go before the lane hears that the job
        # ended: ``TaskRunner.close`` waits for that, and only then does the GUI thread let the
        # carrier go, so that the pool thread never holds a carrier the GUI thread deletes.
        carrier, self._carrier = self._carrier, None
        assert carrier is not None
        work = carrier.work
        failed = False
        try:
            outcome = work() if work is not None else None
        except Exception as exc:
            outcome, failed = exc, True
        # The owner (and its carrier) may be deleted while the work ran: nobody wants the result.
        with contextlib.suppress(RuntimeError):
            carrier.outcome = outcome
            del work, outcome  # the carrier's references are the last ones now
            carrier.failed = failed
            carrier.finished = True
            carrier.done.emit()
        del carrier
        self._lane.finished()


class TaskRunner(QObject):
    """Runs work functions on the shared pool and reports back on the GUI thread.

    Give each window its own runner (parented to it) and call ``close()`` when the window goes
    away: results that arrive later are dropped instead of reaching deleted widgets.

    Signals:
    idle(): the last running task has reported back.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._lane = _Lane(max_threads)
        self._pending: set[_Carrier] = set()
        self.closed = False

    def run(
        self,
        work: Work,
        on_done: OnDone,
        on_error: OnError | None = None,
        on_closed_done: OnDone | None = None,
    ) -> None:
        """Call ``work()`` on a pool thread, then ``on_done(result)`` or ``on_error(exc)`` here.

        If the runner is closed before that, neither is called; ``on_closed_done(result)`` is,
        when given (a write that went through is still announced after its window closed). It
        comes with the event loop: a runner dropped before then (one of no window) loses it.
        """
        if self.closed:
            raise RuntimeError("this task runner was closed")
        carrier = _Carrier(work, on_done, on_error or _log_error, on_closed_done, self)
        self._pending.add(carrier)
        self._lane.start(_Job(carrier, self._lane))

    @property
    def busy(self) -> bool:
        """Whether a task is running or its result has not been delivered yet."""
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running work functions return (their callbacks come later, queued)."""
        return self._lane.wait(msecs)

    def close(self, timeout_ms: int = 15_000) -> None:
        """Wait for the work given (running or waiting its turn) to finish, at most
        ``timeout_ms``: a hung server (SMTP, keyring) must not hold up Quit or logout. Its
        results are dropped, but for the ``on_closed_done`` of the work that ended, called as
        its report arrives."""
        self.closed = True
        if not self._lane.wait(timeout_ms):
            log.warning("background work still running after %d ms; not waiting", timeout_ms)
        for carrier in list(self._pending):
            # What ended is handed over by its queued signal, soon (only ``on_closed_done``).
            if not carrier.finished:
                self._forget(carrier)

    def _forget(self, carrier: _Carrier) -> None:
        if carrier in self._pending:
            self._pending.discard(carrier)
            carrier.deleteLater()
            if not self._pending:
                self.idle.emit()
