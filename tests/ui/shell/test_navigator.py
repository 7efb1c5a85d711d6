"""The navigator and the app's socket commands: every window of the one command table opens in
the running app, at what its options name (offscreen; the real desktop is in tests/e2e)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from itfriend.core.app_commands import WINDOWS, open_arguments
from itfriend.core.groups import GroupRule
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services
from itfriend.ui.announce.dialog import AnnounceDialog
from itfriend.ui.groups.window import GroupsWindow
from itfriend.ui.log.dialog import LogContactDialog
from itfriend.ui.people.window import PeopleWindow
from itfriend.ui.shell.app import ItfriendApp
from itfriend.ui.shell.navigator import Navigator
from itfriend.ui.shell.open_context import OpenContext
from itfriend.ui.shell.openers import OPENERS
from itfriend.ui.walk_around.window import WalkAroundWindow


def test_every_window_of_the_command_table_has_an_opener_taking_its_options() -> None:
    for window in WINDOWS:
        parameters = inspect.signature(OPENERS[window.name]).parameters
        assert list(parameters)[1:] == [o.keyword for o in window.options], window.name
        for option in window.options:
            has_default = parameters[option.keyword].default is not inspect.Parameter.empty
            assert has_default is not option.required, (window.name, option.keyword)


def test_requests_before_the_app_is_ready_open_once_it_is() -> None:
    opened: list[tuple[str, object]] = []

    def open_people(context: OpenContext, person_id: int | None = None) -> None:
        opened.append((context.tasks, person_id))

    navigator = Navigator(lambda: {"people": open_people})
    navigator.open("people", person_id=3)
    navigator.open("inbox")  # no such window: logged, not raised
    assert opened == []
    context = OpenContext(None, navigator, None, "tasks", None, None)  # type: ignore[arg-type]
    navigator.start(context)
    assert opened == [("tasks", 3)]
    navigator.open("people")
    navigator.stop()
    navigator.open("people")  # closing: nothing opens any more
    assert opened == [("tasks", 3), ("tasks", None)]


def test_the_rooms_are_loaded_when_the_first_window_opens_not_when_the_app_is_ready() -> None:
    # Most of the day the tray opens no window; each room's package costs the idle tray memory.
    loads: list[str] = []

    def load() -> dict[str, object]:
        loads.append("openers")
        return {"people": lambda context: None}

    navigator = Navigator(load)  # type: ignore[arg-type]
    navigator.start(OpenContext(None, navigator, None, "tasks", None, None))  # type: ignore[arg-type]
    assert loads == []
    navigator.open("people")
    navigator.open("people")
    assert loads == ["openers"]


@pytest.mark.qt_log_ignore(
    "systemTrayWindowChanged", "does not support raise", "propagateSizeHints"
)
def test_every_window_opens_through_the_apps_socket_commands(
    qtbot: QtBot, itfriend_home: Path, services: Services
) -> None:
    services.people.add("Ada North", building="North")
    grace = services.people.add("Grace South", building="South")
    south = services.walk_arounds.add("South", "FREQ=DAILY;BYHOUR=10;BYMINUTE=0")
    services.groups.add("Northerners", GroupRule(buildings=("North",)))
    services.groups.add("Southerners", GroupRule(buildings=("South",)))
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    app = ItfriendApp(qapp, AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs"))
    app.has_tray = True
    reported: list[bool] = []
    app.change_reported.connect(lambda: reported.append(True))
    try:
        # Asked for before the app is ready, as ``itfriend open people`` starting it does.
        app.start(open_arguments("people", {"person_id": grace.id}))
        qtbot.waitUntil(lambda: "people" in app.windows.open_keys(), timeout=10_000)
        people = app.windows.window("people")
        assert isinstance(people, PeopleWindow) and people.detail.person_id == grace.id

        app.handle_arguments(["changed"])  # the CLI's "I wrote": no window for it
        app.handle_arguments(["open", "people", "--person", "many"])  # unreadable: ignored
        assert reported == [True] and app.windows.open_keys() == ["people"]

        app.handle_arguments(open_arguments("log", {"person_id": grace.id}))
        log_dialog = app.windows.window("log")
        assert isinstance(log_dialog, LogContactDialog)
        qtbot.waitUntil(lambda: log_dialog.person_id == grace.id, timeout=5_000)

        app.handle_arguments(open_arguments("walk-around", {"walk_around_id": south.id}))
        walk_around = app.windows.window("walk-around")
        assert isinstance(walk_around, WalkAroundWindow)
        qtbot.waitUntil(lambda: walk_around.building.currentText() == "South", timeout=5_000)

        app.handle_arguments(open_arguments("groups", {"group": "Southerners"}))
        groups = app.windows.window("groups")
        assert isinstance(groups, GroupsWindow)
        qtbot.waitUntil(
            lambda: groups.current is not None and groups.current.name == "Southerners",
            timeout=5_000,
        )
        app.handle_arguments(open_arguments("announce", {"group": "Northerners"}))
        assert isinstance(groups.dialog, AnnounceDialog) and groups.dialog.isVisible()
        assert groups.dialog.group_name == "Northerners"

        for name in ("templates", "cool-down", "settings"):
            app.handle_arguments(open_arguments(name))
            shown = app.windows.window(name)
            assert shown is not None and shown.isVisible(), name

        app.handle_arguments(["pick"])
        picker = app.picker
        assert picker is not None
        qtbot.waitUntil(lambda: picker.picker is not None and picker.picker.isVisible())
        assert app.windows.open_keys() == [
            "people",
            "log",
            "walk-around",
            "groups",
            "templates",
            "cool-down",
            "settings",
        ]
    finally:
        app.shutdown()
    assert app.windows.open_keys() == []
