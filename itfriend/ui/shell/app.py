"""The tray application: shows the icon first, then what it needs all day, and the rest on demand.

What runs all day (the due summary on the icon, reminders, the cool-down countdown, the global
hotkey) reads the database through plain sqlite3 (``ReminderStore``). The ORM services that the
windows edit with are loaded the first time a window or the picker is opened: SQLAlchemy alone
costs about as much memory as Qt, and most of the day no window is open. Creating or migrating
the database is done by a short-lived ``itfriend db upgrade`` child for the same reason.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon, QWidget

from itfriend import __version__
from itfriend.core.paths import AppPaths, app_paths
from itfriend.platform.instance.client import forward_to_running, server_name
from itfriend.ui.shell.tray import MenuEntry, Tray

if TYPE_CHECKING:
    from itfriend.core.db_check import Damage
    from itfriend.core.reminders.due import AttentionItem
    from itfriend.core.reminders.store import ReminderStore
    from itfriend.core.services import Services
    from itfriend.core.status import DueSummary
    from itfriend.platform.instance.server import InstanceServer
    from itfriend.platform.notifications.base import Notifier
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.cool_down.countdown import CoolDownCountdown
    from itfriend.ui.picker.launcher import PickerLauncher
    from itfriend.ui.reminders.presenter import ReminderPresenter
    from itfriend.ui.reminders.timer import ReminderTimer
    from itfriend.ui.shell.damaged_database import DamagedDatabase, DatabaseBackup
    from itfriend.ui.shell.window_state import WindowStateStore

log = logging.getLogger(__name__)

# How long after showing the icon the rest of the start-up begins (see ItfriendApp.start).
AFTER_ICON_MS = 120


def open_store(paths: AppPaths) -> tuple[ReminderStore, Damage | None]:
    """The tray's view of the data (on a worker thread): the database is created or migrated
    first, by a child process, when it is missing or older than this version; then checked for
    damage (which, if found, refuses the store's writes until the technician chooses)."""
    from itfriend.core.clock import SystemClock
    from itfriend.core.db_check import find_damage
    from itfriend.core.errors import StorageError
    from itfriend.core.reminders.store import ReminderStore, schema_is_current
    from itfriend.core.settings import Settings
    from itfriend.platform.launch import prepare_database

    if not schema_is_current(paths.database):
        # One folder for everything is an itfriend home (ITFRIEND_HOME); otherwise the child
        # finds the user's folders as this process did.
        prepare_database(paths.data if paths.data == paths.config else None)
        if not schema_is_current(paths.database):
            raise StorageError(f"the database {paths.database} could not be prepared")
    store = ReminderStore(paths.database, Settings(paths.settings_file), SystemClock())
    damage = find_damage(paths)
    if damage is not None:
        store.write_refusal = damage.message
    return store, damage


class ItfriendApp(QObject):
    """Owns the tray, the data and the windows of one running itfriend.

    Signals:
    ready(): the tray's data is open: the due summary, reminders and the hotkey are running.
    services_loaded(): the ORM services are loaded (first window or picker opened).
    summary_changed(object): a fresh DueSummary was computed.
    """

    ready = Signal()
    services_loaded = Signal()
    summary_changed = Signal(object)

    def __init__(
        self, qapp: QApplication, paths: AppPaths, server: InstanceServer | None = None
    ) -> None:
        super().__init__()
        self._qapp = qapp
        self.paths = paths
        self._server: InstanceServer | None = None
        if server is not None:
            self.listen(server)
        self.tray = Tray(self)
        self.tray.quit_requested.connect(self.quit)
        self.tray.activated.connect(self.show_people)
        self.tray.item_opened.connect(self.open_item)
        self.store: ReminderStore | None = None
        self.services: Services | None = None
        self.events: DataEvents | None = None
        self._runner: TaskRunner | None = None
        self._loading_services = False
        self._waiting: list[Callable[[], None]] = []
        self._windows: dict[str, QWidget] = {}
        self._refresh_pending = False
        self._refresh_again = False
        self._window_state: WindowStateStore | None = None
        self._message: QMessageBox | None = None
        self.reminder_timer: ReminderTimer | None = None
        self.reminder_presenter: ReminderPresenter | None = None
        self.cool_down_countdown: CoolDownCountdown | None = None
        self.picker: PickerLauncher | None = None
        self.damaged: DamagedDatabase | None = None
        self.backup: DatabaseBackup | None = None
        self.has_tray = QSystemTrayIcon.isSystemTrayAvailable()

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
            self.when_ready(self._explain_missing_tray)
        elif arguments:
            self.handle_arguments(arguments)

    def _open_store(self) -> None:
        from itfriend.ui.common.tasks import TaskRunner

        self._runner = TaskRunner(self)
        self._runner.run(lambda: open_store(self.paths), self._on_store_ready, self._on_open_failed)

    def _on_store_ready(self, opened: tuple[ReminderStore, Damage | None]) -> None:
        from itfriend.platform.notifications.factory import create_notifier
        from itfriend.ui.common.events import DataEvents
        from itfriend.ui.shell.damaged_database import DatabaseBackup

        store, damage = opened
        self.store = store
        assert self._runner is not None
        self.backup = DatabaseBackup(self.paths, self._runner, self.tray, self.has_tray, self)
        if damage is not None:
            self._offer_damage_choices(damage)
        self.events = DataEvents(self)
        for signal in (
            self.events.people_changed,
            self.events.contacts_changed,
            self.events.follow_ups_changed,
            self.events.settings_changed,
            self.events.schedule_changed,
        ):
            signal.connect(self.refresh_summary)
        self.tray.set_entries(self._menu_entries())
        notifier = create_notifier(self.tray.icon if self.has_tray else None)
        self._start_reminders(store, notifier)
        self._start_cool_downs(store, notifier)
        self._start_hotkey(store)
        log.info("itfriend %s ready, data in %s", __version__, self.paths.data)
        self.refresh_summary()
        self.ready.emit()
        if self._waiting:
            self._load_services()

    def _offer_damage_choices(self, damage: Damage) -> None:
        """Say the database is damaged; the menu offers restore or read-only (see the module)."""
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
        for window in list(self._windows.values()):
            window.close()
            shutdown = getattr(window, "shutdown", None)  # background work ends first
            if callable(shutdown):
                shutdown()
        self._windows.clear()
        if self.services is not None:
            self.services.close()
            self.services = None
        self._loading_services = False
        self.tray.set_entries(self._menu_entries())
        self.refresh_summary()

    def _start_reminders(self, store: ReminderStore, notifier: Notifier) -> None:
        from itfriend.core.reminders.scheduler import ReminderPlanner
        from itfriend.ui.reminders.presenter import ReminderPresenter
        from itfriend.ui.reminders.timer import ReminderTimer

        assert self._runner is not None and self.events is not None
        planner = ReminderPlanner(store)
        self.reminder_presenter = ReminderPresenter(
            notifier,
            store.settings,
            planner,
            self.events,
            self._runner,
            with_services=self.with_services,
            open_person=self.show_people,
            open_walk_around=self.show_walk_around,
            parent=self,
            open_announcement=self.show_groups,
        )
        self.reminder_timer = ReminderTimer(
            planner, store.clock, self._runner, self, present=self.reminder_presenter.show
        )
        # Each wake-up also refreshes the icon: a follow-up may have come due in quiet hours.
        self.reminder_timer.checked.connect(self.refresh_summary)
        for signal in (
            self.events.follow_ups_changed,
            self.events.settings_changed,
            self.events.schedule_changed,
            self.events.contacts_changed,
        ):
            signal.connect(self.reminder_timer.rearm)
        # What came due while itfriend was not running is shown now, once.
        self.reminder_timer.check_now()

    def _start_cool_downs(self, store: ReminderStore, notifier: Notifier) -> None:
        """The tray's countdown of running cool-downs; those ended while closed are told now."""
        from itfriend.ui.cool_down.countdown import CoolDownCountdown, announce_time_up

        assert self._runner is not None and self.events is not None
        countdown = CoolDownCountdown(store, store.clock, self._runner, self.tray, self)
        countdown.ended.connect(
            lambda row: announce_time_up(
                notifier, row, self.show_reply, store.settings.get("notifications.enabled")
            )
        )
        self.events.schedule_changed.connect(countdown.refresh)
        # A fresh due summary resets the tray's tooltip and icon: put the countdown back on.
        self.summary_changed.connect(lambda _summary: countdown.show_on_tray())
        self.cool_down_countdown = countdown
        countdown.refresh()

    def _start_hotkey(self, store: ReminderStore) -> None:
        """Grab the picker's global hotkey; the picker itself is built when first opened."""
        from itfriend.ui.picker.launcher import PickerLauncher

        assert self._runner is not None and self.events is not None
        icon = self.tray.icon if self.has_tray else None
        self.picker = PickerLauncher(
            store.settings,
            self.events,
            self.with_services,
            icon,
            self,
            services_loaded=lambda: self.services is not None,
        )
        self.picker.start_hotkey()

    def _load_services(self) -> None:
        """Load the ORM services on a worker thread (once), sharing the tray's settings."""
        if self._runner is None or self.store is None or self._loading_services:
            return
        from itfriend.core.db import open_database
        from itfriend.core.services import Services

        store = self.store
        self._loading_services = True
        self._runner.run(
            lambda: Services(
                paths=self.paths,
                db=open_database(self.paths),
                settings=store.settings,
                clock=store.clock,
            ),
            self._on_services_ready,
            self._on_services_failed,
        )

    def _on_services_ready(self, services: Services) -> None:
        self.services = services
        log.info("database layer loaded for the windows")
        self.services_loaded.emit()
        waiting, self._waiting = self._waiting, []
        for request in waiting:
            request()

    def _on_services_failed(self, exc: BaseException) -> None:
        """The windows cannot open now (a locked or damaged file...): say so, and keep the tray
        with its reminders running; the next window asked for tries again."""
        log.error("cannot load the data for the windows: %s", exc)
        self._loading_services = False
        self._waiting = []
        if self.picker is not None:
            self.picker.cancel_opening()
        from itfriend.ui.common.errors import error_text

        text = error_text(exc, "opening the data", self.paths.logs)
        # Not modal: the tray, its reminders and timers go on while the message is up.
        box = QMessageBox(
            QMessageBox.Icon.Warning, "itfriend", f"itfriend cannot open this now:\n\n{text}"
        )
        box.setObjectName("services_failed")
        box.show()
        self._message = box  # kept: a top-level box without a Python owner would be deleted

    def _on_open_failed(self, exc: BaseException) -> None:
        from itfriend.ui.common.errors import error_text

        log.error("cannot open the data: %s", exc)
        text = error_text(exc, "opening the data", self.paths.logs)
        QMessageBox.critical(None, "itfriend", f"itfriend cannot open its data:\n\n{text}")
        self.quit()

    def when_ready(self, request: Callable[[], None]) -> None:
        """Run ``request`` now if the services are loaded, else load them and run it then."""
        if self.services is not None:
            request()
        else:
            self._waiting.append(request)
            self._load_services()  # nothing yet while the store is opening: it asks then

    def with_services(self, use: Callable[[Services], None]) -> None:
        """Call ``use`` with the services, loading them first if need be."""
        self.when_ready(lambda: use(self._services()))

    def quit(self) -> None:
        self.shutdown()
        self._qapp.quit()

    def shutdown(self) -> None:
        """Close windows, wait for background work, close the database and the instance socket."""
        for window in list(self._windows.values()):
            window.close()
            # Windows with background work wait for it here, before the database closes.
            shutdown = getattr(window, "shutdown", None)
            if callable(shutdown):
                shutdown()
        if self.reminder_timer is not None:
            self.reminder_timer.stop()
        if self.cool_down_countdown is not None:
            self.cool_down_countdown.stop()
        if self.picker is not None:
            self.picker.close()
        if self._runner is not None:
            self._runner.close()
        if self.services is not None:
            self.services.close()
        if self._message is not None:
            self._message.close()
        for offer in (self.damaged, self.backup):
            if offer is not None:
                offer.close()
        if self._server is not None:
            self._server.close()
        self.tray.hide()

    # --- requests from the tray and from later starts ------------------------------------

    def handle_arguments(self, arguments: list[str]) -> None:
        command = arguments[0] if arguments else "show"
        if command == "quit":
            self.quit()
        elif command == "log":
            self.show_log_dialog()
        elif command == "walk-around":
            self.show_walk_around()
        elif command == "groups":
            self.show_groups()
        elif command == "settings":
            self.show_settings()
        elif command == "cool-down":
            self.show_cool_down()
        elif command == "pick":
            self.show_picker()
        else:
            self.show_people()

    def _menu_entries(self) -> list[MenuEntry]:
        choices = self.damaged.entries() if self.damaged is not None else []
        return [
            *choices,
            MenuEntry("Log a contact…", self.show_log_dialog),
            MenuEntry("People…", self.show_people),
            MenuEntry("Templates…", self.show_templates),
            MenuEntry("Walk-around…", self.show_walk_around),
            MenuEntry("Cool down…", self.show_cool_down),
            MenuEntry("Groups…", self.show_groups),
            MenuEntry("Settings…", self.show_settings),
            *([self.backup.entry()] if self.backup is not None else []),
        ]

    def show_people(self, person_id: int | None = None) -> None:
        """Open the People window, at ``person_id`` if given."""

        def show() -> None:
            from itfriend.ui.people.window import PeopleWindow

            window = self._window("people", lambda: PeopleWindow(self._services(), self._events()))
            if person_id is not None:
                window.show_person(person_id)  # type: ignore[attr-defined]

        self.when_ready(show)

    def show_log_dialog(self, person_id: int | None = None) -> None:
        def show() -> None:
            from itfriend.ui.log.dialog import LogContactDialog

            # A fresh dialog each time: it starts empty, as a quick-entry form should.
            self._replace_window("log")
            self._window(
                "log",
                lambda: LogContactDialog(self._services(), self._events(), person_id=person_id),
            )

        self.when_ready(show)

    def show_settings(self) -> None:
        def show() -> None:
            from itfriend.platform.autostart import create_autostart
            from itfriend.ui.settings.dialog import SettingsDialog

            services = self._services()
            # Fresh each time, from the file: it may have changed (itfriend settings set), and
            # edits cancelled last time must not come back.
            services.settings.reload()
            self._replace_window("settings")
            self._window(
                "settings",
                lambda: SettingsDialog(
                    services.settings, services.paths, create_autostart(), events=self._events()
                ),
            )

        self.when_ready(show)

    def show_templates(self) -> None:
        def show() -> None:
            from itfriend.ui.templates.window import TemplatesWindow

            self._window("templates", lambda: TemplatesWindow(self._services(), self._events()))

        self.when_ready(show)

    def show_picker(self) -> None:
        """Open the template picker in front of the active window (``itfriend pick``)."""
        if self.picker is not None:
            self.picker.show_picker()
        else:  # asked for during start-up: the hotkey's launcher exists once the data is open
            self.ready.connect(self._show_picker_once_ready)

    def _show_picker_once_ready(self) -> None:
        self.ready.disconnect(self._show_picker_once_ready)
        if self.picker is not None:
            self.picker.show_picker()

    def show_walk_around(self, walk_around_id: int | None = None) -> None:
        """Open the Walk-around window, at the building of ``walk_around_id`` if given."""

        def show() -> None:
            from itfriend.ui.walk_around.window import WalkAroundWindow

            window = self._window(
                "walk-around", lambda: WalkAroundWindow(self._services(), self._events())
            )
            if walk_around_id is not None:
                window.show_walk_around(walk_around_id)  # type: ignore[attr-defined]

        self.when_ready(show)

    def show_groups(self, group: str | None = None, announce_template: str | None = None) -> None:
        """Open the Groups window, at ``group`` if given; with ``announce_template``, also the
        Announce dialog for that group (a back-up notice reminder's Open)."""

        def show() -> None:
            from itfriend.ui.groups.window import GroupsWindow

            window = self._window("groups", lambda: GroupsWindow(self._services(), self._events()))
            if group is not None:
                window.select_group(group)  # type: ignore[attr-defined]
            if group is not None and announce_template is not None:
                window.announce(announce_template, group)  # type: ignore[attr-defined]

        self.when_ready(show)

    def show_cool_down(self) -> None:
        """Open the Cool-down window, with the clipboard's text if it looks like a ticket."""

        def show() -> None:
            from PySide6.QtGui import QGuiApplication

            from itfriend.ui.cool_down.window import CoolDownWindow

            window = self._window(
                "cool-down",
                lambda: CoolDownWindow(self._services(), self._events(), self.show_reply),
            )
            window.offer_text(QGuiApplication.clipboard().text())  # type: ignore[attr-defined]

        self.when_ready(show)

    def show_reply(self, cool_down_id: int) -> None:
        """Open the Reply window of a cool-down; one at a time (the one shown before saves its
        draft as it closes)."""

        def show() -> None:
            from itfriend.ui.cool_down.reply_window import ReplyWindow

            old = self._windows.get("reply")
            if old is not None and getattr(old, "cool_down_id", None) != cool_down_id:
                self._replace_window("reply")
            self._window(
                "reply", lambda: ReplyWindow(self._services(), self._events(), cool_down_id)
            )

        self.when_ready(show)

    def open_item(self, item: AttentionItem) -> None:
        self.show_people(item.person_id)

    def _window(self, key: str, make: Callable[[], QWidget]) -> QWidget:
        window = self._windows.get(key)
        if window is None:
            window = make()
            self._windows[key] = window
            if self._window_state is None:
                from itfriend.ui.shell.window_state import WindowStateStore

                self._window_state = WindowStateStore(self.paths.window_state_file, self)
            self._window_state.track(window, key)
            window_id = id(window)
            window.destroyed.connect(lambda *_: self._forget_window(key, window_id))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _forget_window(self, key: str, window_id: int) -> None:
        # A replaced window is destroyed after its successor took the key: keep the successor.
        if id(self._windows.get(key)) == window_id:
            del self._windows[key]

    def _replace_window(self, key: str) -> None:
        """Close the window under ``key`` for good (it saves what it holds as it closes), so
        that the next ``_window(key, ...)`` makes a fresh one."""
        old = self._windows.pop(key, None)
        if old is None:
            return
        old.close()
        shutdown = getattr(old, "shutdown", None)
        if callable(shutdown):
            shutdown()
        old.deleteLater()

    def _services(self) -> Services:
        assert self.services is not None
        return self.services

    def _events(self) -> DataEvents:
        assert self.events is not None
        return self.events

    def _explain_missing_tray(self) -> None:
        message = (
            "No system tray was found on this desktop, so itfriend shows its window "
            "instead. Closing the window quits itfriend."
        )
        log.warning(message)
        print(f"itfriend: {message}", file=sys.stderr)
        self.show_people()
        window = self._windows.get("people")
        if window is not None:
            window.setWindowTitle(window.windowTitle() + " (no system tray found)")

    # --- what is due ---------------------------------------------------------------------

    def refresh_summary(self) -> None:
        """Recompute what is due off the GUI thread; changes arriving together cost one query,
        and one arriving during a query is answered by one more."""
        if self.store is None or self._runner is None:
            return
        if self._refresh_pending:
            self._refresh_again = True
            return
        from itfriend.core.status import due_summary

        store = self.store
        self._refresh_pending = True
        self._runner.run(lambda: due_summary(store), self._on_summary, self._on_summary_failed)

    def _on_summary(self, summary: DueSummary) -> None:
        self._refresh_pending = False
        self.tray.set_summary(summary)
        self.summary_changed.emit(summary)
        self._refresh_if_changed_meanwhile()

    def _on_summary_failed(self, exc: BaseException) -> None:
        self._refresh_pending = False
        log.error("could not work out what is due: %s", exc, exc_info=exc)
        self._refresh_if_changed_meanwhile()

    def _refresh_if_changed_meanwhile(self) -> None:
        if self._refresh_again:
            self._refresh_again = False
            self.refresh_summary()


def run_app(arguments: list[str], argv0: Any = None) -> int:
    """Start the tray app, or hand ``arguments`` to the one already running.

    Only what the icon needs happens before it shows; logging, the socket for later starts and
    the signal handling come right after, and the database after those.
    """
    paths = app_paths().ensure()
    name = server_name(str(paths.data))
    if forward_to_running(name, arguments or ["show"]):
        from itfriend.core.logs import setup_logging

        setup_logging(paths.logs)
        log.info("handed %s to the running itfriend", arguments or ["show"])
        return 0
    if QApplication.instance() is None:
        from itfriend.platform.display import missing_graphical_session

        missing = missing_graphical_session()
        if missing is not None:
            # Qt would abort the process here (exit 134) with a message about xcb-cursor.
            print(
                f"itfriend: there is no graphical session ({missing}), so the tray app cannot "
                "start; the command line works: itfriend --help",
                file=sys.stderr,
            )
            return 1
    qapp = QApplication.instance() or QApplication([argv0 or "itfriend"])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("itfriend")
    qapp.setApplicationDisplayName("itfriend")
    qapp.setDesktopFileName("itfriend")
    qapp.setQuitOnLastWindowClosed(False)
    app = ItfriendApp(qapp, paths)
    wakeups = []

    def after_icon() -> None:
        from itfriend.core.logs import setup_logging
        from itfriend.platform.instance.server import InstanceServer
        from itfriend.ui.common.errors import ProblemBox, unexpected_error_hook

        setup_logging(paths.logs)
        # An exception escaping a slot: its traceback to the log, one line to the terminal.
        sys.excepthook = unexpected_error_hook(paths.logs, tell=ProblemBox())
        # Another itfriend may have started in the moment since the first check: let it win.
        if forward_to_running(name, arguments or ["show"]):
            log.info("another itfriend started at the same time; handing over to it")
            app.quit()
            return
        app.listen(InstanceServer(name))
        from itfriend.core.safe_files import clear_interrupted_writes

        for leftover in clear_interrupted_writes(paths.data):
            log.info("removed %s, left by a write that was interrupted", leftover)
        if sys.platform != "win32":
            from itfriend.platform.signals import SignalWakeup

            wakeups.append(SignalWakeup(app.quit))

    QTimer.singleShot(AFTER_ICON_MS // 2, after_icon)
    app.start(arguments)
    code = qapp.exec()
    for wakeup in wakeups:
        wakeup.close()
    return code
