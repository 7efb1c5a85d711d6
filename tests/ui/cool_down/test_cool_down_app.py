"""Cool-downs in the running app: the tray entry, the countdown across a restart, the windows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services
from itfriend.platform.instance.client import server_name
from itfriend.platform.instance.server import InstanceServer
from itfriend.ui.cool_down.reply_window import ReplyWindow
from itfriend.ui.cool_down.window import CoolDownWindow
from itfriend.ui.shell.app import ItfriendApp
from tests.ui.fakes import RecordingNotifier

TICKET = "This is the THIRD time I ask!! Nothing works and you people don't care at all."


@pytest.mark.qt_log_ignore(
    "systemTrayWindowChanged", "does not support raise", "propagateSizeHints"
)
def test_app_counts_down_announces_what_ended_while_closed_and_opens_the_windows(
    qtbot: QtBot,
    itfriend_home: Path,
    services: Services,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One cool-down ended while itfriend was closed (in March); one runs now (the app's clock is
    # the real one).
    ended = services.cool_downs.start("INC-OLD", TICKET, minutes=5)
    clock.set(datetime.now(UTC))
    running = services.cool_downs.start("INC-NOW", TICKET, minutes=10)
    notifier = RecordingNotifier()
    monkeypatch.setattr(
        "itfriend.platform.notifications.factory.create_notifier", lambda *_: notifier
    )
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs")
    app = ItfriendApp(qapp, paths, InstanceServer(server_name(str(itfriend_home))))
    app.has_tray = True  # offscreen has none; the real one is tested in tests/e2e
    try:
        app.start([])
        qtbot.waitUntil(
            lambda: "Cool-down: INC-NOW ends in" in app.tray.icon.toolTip(), timeout=10_000
        )
        # The due summary arriving later does not wipe the countdown off the tray.
        qtbot.waitUntil(lambda: app.tray.summary is not None, timeout=10_000)
        assert app.tray.icon.toolTip().startswith("Cool-down: INC-NOW ends in")
        # (Where no X server is found, the app also says the hotkey cannot be used.)
        time_up = [n for n in notifier.shown if n[0].startswith("Time's up")]
        assert [title for title, *_ in time_up] == [
            "Time's up for INC-OLD: read it once more, then reply"
        ]
        assert services.cool_downs.get(ended.id).state == "ended"
        assert app.cool_down_countdown is not None
        assert 0 < app.cool_down_countdown.remaining_ms <= 60_000
        app.tray.menu.aboutToShow.emit()
        assert "Cool down…" in [a.text() for a in app.tray.menu.actions()]

        # All that ran on the tray's store: the windows' services are not loaded yet.
        assert app.services is None
        QGuiApplication.clipboard().setText(TICKET)
        with qtbot.waitSignal(app.services_loaded, timeout=10_000):
            app.handle_arguments(["cool-down"])
        window = app.windows.window("cool-down")
        assert isinstance(window, CoolDownWindow) and window.ticket.toPlainText() == TICKET

        # The notification's action opens the ended cool-down's reply window.
        time_up[0][3]("reply")  # type: ignore[misc]
        reply = app.windows.window("reply")
        assert isinstance(reply, ReplyWindow) and reply.cool_down_id == ended.id
        app.navigator.open("reply", cool_down_id=running.id)
        again = app.windows.window("reply")
        assert isinstance(again, ReplyWindow) and again.cool_down_id == running.id
        assert again.isVisible() and app.windows.open_keys() == ["cool-down", "reply"]
    finally:
        app.shutdown()
