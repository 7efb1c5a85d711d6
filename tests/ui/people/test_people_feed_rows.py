"""The People window follows the change feed row by row: a person changed, added or removed
elsewhere (the CLI, another copy of the app) is refreshed in the table without reading everyone
again; a coarse change (an import) reloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.change_feed import Change, ChangeKind
from itfriend.core.people_search.index import LAST_CONTACT, NAME
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.people.model import DEPARTMENT
from itfriend.ui.people.window import PeopleWindow
from itfriend.ui.shell.change_routing import ChangeRouter


def names(window: PeopleWindow) -> list[str]:
    return [window.model.index(row, NAME).data() for row in range(window.model.rowCount())]


def cell(window: PeopleWindow, name: str, column: int) -> str:
    return str(window.model.index(names(window).index(name), column).data())


@pytest.fixture
def full_reads(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each read of everyone (``people.list``), counted."""
    reads: list[int] = []
    everyone: Callable[..., object] = services.people.list

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return everyone(*args, **kwargs)

    monkeypatch.setattr(services.people, "list", counted)
    return reads


def feed(events: DataEvents, *changes: tuple[str, int | None, ChangeKind]) -> None:
    """What the tray's change watcher hands on after reading these changes."""
    now = datetime.now(UTC)
    rows = [Change(n, table, row, kind, now, None) for n, (table, row, kind) in enumerate(changes)]
    ChangeRouter(events).route(rows)


def test_a_person_edited_elsewhere_is_refreshed_in_place(
    qtbot: QtBot,
    window: PeopleWindow,
    events: DataEvents,
    services: Services,
    people: dict[str, int],
    full_reads: list[int],
) -> None:
    window.show_person(people["alan"])
    selected = window.table.currentIndex().row()
    services.people.edit(people["alan"], department="Cryptography")  # no signal: "elsewhere"
    assert cell(window, "Alan Turing", DEPARTMENT) == "Research"
    with qtbot.waitSignal(window.feed_rows.applied, timeout=5_000):
        feed(events, ("people", people["alan"], ChangeKind.UPDATE))
    assert cell(window, "Alan Turing", DEPARTMENT) == "Cryptography"
    assert window.table.currentIndex().row() == selected and full_reads == []


def test_a_contact_logged_elsewhere_moves_the_last_contact_without_a_reload(
    qtbot: QtBot,
    window: PeopleWindow,
    events: DataEvents,
    services: Services,
    people: dict[str, int],
    full_reads: list[int],
) -> None:
    window.model.sort(LAST_CONTACT)  # the row moves: the rows are ordered again
    assert names(window)[-1] == "Linus Pauling"  # never contacted: last
    contact = services.interactions.log(people["linus"], "phone", "Lab printer")
    with qtbot.waitSignal(window.feed_rows.applied, timeout=5_000):
        feed(
            events,
            ("interactions", contact.id, ChangeKind.INSERT),
            ("people", people["linus"], ChangeKind.UPDATE),
        )
    assert cell(window, "Linus Pauling", LAST_CONTACT) == "today"
    assert names(window)[-1] == "Ada Lovelace" and full_reads == []


def test_people_added_and_removed_elsewhere_come_and_go(
    qtbot: QtBot,
    window: PeopleWindow,
    events: DataEvents,
    services: Services,
    people: dict[str, int],
    full_reads: list[int],
) -> None:
    window.search.setText("engineering")
    qtbot.waitUntil(lambda: names(window) == ["Barbara Liskov", "Grace Hopper"], timeout=5_000)
    window.show_person(people["grace"])
    qtbot.waitUntil(lambda: window.detail.title.text() == "Grace Hopper", timeout=5_000)
    edsger = services.people.add("Edsger Dijkstra", department="Engineering")
    services.people.remove(people["grace"])
    with qtbot.waitSignal(window.feed_rows.applied, timeout=5_000):
        feed(
            events,
            ("people", edsger.id, ChangeKind.INSERT),
            ("people", people["grace"], ChangeKind.DELETE),
        )
    assert names(window) == ["Barbara Liskov", "Edsger Dijkstra"]  # the search still applies
    assert window.count.text() == "2 of 5 people" and full_reads == []
    assert window.detail.person_id is None and not window.delete_button.isEnabled()


def test_a_change_of_many_rows_reloads_everyone(
    qtbot: QtBot, window: PeopleWindow, events: DataEvents, services: Services
) -> None:
    services.people.add("Edsger Dijkstra")
    with qtbot.waitSignal(window.loaded, timeout=5_000):
        feed(events, ("people", None, ChangeKind.INSERT))  # an import: "reload the table"
    assert "Edsger Dijkstra" in names(window)


def test_a_change_elsewhere_does_not_replace_a_row_that_the_table_reloaded_meanwhile(
    qtbot: QtBot, window: PeopleWindow, events: DataEvents, services: Services
) -> None:
    ada = services.people.resolve("ada@example.org")
    services.people.edit(ada, building="East")
    window.reload()  # started before the feed's refresh, answered after or before it
    with qtbot.waitSignal(window.feed_rows.applied, timeout=5_000):
        feed(events, ("people", ada, ChangeKind.UPDATE))
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)
    assert window.model.person_at(names(window).index("Ada Lovelace")).building == "East"
