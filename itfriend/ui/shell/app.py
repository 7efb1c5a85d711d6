"""The tray application: shows the icon first, then what it needs all day, and the rest on demand.

What runs all day (the due summary on the icon, reminders, the cool-down countdown, the global
hotkey; ``all_day.py``) reads the database through plain sqlite3 (``ReminderStore``). The ORM
services that the windows edit with are loaded the first time a window or the picker is opened
(``data_layer.py``). Windows are opened by name through the navigator, whose table says which
room opens which (``openers.py``); the window manager holds the open ones.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from itfriend import __version__
from itfriend.core.paths import AppPaths
from itfriend.ui.shell.data_layer import ServicesLoader, open_store
from itfriend.ui.shell.navigator import Navigator, Opener
from itfriend.ui.shell.tray import MenuEntry, Tray
from itfriend.ui.shell.windows import WindowManager

if TYPE_CHECKING:
    from itfriend.core.db_check import Damage
    from itfriend.core.reminders.due import AttentionItem
    from itfriend.core.reminders.store import ReminderStore
    from itfriend.core.services import Services
    from itfriend.platform.instance.server import InstanceServer
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.cool_down.countdown import CoolDownCountdown
    from itfriend.ui.picker.launcher import PickerLauncher
    from itfriend.ui.reminders.presenter import ReminderPresenter
    from itfriend.ui.reminders.timer import ReminderTimer
    from itfriend.ui.shell.change_watcher import ChangeWatcher
    from itfriend.ui.shell.damaged_database import DamagedDatabase, DatabaseBackup
    from itfriend.ui.shell.due_summary import DueSummaryRefresh

log = logging.getLogger(__name__)

# How long after showing the icon the rest of the start-up begins (see ItfriendApp.start).
AFTER_ICON_MS = 120


class ItfriendApp(QObject):
    """Owns the tray, the data and the windows of one running itfriend.

    Signals:
    ready(): the tray's data is open: the due summary, reminders and the hotkey are running.
    services_loaded(): the ORM services are loaded (first window or picker opened).
    summary_changed(object): a fresh DueSummary was computed.
    change_reported(): another process said it wrote to the database (``itfriend`` CLI).
    """

    ready = Signal()
    services_loaded = Signal()
    summary_changed = Signal(object)
    change_reported = Signal()

    def __init__(
        self, qapp: QApplication, paths: AppPaths, server: InstanceServer | None = None
    ) -> None:
        super().__init__()
        self._qapp = qapp
        self.paths = paths
        self._server: InstanceServer | None = None
        if server is not None:
            self.listen(server)
        self.windows = WindowManager(paths.window_state_file, self)
        self.navigator = Navigator(_openers)
        self.data = ServicesLoader(paths, self)
        self.data.loaded.connect(self.services_loaded)
        self.tray = Tray(self)
        self.tray.quit_requested.connect(self.quit)
        self.tray.activated.connect(lambda: self.navigator.open("people"))
        self.tray.item_opened.connect(self.open_item)
        self.store: ReminderStore | None = None
        self.events: DataEvents | None = None
        self._runner: TaskRunner | None = None
        self._summary: DueSummaryRefresh | None = None
        self.reminder_timer: ReminderTimer | None = None
        self.reminder_presenter: ReminderPresenter | None = None
        self.cool_down_countdown: CoolDownCountdown | None = None
        self.change_watcher: ChangeWatcher | None = None
        self.picker: PickerLauncher | None = None
        self.damaged: DamagedDatabase | None = None
        self.backup: DatabaseBackup | None = None
        self.has_tray = QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def services(self) -> Services | None:
        """The windows' database layer, once something asked for it."""
        return self.data.services

    # --- start and stop ------------------------------------------------------------------

    def listen(self, server: InstanceServer) -> None:
        """Take requests from later starts through ``server``."""
        self._server = server
        server.arguments_received.connect(self.handle_arguments)

    def start(self, arguments: list[str]) -> None:
        if self.has_tray:
            self.tray.show()
        # Everything else comes after the icon: the tray host embeds it over a few X round
        # trips, and opening the data on a worker thread meanwhile would hold Python's lock
        # and slow them down.
        QTimer.singleShot(AFTER_ICON_MS, self._open_store)
        if not self.has_tray:
            self._qapp.setQuitOnLastWindowClosed(True)
            self.data.when_ready(lambda: self._explain_missing_tray(arguments))
        elif arguments:
            self.handle_arguments(arguments)

    def _open_store(self) -> None:
        from itfriend.ui.common.tasks import TaskRunner

        self._runner = TaskRunner(self)
        self._runner.run(lambda: open_store(self.paths), self._on_store_ready, self._on_open_failed)

    def _on_store_ready(self, opened: tuple[ReminderStore, Damage | None]) -> None:
        from itfriend.ui.common.events import DataEvents
        from itfriend.ui.shell.damaged_database import DatabaseBackup
        from itfriend.ui.shell.due_summary import DueSummaryRefresh
        from itfriend.ui.shell.open_context import OpenContext

        store, damage = opened
        runner = self._runner
        assert runner is not None
        self.store = store
        self.backup = DatabaseBackup(self.paths, runner, self.tray, self.has_tray, self)
        if damage is not None:
            self._offer_damage_choices(damage)
        events = self.events = DataEvents(self)
        self._summary = DueSummaryRefresh(store, runner, self.tray, self)
        self._summary.changed.connect(self.summary_changed)
        for signal in (
            events.people_changed,
            events.contacts_changed,
            events.follow_ups_changed,
            events.settings_changed,
            events.schedule_changed,
        ):
            signal.connect(self.refresh_summary)
        self.tray.set_entries(self._menu_entries())
        picker = self._start_all_day(store, events, runner)
        self._follow_change_feed(events, runner)
        with_services = self.data.with_services
        context = OpenContext(self.windows, self.navigator, events, runner, with_services, picker)
        self.navigator.start(context)
        log.info("itfriend %s ready, data in %s", __version__, self.paths.data)
        self.refresh_summary()
        self.ready.emit()
        self.data.start(store, runner)

    def _start_all_day(
        self, store: ReminderStore, events: DataEvents, runner: TaskRunner
    ) -> PickerLauncher:
        """Start reminders, the cool-down countdown and the hotkey (see ``all_day.py``); the
        hotkey's picker launcher is returned for the windows' openers."""
        from itfriend.platform.notifications.factory import create_notifier
        from itfriend.ui.shell import all_day

        icon = self.tray.icon if self.has_tray else None
        notifier = create_notifier(icon)
        self.reminder_timer, self.reminder_presenter = all_day.start_reminders(
            store, notifier, events, runner, self.data, self.navigator, self
        )
        # Each wake-up also refreshes the icon: a follow-up may have come due in quiet hours.
        self.reminder_timer.checked.connect(self.refresh_summary)
        countdown = all_day.start_cool_downs(
            store, notifier, events, runner, self.tray, self.navigator, self
        )
        # A fresh due summary resets the tray's tooltip and icon: put the countdown back on.
        self.summary_changed.connect(lambda _summary: countdown.show_on_tray())
        self.cool_down_countdown = countdown
        picker = self.picker = all_day.start_hotkey(store, events, self.data, icon, self)
        self.data.failed.connect(picker.cancel_opening)
        return picker

    def _follow_change_feed(self, events: DataEvents, runner: TaskRunner) -> None:
        """Writes from anywhere (the CLI's "changed" message, or the database files' watch)
        reach ``events`` as the windows' own do (see ``change_routing.py``)."""
        from itfriend.ui.shell.change_routing import follow_change_feed

        self.change_watcher = follow_change_feed(self.paths.database, events, runner, self)
        self.change_reported.connect(self.change_watcher.wake)

    def _offer_damage_choices(self, damage: Damage) -> None:
        """Say the database is damaged; the menu offers restore or read-only."""
        from itfriend.ui.shell.damaged_database import DamagedDatabase

        assert self._runner is not None
        self.damaged = DamagedDatabase(
            damage, self.paths, self._runner, self.tray, self.has_tray, self
        )
        self.damaged.restored.connect(self._on_database_restored)
        self.damaged.read_only_chosen.connect(lambda: self.tray.set_entries(self._menu_entries()))
        self.damaged.announce()

    def _on_database_restored(self, _source: object = None) -> None:
        """Writes go on; windows and their database layer reopen on the restored file."""
        if self.store is not None:
            self.store.write_refusal = None
        self.windows.close_all()  # their background work ends before the database closes
        self.data.unload()
        self.tray.set_entries(self._menu_entries())
        self.refresh_summary()

    def _on_open_failed(self, exc: BaseException) -> None:
        from itfriend.ui.common.errors import error_text

        log.error("cannot open the data: %s", exc)
        text = error_text(exc, "opening the data", self.paths.logs)
        QMessageBox.critical(None, "itfriend", f"itfriend cannot open its data:\n\n{text}")
        self.quit()

    def quit(self) -> None:
        self.shutdown()
        self._qapp.quit()

    def shutdown(self) -> None:
        """Close windows, wait for background work, close the database and the instance socket."""
        self.navigator.stop()
        self.windows.close_all()  # windows with background work wait for it here
        for running in (self.reminder_timer, self.cool_down_countdown, self.change_watcher):
            if running is not None:
                running.stop()
        if self.picker is not None:
            self.picker.close()
        if self._runner is not None:
            self._runner.close()
        self.data.close()
        for offer in (self.damaged, self.backup):
            if offer is not None:
                offer.close()
        if self._server is not None:
            self._server.close()
        self.tray.hide()

    # --- requests from the tray and from later starts ------------------------------------

    def handle_arguments(self, arguments: list[str]) -> None:
        """A request from a later start (``itfriend open people --person 12``, ``quit``...)."""
        command = arguments[0] if arguments else ""
        if command == "quit":
            self.quit()
            return
        if command == "changed":
            # A CLI write committed (itfriend.platform.instance.wake): whoever reads the change
            # feed listens to change_reported. It must not fall through to opening a window.
            self.change_reported.emit()
            return
        from itfriend.ui.shell.requests import readable_request

        request = readable_request(arguments)
        if request is not None:
            self.navigator.open(request.window, **request.options)

    def refresh_summary(self) -> None:
        """Recompute what is due, off the GUI thread (see ``DueSummaryRefresh``)."""
        if self._summary is not None:
            self._summary.refresh()

    def open_item(self, item: AttentionItem) -> None:
        self.navigator.open("people", person_id=item.person_id)

    def _menu_entries(self) -> list[MenuEntry]:
        from itfriend.ui.shell.requests import window_entries

        choices = self.damaged.entries() if self.damaged is not None else []
        backup = [self.backup.entry()] if self.backup is not None else []
        return [*choices, *window_entries(self.navigator), *backup]

    def _explain_missing_tray(self, arguments: list[str]) -> None:
        from itfriend.ui.shell.requests import open_without_tray

        open_without_tray(self.navigator, self.windows, arguments)


def _openers() -> dict[str, Opener]:
    # Read once the app is ready: the rooms' modules are not needed before the icon shows.
    from itfriend.ui.shell.openers import OPENERS

    return OPENERS
