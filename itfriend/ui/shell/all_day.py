"""What the tray runs all day on its plain-sqlite3 store: reminders, the cool-down countdown and
the picker's global hotkey. Each is started here and stopped by the app at shutdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QSystemTrayIcon

    from itfriend.core.reminders.store import ReminderStore
    from itfriend.platform.notifications.base import Notifier
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.cool_down.countdown import CoolDownCountdown
    from itfriend.ui.picker.launcher import PickerLauncher
    from itfriend.ui.reminders.presenter import ReminderPresenter
    from itfriend.ui.reminders.timer import ReminderTimer
    from itfriend.ui.shell.data_layer import ServicesLoader
    from itfriend.ui.shell.navigator import OpensWindows
    from itfriend.ui.shell.tray import Tray


def start_reminders(
    store: ReminderStore,
    notifier: Notifier,
    events: DataEvents,
    runner: TaskRunner,
    loader: ServicesLoader,
    navigator: OpensWindows,
    parent: QObject,
) -> tuple[ReminderTimer, ReminderPresenter]:
    """The timer armed for the next reminder, re-armed when data change, and what shows them;
    what came due while itfriend was not running is shown now, once."""
    from itfriend.core.reminders.scheduler import ReminderPlanner
    from itfriend.ui.reminders.presenter import ReminderPresenter
    from itfriend.ui.reminders.timer import ReminderTimer

    planner = ReminderPlanner(store)
    presenter = ReminderPresenter(
        notifier,
        store.settings,
        planner,
        events,
        runner,
        with_services=loader.with_services,
        navigator=navigator,
        parent=parent,
    )
    timer = ReminderTimer(planner, store.clock, runner, parent, present=presenter.show)
    for signal in (
        events.follow_ups_changed,
        events.settings_changed,
        events.schedule_changed,
        events.contacts_changed,
    ):
        signal.connect(timer.rearm)
    timer.check_now()
    return timer, presenter


def start_cool_downs(
    store: ReminderStore,
    notifier: Notifier,
    events: DataEvents,
    runner: TaskRunner,
    tray: Tray,
    navigator: OpensWindows,
    parent: QObject,
) -> CoolDownCountdown:
    """The tray's countdown of running cool-downs; those ended while closed are told now."""
    from itfriend.ui.cool_down.countdown import CoolDownCountdown, announce_time_up

    countdown = CoolDownCountdown(store, store.clock, runner, tray, parent)
    countdown.ended.connect(
        lambda row: announce_time_up(
            notifier,
            row,
            lambda cool_down_id: navigator.open("reply", cool_down_id=cool_down_id),
            store.settings.get("notifications.enabled"),
        )
    )
    events.schedule_changed.connect(countdown.refresh)
    countdown.refresh()
    return countdown


def start_hotkey(
    store: ReminderStore,
    events: DataEvents,
    loader: ServicesLoader,
    tray_icon: QSystemTrayIcon | None,
    parent: QObject,
) -> PickerLauncher:
    """Grab the picker's global hotkey; the picker itself is built when first opened."""
    from itfriend.ui.picker.launcher import PickerLauncher

    picker = PickerLauncher(
        store.settings,
        events,
        loader.with_services,
        tray_icon,
        parent,
        services_loaded=lambda: loader.services is not None,
    )
    picker.start_hotkey()
    return picker
