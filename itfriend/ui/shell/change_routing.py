"""Turns what the change feed read into the ``DataEvents`` signals the tray and windows already
follow, so that a write from the CLI (or any other process) refreshes them as their own do.

While the signals of one read are emitted, ``DataEvents.feed_rows`` names the rows that changed:
a listener that can refresh single rows (the People window) reads it, the others reload as for
their own writes. The due summary, the reminder timer and the cool-down countdown follow these
signals already (see ``app.py`` and ``all_day.py``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from itfriend.core.change_feed import Change, SqliteChangeFeed
from itfriend.core.change_feed.changed_rows import ChangedRows
from itfriend.ui.shell.change_watcher import ChangeWatcher

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

# Which signal a table's changes emit. People's rows carry their last contact too (a logged
# contact updates it in the same transaction). Settings live in a file, not in the database.
TABLE_SIGNALS: dict[str, str] = {
    "people": "people_changed",
    "person_systems": "people_changed",
    "systems": "people_changed",
    "interactions": "contacts_changed",
    "follow_ups": "follow_ups_changed",
    "walk_arounds": "schedule_changed",
    "cool_downs": "schedule_changed",
    "announcements": "schedule_changed",  # a back-up notice reminder may come with one
    "groups": "groups_changed",
    "group_members": "groups_changed",
    "templates": "templates_changed",
}


class ChangeRouter(QObject):
    """Emits, once each, the signals for the tables one read of the feed touched.

    A QObject so that its parent keeps it: a signal connected to a plain object's method would
    let go of it silently."""

    def __init__(self, events: DataEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events = events

    def route(self, changes: list[Change]) -> None:
        self.emit_for(ChangedRows.from_changes(changes))

    def reload_everything(self) -> None:
        self.emit_for(ChangedRows.all_tables())

    def emit_for(self, rows: ChangedRows) -> None:
        names = dict.fromkeys(name for table, name in TABLE_SIGNALS.items() if rows.touches(table))
        signals: list[SignalInstance] = [getattr(self._events, name) for name in names]
        log.debug("change feed: %s", ", ".join(names) or "nothing shown")
        self._events.feed_rows = rows
        try:
            for signal in signals:
                signal.emit()
        finally:
            self._events.feed_rows = None


def follow_change_feed(
    database: Path, events: DataEvents, runner: TaskRunner, parent: QObject
) -> ChangeWatcher:
    """Start following the database's change feed; its changes go out as ``events``' signals.
    The caller wakes the watcher on the "changed" socket message and stops it at shutdown."""
    watcher = ChangeWatcher(SqliteChangeFeed(database), runner, parent)
    router = ChangeRouter(events, watcher)
    watcher.changes_read.connect(router.route)
    watcher.reload_all.connect(router.reload_everything)
    watcher.start()
    return watcher
