"""What is due, shown on the tray icon: recomputed off the GUI thread when data change."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from itfriend.core.reminders.store import ReminderStore
    from itfriend.core.status import DueSummary
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.shell.tray import Tray

log = logging.getLogger(__name__)


class DueSummaryRefresh(QObject):
    """Keeps the tray's icon, tooltip and due items up to date.

    Changes arriving together cost one query, and one arriving during a query is answered by
    one more. Each new tooltip is logged, so that how soon a write shows can be measured from
    outside (``bench/change_feed_bench.py``, tests/e2e).

    Signals:
    changed(object): a fresh DueSummary was computed and shown on the tray.
    """

    changed = Signal(object)

    def __init__(
        self, store: ReminderStore, runner: TaskRunner, tray: Tray, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._tray = tray
        self._pending = False
        self._again = False
        self._shown: str | None = None

    def refresh(self) -> None:
        if self._pending:
            self._again = True
            return
        from itfriend.core.status import due_summary

        store = self._store
        self._pending = True
        self._runner.run(lambda: due_summary(store), self._on_summary, self._on_failed)

    def _on_summary(self, summary: DueSummary) -> None:
        self._pending = False
        self._tray.set_summary(summary)
        if summary.tooltip() != self._shown:
            self._shown = summary.tooltip()
            log.info("due summary: %s", self._shown)
        self.changed.emit(summary)
        self._refresh_if_changed_meanwhile()

    def _on_failed(self, exc: BaseException) -> None:
        self._pending = False
        log.error("could not work out what is due: %s", exc, exc_info=exc)
        self._refresh_if_changed_meanwhile()

    def _refresh_if_changed_meanwhile(self) -> None:
        if self._again:
            self._again = False
            self.refresh()
