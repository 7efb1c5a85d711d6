"""Signals that tell the shell something changed in the data, so that views refresh and the
reminder timer is re-armed. One instance is made by the app and passed to whoever needs it.

Windows do not emit them by hand: a write names what it changes (``Change``) and the write path
(``ui.common.write_path``) announces it here once the write has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtCore import QObject, Signal


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
    """

    people_changed = Signal()
    contacts_changed = Signal()
    follow_ups_changed = Signal()
    settings_changed = Signal()
    schedule_changed = Signal()

    def announce(self, changes: Iterable[Change]) -> None:
        """Emit the signal of each change, once each, in the order given."""
        for change in dict.fromkeys(changes):
            getattr(self, change.value).emit()
