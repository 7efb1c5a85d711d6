"""Open windows refresh what was written elsewhere: the change rows that the real recorder wrote
are read from the feed and handed to the router, as the tray's change watcher does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.change_feed import SqliteChangeFeed
from itfriend.core.groups import GroupRule
from itfriend.core.services import Services
from itfriend.core.templates.fileformat import TemplateDraft
from itfriend.ui.common.events import DataEvents
from itfriend.ui.groups.window import GroupsWindow
from itfriend.ui.shell.change_routing import ChangeRouter
from itfriend.ui.templates.window import TemplatesWindow
from itfriend.ui.walk_around.window import WalkAroundWindow


class FeedReader:
    """Hands the router what was written since the last call."""

    def __init__(self, services: Services, events: DataEvents) -> None:
        self._feed = SqliteChangeFeed(services.paths.database)
        self._last = self._feed.latest_id()
        self._router = ChangeRouter(events)

    def deliver(self) -> None:
        changes = self._feed.changes_since(self._last)
        assert changes, "nothing was written"
        self._last = changes[-1].id
        self._router.route(changes)


@pytest.fixture
def feed(services: Services, events: DataEvents) -> Iterator[FeedReader]:
    yield FeedReader(services, events)


def test_the_groups_window_shows_a_group_added_elsewhere(
    qtbot: QtBot, services: Services, events: DataEvents, feed: FeedReader
) -> None:
    services.groups.add("Northerners", GroupRule(buildings=("North",)))
    window = GroupsWindow(services, events)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.groups.count() == 1, timeout=5_000)
        services.groups.add("Southerners", GroupRule(buildings=("South",)))
        feed.deliver()
        qtbot.waitUntil(lambda: window.groups.count() == 2, timeout=5_000)
    finally:
        window.shutdown()


def test_the_templates_window_lists_a_template_made_elsewhere(
    qtbot: QtBot, services: Services, events: DataEvents, feed: FeedReader
) -> None:
    window = TemplatesWindow(services, events)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)  # its list is read
        assert "printer-fixed" not in window.names()
        draft = TemplateDraft("printer-fixed", "Printer fixed", "It works again.")
        services.templates.create(draft)
        feed.deliver()
        qtbot.waitUntil(lambda: "printer-fixed" in window.names(), timeout=5_000)
    finally:
        window.shutdown()


def test_the_walk_around_window_lists_a_schedule_added_elsewhere(
    qtbot: QtBot, services: Services, events: DataEvents, feed: FeedReader
) -> None:
    services.people.add("Ana North", building="North")
    services.walk_arounds.add("North", "FREQ=WEEKLY;BYDAY=TH;BYHOUR=10;BYMINUTE=0")
    window = WalkAroundWindow(services, events)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.schedules.count() == 1, timeout=5_000)
        services.walk_arounds.add("North", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0")
        feed.deliver()
        qtbot.waitUntil(lambda: window.schedules.count() == 2, timeout=5_000)
    finally:
        window.shutdown()
