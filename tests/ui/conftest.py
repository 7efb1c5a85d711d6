"""Fixtures of the widget tests: the data-change signals and a few people to show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.people.window import PeopleWindow
from tests.ui.fakes import RecordingNotifier

# The offscreen platform warns that it cannot pass size hints to a window manager it does not
# have; that says nothing about our widgets, so it alone is let through.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def app_notifier(monkeypatch: pytest.MonkeyPatch) -> RecordingNotifier:
    """What the app would show as desktop notifications, recorded: widget tests run offscreen,
    with no session bus (the real backends are tested in tests/platform and tests/e2e)."""
    notifier = RecordingNotifier()
    monkeypatch.setattr(
        "itfriend.platform.notifications.factory.create_notifier", lambda *_: notifier
    )
    return notifier


@pytest.fixture
def events(qapp: object) -> DataEvents:
    return DataEvents()


@pytest.fixture
def people(services: Services, clock: FakeClock) -> dict[str, int]:
    """Five people added 60 days ago; some contacted since, so that one is overdue."""
    start = clock.now()
    clock.set(start - timedelta(days=60))
    ids = {
        "ada": services.people.add(
            "Ada Lovelace", department="Finance", building="North", email="ada@example.org"
        ).id,
        "grace": services.people.add("Grace Hopper", department="Engineering", building="South").id,
        "alan": services.people.add("Alan Turing", department="Research", building="North").id,
        "linus": services.people.add("Linus Pauling", department="Chemistry", building="East").id,
        "barbara": services.people.add(
            "Barbara Liskov", department="Engineering", building="West", role="Architect"
        ).id,
    }
    clock.set(start - timedelta(days=12))
    services.interactions.log(ids["ada"], "phone", "Printer jam")
    clock.set(start)
    services.interactions.log(ids["grace"], "in-person", "New laptop handed over")
    services.interactions.log(ids["alan"], "email", "VPN works again")
    services.interactions.log(ids["barbara"], "chat", "Shared drive access")
    return ids


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, events: DataEvents, people: dict[str, int]
) -> Iterator[PeopleWindow]:
    """The People window over the ``people`` fixture, loaded and shown."""
    widget = PeopleWindow(services, events)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    yield widget
    widget.shutdown()
