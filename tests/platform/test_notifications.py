"""Notifications against a real dunst on a private D-Bus session, watched with dbus-monitor."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.platform.notifications import ChainNotifier, NotificationError, create_notifier
from itfriend.platform.notifications.freedesktop import FreedesktopNotifier
from itfriend.platform.notifications.plyer_backend import PlyerNotifier
from tests.desktop import NotificationDaemon, NotifyMonitor

pytestmark = pytest.mark.desktop


@pytest.fixture
def dunst(notification_daemon: NotificationDaemon) -> NotificationDaemon:
    notification_daemon.dunstctl("close-all")  # position 0 is then the notification under test
    return notification_daemon


@pytest.fixture
def freedesktop(dunst: NotificationDaemon, qapp: object) -> Iterator[FreedesktopNotifier]:
    notifier = FreedesktopNotifier(dunst.bus.address)
    yield notifier
    notifier.close()


def test_notify_call_carries_title_body_and_actions(
    freedesktop: FreedesktopNotifier, notify_monitor: NotifyMonitor
) -> None:
    shown = freedesktop.notify(
        "Follow up with Jane Doe (Finance)",
        "new laptop delivered?",
        actions=[("done", "Done"), ("snooze", "Snooze 1 hour")],
    )
    assert shown
    log = notify_monitor.wait_for("new laptop delivered?")
    for text in ("Follow up with Jane Doe (Finance)", "done", "Done", "snooze", "Snooze 1 hour"):
        assert f'string "{text}"' in log
    assert 'string "itfriend"' in log


def test_clicking_the_notification_reaches_on_action(
    freedesktop: FreedesktopNotifier, dunst: NotificationDaemon, qtbot: QtBot
) -> None:
    picked: list[str] = []
    freedesktop.notify(
        "Walk-around", "Building A", actions=[("default", "Open")], on_action=picked.append
    )
    dunst.dunstctl("action", "0")  # what a click on the bubble does
    qtbot.waitUntil(lambda: picked == ["default"], timeout=5000)


def test_an_action_button_reaches_on_action(
    freedesktop: FreedesktopNotifier, dunst: NotificationDaemon, qtbot: QtBot
) -> None:
    picked: list[str] = []
    freedesktop.notify(
        "Follow up", "Jane", actions=[("done", "Done"), ("open", "Open")], on_action=picked.append
    )
    first_id = freedesktop.last_id
    other: list[str] = []
    freedesktop.notify("Another", "Bob", actions=[("done", "Done")], on_action=other.append)
    # dunstctl can only pick an action through a menu program, so emit what the daemon emits.
    dunst.bus.gdbus(
        "emit",
        "--session",
        "--object-path",
        "/org/freedesktop/Notifications",
        "--signal",
        "org.freedesktop.Notifications.ActionInvoked",
        f"uint32 {first_id}",
        "'done'",
    )
    qtbot.waitUntil(lambda: picked == ["done"], timeout=5000)
    assert other == []  # only the notification the action belongs to hears of it


def test_plyer_reaches_the_bus(
    dunst: NotificationDaemon, notify_monitor: NotifyMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", dunst.bus.address)
    assert PlyerNotifier().notify("Digest", "5 people you haven't talked to in a while")
    log = notify_monitor.wait_for("5 people you haven't talked to in a while")
    assert 'string "Digest"' in log


def test_chain_falls_back_when_a_backend_has_no_bus(
    freedesktop: FreedesktopNotifier,
    notify_monitor: NotifyMonitor,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    chain = ChainNotifier([FreedesktopNotifier(), freedesktop])
    with caplog.at_level(logging.WARNING):
        assert chain.notify("Fallback", "reached the second backend")
    notify_monitor.wait_for("reached the second backend")
    assert "freedesktop failed" in caplog.text
    assert "no D-Bus session bus" in caplog.text


def test_chain_logs_an_error_when_every_backend_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
    chain = ChainNotifier([FreedesktopNotifier(), FreedesktopNotifier()])
    with caplog.at_level(logging.WARNING):
        assert not chain.notify("Lost?", "never silently")
    assert [r.levelname for r in caplog.records][-1] == "ERROR"
    assert "Lost?" in caplog.records[-1].getMessage()


def test_unreachable_bus_raises_a_notification_error(tmp_path: object, qapp: object) -> None:
    notifier = FreedesktopNotifier(f"unix:path={tmp_path}/no-such-bus")
    with pytest.raises(NotificationError, match="cannot connect"):
        notifier.notify("t", "b")


def test_factory_picks_backends_by_availability(
    monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/0/bus")
    with_bus = create_notifier(QSystemTrayIcon())
    assert isinstance(with_bus, ChainNotifier)
    assert [b.name for b in with_bus.backends] == ["freedesktop", "plyer", "tray"]
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
    without_bus = create_notifier()
    assert isinstance(without_bus, ChainNotifier)
    assert [b.name for b in without_bus.backends] == ["plyer"]
