"""The one way the UI writes: on the shared pool, off the GUI thread, then announced.

A window hands ``WritePath.write`` the write as a function of no arguments (it calls the core
services and returns what they return) and the ``Change``s it makes. The function runs on a pool
thread with its own database session; back on the GUI thread the window's ``on_done`` sees the
result, then ``DataEvents`` announces the changes, so that every view and the reminder timer learn
of the write from here and nowhere else. A failure reaches ``on_error``, or else the window's own
report (its status line), never as a traceback.

Reads go through ``read``: the same pool, the same report, nothing announced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.tasks import OnError, TaskRunner

Changes = Iterable[Change] | Callable[[Any], Iterable[Change]]


class WritePath:
    """Writes and reads of one window, through its ``runner``; failures go to ``report``."""

    def __init__(self, runner: TaskRunner, events: DataEvents | None, report: OnError) -> None:
        self._runner = runner
        self._events = events
        self._report = report

    @property
    def closed(self) -> bool:
        """Whether the window has shut down (its runner takes no more work)."""
        return self._runner.closed

    def write(
        self,
        work: Callable[[], Any],
        changes: Changes = (),
        on_done: Callable[[Any], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        """Run ``work`` off the GUI thread; then ``on_done(result)`` and announce ``changes``
        (or ``changes(result)``, when what changed depends on the result)."""

        def announce(result: Any) -> None:
            if self._events is not None:
                self._events.announce(changes(result) if callable(changes) else changes)

        def done(result: Any) -> None:
            try:
                if on_done is not None:
                    on_done(result)
            finally:
                announce(result)

        # Closed meanwhile (the dialog was cancelled), the window hears nothing, but what
        # changed is still announced: the write went through.
        self._runner.run(work, done, on_error or self._report, on_closed_done=announce)

    def read(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: OnError | None = None,
    ) -> None:
        """Run ``work`` off the GUI thread, then ``on_done(result)``; nothing is announced."""
        self._runner.run(work, on_done, on_error or self._report)
