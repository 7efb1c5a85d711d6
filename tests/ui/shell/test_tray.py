"""The tray icon and the app's wiring, driven offscreen (the real tray is in tests/e2e)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.paths import AppPaths
from itfriend.core.reminders.due import AttentionItem
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services
from itfriend.core.status import DueSummary, due_summary
from itfriend.platform.instance.client import forward_to_running, server_name
from itfriend.platform.instance.server import InstanceServer
from itfriend.ui.shell.app import ItfriendApp
from itfriend.ui.shell.tray import MenuEntry, Tray


def menu_texts(tray: Tray) -> list[str]:
    tray.menu.aboutToShow.emit()
    return [a.text() for a in tray.menu.actions() if not a.isSeparator()]


def test_summary_sets_tooltip_and_menu(qtbot: QtBot) -> None:
    tray = Tray()
    opened: list[str] = []
    tray.set_entries([MenuEntry("People…", lambda: opened.append("people"))])
    assert menu_texts(tray) == ["People…", "Quit"]
    assert tray.icon.toolTip() == "itfriend"

    item = AttentionItem("follow-up", "Follow up with Jane Doe (Finance): new laptop?", 1, 7)
    tray.set_summary(DueSummary(follow_ups_due=2, people_overdue=5, items=[item]))
    assert tray.icon.toolTip() == "itfriend: 2 follow-ups due, 5 people overdue"
    texts = menu_texts(tray)
    assert texts == [
        "2 follow-ups due, 5 people overdue",
        "Follow up with Jane Doe (Finance): new laptop?",
        "People…",
        "Quit",
    ]

    with qtbot.waitSignal(tray.item_opened) as picked:
        tray.menu.actions()[1].trigger()
    assert picked.args == [item]
    next(a for a in tray.menu.actions() if a.text() == "People…").trigger()
    assert opened == ["people"]
    with qtbot.waitSignal(tray.quit_requested):
        tray.menu.actions()[-1].trigger()


def test_due_summary_counts_and_items(
    services: Services, store: ReminderStore, clock: FakeClock
) -> None:
    jane = services.people.add("Jane Doe", department="Finance", cadence_days=30)
    services.people.add("Quiet Person", cadence_days=3)
    services.follow_ups.add(jane.id, clock.now() + timedelta(hours=1), "new laptop delivered?")
    assert due_summary(store) == DueSummary()
    clock.advance(days=4)
    summary = due_summary(store)
    assert (summary.follow_ups_due, summary.people_overdue) == (1, 1)
    assert [i.title for i in summary.items] == [
        "Follow up with Jane Doe (Finance): new laptop delivered?",
        "You have not talked to Quiet Person yet",
    ]
    assert summary.tooltip() == "itfriend: 1 follow-up due, 1 person overdue"


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")  # offscreen Qt has no tray to watch
def test_app_loads_services_after_start_and_shows_what_is_due(
    qtbot: QtBot, itfriend_home: Path, services: Services, clock: FakeClock
) -> None:
    services.people.add("Never Seen", cadence_days=1, email="never@example.org")
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs")
    # The app runs on the real clock: the person added "in March" is long overdue by now.
    server = InstanceServer(server_name(str(itfriend_home)))
    app = ItfriendApp(qapp_instance(), paths, server)
    app.has_tray = True  # offscreen has none; the real one is tested in tests/e2e
    try:
        with qtbot.waitSignal(app.summary_changed, timeout=10_000) as changed:
            app.start([])
        summary = changed.args[0]
        assert summary.people_overdue == 1
        assert "1 person overdue" in app.tray.icon.toolTip()
        assert "Log a contact…" in menu_texts(app.tray)
    finally:
        app.shutdown()


@pytest.mark.qt_log_ignore("does not support raise", "propagateSizeHints")
def test_without_a_tray_the_app_says_so_and_opens_its_window(
    qtbot: QtBot, itfriend_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qapp = qapp_instance()
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    app = ItfriendApp(qapp, paths, InstanceServer(server_name(str(itfriend_home))))
    app.has_tray = False
    try:
        app.start([])
        qtbot.waitUntil(lambda: "people" in app.windows.open_keys(), timeout=10_000)
        window = app.windows.window("people")
        assert window is not None and window.isVisible()
        # Qt adds " — itfriend" (the display name) to a title that does not end with it.
        assert window.windowTitle() == "People (no system tray found) — itfriend"
        assert qapp.quitOnLastWindowClosed()
        assert "No system tray was found" in capsys.readouterr().err
    finally:
        app.shutdown()
        qapp.setQuitOnLastWindowClosed(False)


@pytest.mark.qt_log_ignore("does not support raise", "propagateSizeHints")
@pytest.mark.parametrize(
    ("arguments", "key", "title"),
    [
        (["open", "settings"], "settings", "Settings (no system tray found) — itfriend"),
        (["open", "groups"], "groups", "Groups (no system tray found) — itfriend"),
    ],
)
def test_without_a_tray_the_first_start_opens_the_window_asked_for(
    qtbot: QtBot, itfriend_home: Path, arguments: list[str], key: str, title: str
) -> None:
    qapp = qapp_instance()
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    app = ItfriendApp(qapp, paths, InstanceServer(server_name(str(itfriend_home))))
    app.has_tray = False
    try:
        app.start(arguments)
        qtbot.waitUntil(lambda: key in app.windows.open_keys(), timeout=10_000)
        assert app.windows.open_keys() == [key]  # not the People window instead, nor as well
        window = app.windows.window(key)
        assert window is not None and window.isVisible()
        assert window.windowTitle() == title
    finally:
        app.shutdown()
        qapp.setQuitOnLastWindowClosed(False)


@pytest.mark.qt_log_ignore("does not support raise", "propagateSizeHints")
def test_without_a_tray_a_request_the_app_cannot_read_opens_the_people_window(
    qtbot: QtBot, itfriend_home: Path
) -> None:
    qapp = qapp_instance()
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    app = ItfriendApp(qapp, paths, InstanceServer(server_name(str(itfriend_home))))
    app.has_tray = False
    try:
        app.start(["open", "people", "--person", str(2**70)])
        qtbot.waitUntil(lambda: "people" in app.windows.open_keys(), timeout=10_000)
        assert app.windows.open_keys() == ["people"]
    finally:
        app.shutdown()
        qapp.setQuitOnLastWindowClosed(False)


def test_a_second_start_hands_its_arguments_to_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(str(tmp_path))
    server = InstanceServer(name)
    received: list[list[str]] = []
    server.arguments_received.connect(received.append)
    # The second start is another process, as in real use (a thread would share our GIL).
    code = (
        "import sys; from itfriend.platform.instance.client import forward_to_running; "
        f"sys.exit(0 if forward_to_running({name!r}, ['show', '--x']) else 3)"
    )
    second = subprocess.Popen([sys.executable, "-c", code])
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
    finally:
        server.close()
    assert second.returncode == 0
    assert received == [["show", "--x"]]
    assert not forward_to_running(name, ["show"])  # nobody listening any more


def qapp_instance():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def test_the_tray_module_loads_no_database_layer() -> None:
    """The icon must not wait for SQLAlchemy: the app module imports only Qt and small modules."""
    code = (
        "import sys, itfriend.ui.shell.app\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'rapidfuzz', 'jinja2', 'keyring', 'plyer')]\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_window_geometry_is_kept_apart_from_settings(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from itfriend.ui.shell.window_state import WindowStateStore

    path = tmp_path / "window-state.json"
    window = QWidget()
    qtbot.addWidget(window)
    store = WindowStateStore(path)  # the app keeps its store for its whole life
    store.track(window, "people")
    window.setGeometry(40, 50, 640, 420)
    window.show()
    window.close()
    assert "people" in path.read_text()

    again = QWidget()
    qtbot.addWidget(again)
    WindowStateStore(path).track(again, "people")  # restoring needs no store kept
    assert (again.width(), again.height()) == (640, 420)
    assert not (tmp_path / "settings.json").exists()


@pytest.mark.qt_log_ignore(
    "systemTrayWindowChanged", "does not support raise", "propagateSizeHints"
)
def test_every_menu_entry_opens_its_window(qtbot: QtBot, itfriend_home: Path) -> None:
    """Each real entry of the running app's menu opens its window (no stray arguments)."""
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    app = ItfriendApp(qapp_instance(), paths)
    app.has_tray = True
    try:
        with qtbot.waitSignal(app.ready, timeout=10_000):
            app.start([])
        expected = {
            "Log a contact…": "log",
            "People…": "people",
            "Templates…": "templates",
            "Walk-around…": "walk-around",
            "Cool down…": "cool-down",
            "Groups…": "groups",
            "Settings…": "settings",
        }
        app.tray.menu.aboutToShow.emit()
        actions = {a.text(): a for a in app.tray.menu.actions()}
        assert app.services is None  # the idle tray has not loaded them
        for label, key in expected.items():
            actions[label].trigger()
            # The first window waits for the services to load; the others open at once.
            qtbot.waitUntil(lambda key=key: key in app.windows.open_keys(), timeout=10_000)
            shown = app.windows.window(key)
            assert shown is not None and shown.isVisible(), label
        # A new Log dialog replaces the old one, which is really gone.
        first = app.windows.window("log")
        app.navigator.open("log")
        again = app.windows.window("log")
        assert again is not None and again is not first and again.isVisible()
    finally:
        app.shutdown()


