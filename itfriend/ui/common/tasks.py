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


def wait_for_shared_pool(msecs: int = 15_000) -> bool:
    """Block until every task of every runner has returned (at app exit)."""
    return _shared is None or bool(_shared.waitForDone(msecs))


def _log_error(exc: BaseException) -> None:
    log.error("background task failed: %s", exc, exc_info=exc)


class _Carrier(QObject):
    """Lives on the GUI thread; holds a task's work and outcome, and calls its callbacks there.

    Signals:
    done(bool): the work ended, True when it raised (emitted from the pool thread); ``outcome``
        holds what it returned or raised.
    """

    done = Signal(bool)

    def __init__(self, work: Work, on_done: OnDone, on_error: OnError, runner: TaskRunner) -> None:
        super().__init__(runner)
        self.work: Work | None = work
        self.outcome: Any = None
        self._on_done = on_done
        self._on_error = on_error
        self._runner = runner
        self.done.connect(self._deliver)

    @Slot(bool)
    def _deliver(self, failed: bool) -> None:
        outcome, self.outcome, self.work = self.outcome, None, None
        try:
            if not self._runner.closed:
                (self._on_error if failed else self._on_done)(outcome)
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

    def drop_waiting(self) -> None:
        with self._changed:
            self._waiting.clear()

    def wait(self, msecs: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._running == 0, msecs / 1000)


class _Job(QRunnable):
    def __init__(self, carrier: _Carrier, lane: _Lane) -> None:
        super().__init__()
        self._carrier = carrier
        self._lane = lane

    def run(self) -> None:
        carrier = self._carrier
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
            carrier.done.emit(failed)
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

    def run(self, work: Work, on_done: OnDone, on_error: OnError | None = None) -> None:
        """Call ``work()`` on a pool thread, then ``on_done(result)`` or ``on_error(exc)`` here."""
        if self.closed:
            raise RuntimeError("this task runner was closed")
        carrier = _Carrier(work, on_done, on_error or _log_error, self)
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
        """Drop results still to come and wait for the running work to finish, at most
        ``timeout_ms``: a hung server (SMTP, keyring) must not hold up Quit or logout."""
        self.closed = True
        self._lane.drop_waiting()
        if not self._lane.wait(timeout_ms):
            log.warning("background work still running after %d ms; not waiting", timeout_ms)
        for carrier in list(self._pending):
            self._forget(carrier)

    def _forget(self, carrier: _Carrier) -> None:
        if carrier in self._pending:
            self._pending.discard(carrier)
            carrier.deleteLater()
            if not self._pending:
                self.idle.emit()
