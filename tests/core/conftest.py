"""Fixtures of the core tests: the tray's ``ReminderStore`` over the ``services`` database."""

from __future__ import annotations

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.reminder_store import ReminderStore
from itfriend.core.services import Services


@pytest.fixture
def store(services: Services, clock: FakeClock) -> ReminderStore:
    """The plain-sqlite3 store over the same file, settings and clock as ``services`` (tests set
    data up through the ORM services and read it back through the store)."""
    return ReminderStore(services.paths.database, services.settings, clock)
