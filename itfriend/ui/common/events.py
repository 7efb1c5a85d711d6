"""Signals that tell the shell something changed in the data, so that views refresh and the
reminder timer is re-armed. One instance is made by the app and passed to whoever needs it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


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
