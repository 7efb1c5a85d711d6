"""The data of one running itfriend: the tray's plain-sqlite3 store, opened at start, and the ORM
services the windows edit with, loaded the first time something asks for them.

SQLAlchemy alone costs about as much memory as Qt, and most of the day no window is open, so
what runs all day reads the database through ``ReminderStore``; the services load on a worker
thread when a window, the picker or a notification's Done/Snooze first needs them, and the
requests that arrive meanwhile wait in a queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from itfriend.core.db_check import Damage
    from itfriend.core.paths import AppPaths
    from itfriend.core.reminders.store import ReminderStore
    from itfriend.core.services import Services
    from itfriend.ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)


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


class ServicesLoader(QObject):
    """Loads the ORM services once, on first use, sharing the tray store's settings and clock.

    Signals:
    loaded(): the services are loaded; the requests that waited have run.
    failed(): they could not be loaded (the technician is told); the next request tries again.
    """

    loaded = Signal()
    failed = Signal()

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self.services: Services | None = None
        self._store: ReminderStore | None = None
        self._runner: TaskRunner | None = None
        self._loading = False
        self._waiting: list[Callable[[], None]] = []
        self._message: QMessageBox | None = None

    def start(self, store: ReminderStore, runner: TaskRunner) -> None:
        """The tray's store is open: load now if something asked meanwhile."""
        self._store, self._runner = store, runner
        if self._waiting:
            self._load()

    def when_ready(self, request: Callable[[], None]) -> None:
        """Run ``request`` now if the services are loaded, else load them and run it then."""
        if self.services is not None:
            request()
        else:
            self._waiting.append(request)
            self._load()  # nothing yet while the store is opening: ``start`` loads then

    def with_services(self, use: Callable[[Services], None]) -> None:
        """Call ``use`` with the services, loading them first if need be."""
        self.when_ready(lambda: use(self._loaded()))

    def unload(self) -> None:
        """Close the services (the database file was replaced); the next request loads anew."""
        if self.services is not None:
            self.services.close()
            self.services = None
        self._loading = False

    def close(self) -> None:
        self._waiting = []
        self.unload()
        if self._message is not None:
            self._message.close()

    def _load(self) -> None:
        if self._runner is None or self._store is None or self._loading:
            return
        from itfriend.core.db import open_database
        from itfriend.core.services import Services

        store, paths = self._store, self._paths
        self._loading = True
        self._runner.run(
            lambda: Services(
                paths=paths, db=open_database(paths), settings=store.settings, clock=store.clock
            ),
            self._on_loaded,
            self._on_failed,
        )

    def _on_loaded(self, services: Services) -> None:
        self.services = services
        log.info("database layer loaded for the windows")
        self.loaded.emit()
        waiting, self._waiting = self._waiting, []
        for request in waiting:
            request()

    def _on_failed(self, exc: BaseException) -> None:
        """The windows cannot open now (a locked or damaged file...): say so; the tray with
        its reminders keeps running, and the next window asked for tries again."""
        from itfriend.ui.common.errors import error_text

        log.error("cannot load the data for the windows: %s", exc)
        self._loading = False
        self._waiting = []
        self.failed.emit()
        text = error_text(exc, "opening the data", self._paths.logs)
        # Not modal: the tray, its reminders and timers go on while the message is up.
        box = QMessageBox(
            QMessageBox.Icon.Warning, "itfriend", f"itfriend cannot open this now:\n\n{text}"
        )
        box.setObjectName("services_failed")
        box.show()
        self._message = box  # kept: a top-level box without a Python owner would be deleted

    def _loaded(self) -> Services:
        assert self.services is not None
        return self.services
