"""Signals that tell the shell something changed in the data, so that views refresh and the
reminder timer is re-armed. One instance is made by the app and passed to whoever needs it.

Windows do not emit them by hand: a write names what it changes (``Change``) and the write path
(``ui.common.write_path``) announces it here once the write has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from itfriend.core.change_feed.changed_rows import ChangedRows


class Change(Enum):
    """What a write changed; each names the ``DataEvents`` signal that announces it."""

    PEOPLE = "people_changed"
    CONTACTS = "contacts_changed"
    FOLLOW_UPS = "follow_ups_changed"
    SETTINGS = "settings_changed"
    SCHEDULE = "schedule_changed"


class DataEvents(QObject):
    """Signals:
    people_changed: people were added, edited, removed or imported.
    contacts_changed: an interaction was logged, edited or deleted (last-contact dates moved).
    follow_ups_changed: a follow-up was added, done, snoozed or removed.
    settings_changed: the user saved settings.
    schedule_changed: walk-arounds or cool-downs changed (the reminder timer must be re-armed).
    groups_changed: groups or their hand-picked members changed elsewhere (from the feed).
    templates_changed: templates changed elsewhere (from the feed).

    The change feed (``ui/shell/change_routing.py``) emits them too, for writes made anywhere;
    while it does, ``feed_rows`` names the rows that changed, for listeners that can refresh
    just those. It is None for a window's own emission.
    """

    people_changed = Signal()
    contacts_changed = Signal()
    follow_ups_changed = Signal()
    settings_changed = Signal()
    schedule_changed = Signal()
    groups_changed = Signal()
    templates_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed_rows: ChangedRows | None = None

    def announce(self, changes: Iterable[Change]) -> None:
        """Emit the signal of each change, once each, in the order given."""
        for change in dict.fromkeys(changes):
            getattr(self, change.value).emit()