@pytest.mark.qt_log_ignore(
    "systemTrayWindowChanged", "does not support raise", "propagateSizeHints"
)
def test_windows_that_cannot_load_their_data_leave_the_tray_running(
    qtbot: QtBot, itfriend_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A locked or damaged file when the first window opens: said, the tray goes on, and the
    next window asked for tries again."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from itfriend.core import db
    from itfriend.core.errors import StorageError

    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    app = ItfriendApp(qapp_instance(), paths)
    app.has_tray = True
    real_open = db.open_database
    failures = [StorageError("the database is locked by another program")]

    def open_once_failing(opened: AppPaths) -> db.Database:
        if failures:
            raise failures.pop()
        return real_open(opened)

    monkeypatch.setattr(db, "open_database", open_once_failing)
    quit_asked: list[bool] = []
    app.tray.quit_requested.connect(lambda: quit_asked.append(True))
    try:
        with qtbot.waitSignal(app.ready, timeout=10_000):
            app.start([])
        app.navigator.open("people")

        def told() -> QMessageBox | None:
            boxes = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ]
            return boxes[0] if boxes else None

        qtbot.waitUntil(lambda: told() is not None, timeout=10_000)
        box = told()
        assert box is not None and "locked by another program" in box.text()
        box.close()
        assert "people" not in app.windows.open_keys() and app.services is None
        # Still running: the due summary is read on a worker thread and may land after the message.
        assert app.reminder_timer is not None
        qtbot.waitUntil(lambda: app.tray.summary is not None, timeout=10_000)
        with qtbot.waitSignal(app.services_loaded, timeout=10_000):
            app.navigator.open("people")  # tried again
        qtbot.waitUntil(lambda: "people" in app.windows.open_keys())
        assert not quit_asked
    finally:
        app.shutdown()
