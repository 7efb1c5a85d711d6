"""The Walk-around window, driven through its real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.walk_around.window import WalkAroundWindow


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, clock: FakeClock, events: DataEvents
) -> Iterator[WalkAroundWindow]:
    add = services.people.add
    ana = add("Ana North", building="North", floor="2", room="201").id
    add("Ben North", building="North", floor="1", room="104")
    add("Cleo North", building="North", floor="2", room="210")
    add("Dan South", building="South", floor="1")
    services.interactions.log(ana, "chat", at=clock.now() - timedelta(hours=1))
    shown = WalkAroundWindow(services, events)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.building.count() == 2 and len(shown.person_items()) == 3)
    yield shown
    shown.shutdown()


def names(window: WalkAroundWindow) -> list[str]:
    return [item.text(0) for item in window.person_items()]


def test_people_of_a_building_by_floor_stalest_first(window: WalkAroundWindow) -> None:
    assert window.building.currentText() == "North"
    floors = [
        window.people.topLevelItem(i).text(0)  # type: ignore[union-attr]
        for i in range(window.people.topLevelItemCount())
    ]
    assert floors == ["Floor 1", "Floor 2"]
    # On floor 2, Cleo (never seen) comes before Ana (seen an hour ago).
    assert names(window) == ["Ben North", "Cleo North", "Ana North"]
    window.show_building("South")
    assert window.building.currentText() == "South"


def test_ticking_people_logs_an_in_person_visit_for_each(
    qtbot: QtBot, window: WalkAroundWindow, services: Services, events: DataEvents
) -> None:
    assert not window.log_button.isEnabled()
    ben, cleo = window.person_items()[0], window.person_items()[1]
    ben.setCheckState(0, Qt.CheckState.Checked)
    cleo.setCheckState(0, Qt.CheckState.Checked)
    assert window.log_button.text() == "Log 2 visits"
    window.note.setText("checked the new printers")
    with qtbot.waitSignal(events.contacts_changed):
        qtbot.mouseClick(window.log_button, Qt.MouseButton.LeftButton)
    assert "Logged 2 in-person contacts" in window.status.text()
    for name in ("Ben North", "Cleo North"):
        person_id = services.people.resolve(name)
        [visit] = services.interactions.history(person_id)
        assert (visit.channel, visit.summary) == ("in-person", "checked the new printers")
    assert services.interactions.history(services.people.resolve("Dan South")) == []


def test_adding_and_removing_a_schedule(
    qtbot: QtBot, window: WalkAroundWindow, services: Services, events: DataEvents
) -> None:
    window.day_boxes["tue"].setChecked(True)
    window.day_boxes["thu"].setChecked(True)
    with qtbot.waitSignal(events.schedule_changed):
        window.add_schedule()
    [schedule] = services.walk_arounds.list()
    assert schedule.building == "North" and "BYDAY=TU,TH" in schedule.rule
    qtbot.waitUntil(lambda: window.schedules.count() == 1)
    assert window.schedules.item(0).text().startswith("North: next Thu")
    window.schedules.setCurrentRow(0)
    with qtbot.waitSignal(events.schedule_changed):
        window.remove_schedule()
    assert services.walk_arounds.list() == []


def test_a_schedule_needs_a_day(window: WalkAroundWindow, services: Services) -> None:
    window.add_schedule()
    assert "at least one day" in window.status.text()
    assert services.walk_arounds.list() == []
