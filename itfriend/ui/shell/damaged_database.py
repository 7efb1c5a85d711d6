"""The tray's database entries: the way out of a database found damaged at start, and
"Back up the database" (both done with sqlite3 alone, on the task runner).

About a damaged database: say so, and offer the way out.

The check itself (SQLite's ``quick_check``) ran on the worker thread that opened the tray's data,
so the icon never waited for it. Until the technician chooses, nothing is written: the tray's
store refuses writes, and the windows' database opens read-only for the same reason. The menu
offers to restore the newest backup that can be restored (the damaged file is kept in
``backups/`` first) or to go on reading only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from itfriend.ui.shell.tray import MenuEntry, Tray

if TYPE_CHECKING:
    from itfriend.core.db_check import Damage
    from itfriend.core.paths import AppPaths
    from itfriend.ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

TITLE = "itfriend: the database is damaged"


class _TrayOffer(QObject):
    """What both offers share: the data folders, the worker, the tray, and one (non-modal)
    message box at a time for where there is no tray balloon."""

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        tray: Tray,
        show_in_tray: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = runner
        self._tray = tray
        self._show_in_tray = show_in_tray
        self._box: QMessageBox | None = None

    def _message(self, kind: QMessageBox.Icon, text: str, name: str = "") -> QMessageBox:
        if self._box is not None:
            self._box.close()
        self._box = box = QMessageBox(kind, "itfriend", text)
        if name:
            box.setObjectName(name)
        box.show()  # not modal: the tray goes on meanwhile
        return box

    def close(self) -> None:
        if self._box is not None:
            self._box.close()
            self._box = None


class DamagedDatabase(_TrayOffer):
    """The offer made about a damaged database, until the technician takes one of its choices.

    Signals:
    restored(object): the backup (a Path) was put back; writes may go on.
    read_only_chosen(): the technician chose to go on reading only.
    failed(str): the restore was refused or failed; the damaged file is unchanged.
    """

    restored = Signal(object)
    read_only_chosen = Signal()
    failed = Signal(str)

    def __init__(
        self,
        damage: Damage,
        paths: AppPaths,
        runner: TaskRunner,
        tray: Tray,
        show_in_tray: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(paths, runner, tray, show_in_tray, parent)
        self.damage = damage
        self.pending = True  # until a choice is made, the menu offers them

    def announce(self) -> None:
        """Tell the technician, in the tray's balloon or in a (non-modal) message box."""
        log.error("%s", self.damage.message)
        if self._show_in_tray:
            self._tray.icon.showMessage(
                TITLE, self.damage.message, QSystemTrayIcon.MessageIcon.Warning, 0
            )
        else:
            self._offer_in_box()

    def _offer_in_box(self) -> None:
        """Without a tray the menu's choices cannot be seen: the message box offers them."""
        box = self._message(QMessageBox.Icon.Warning, self.damage.message)
        latest = self.damage.latest_backup
        if latest is not None:
            restore = box.addButton(
                f"Restore the backup {_when(latest)}", QMessageBox.ButtonRole.AcceptRole
            )
            restore.setObjectName("restore")
            restore.clicked.connect(self.restore)
        read_only = box.addButton("Go on read-only", QMessageBox.ButtonRole.RejectRole)
        read_only.setObjectName("read_only")
        read_only.clicked.connect(self.go_read_only)

    def entries(self) -> list[MenuEntry]:
        """The menu entries of the choices still open (none once one was taken)."""
        if not self.pending:
            return []
        offered = []
        latest = self.damage.latest_backup
        if latest is not None:
            offered.append(MenuEntry(f"Restore the backup {_when(latest)}", self.restore))
        offered.append(MenuEntry("Go on read-only (the database is damaged)", self.go_read_only))
        return offered

    def restore(self) -> None:
        """Put the newest good backup back, on a worker thread."""
        from itfriend.core.restore import restore_database

        latest = self.damage.latest_backup
        if latest is None or not self.pending:
            return
        paths = self._paths

        def work() -> Path | None:
            return restore_database(paths.database, latest, paths.backups)

        self._runner.run(work, lambda kept: self._on_restored(latest, kept), self._on_failed)

    def go_read_only(self) -> None:
        if not self.pending:
            return
        self.pending = False
        self.read_only_chosen.emit()

    def _on_restored(self, source: Path, kept: object) -> None:
        self.pending = False
        text = f"The database was restored from {source}; the damaged one is kept in {kept}."
        log.info("%s", text)
        if self._show_in_tray:
            self._tray.icon.showMessage("itfriend", text, QSystemTrayIcon.MessageIcon.Information)
        else:
            self._message(QMessageBox.Icon.Information, text)
        self.restored.emit(source)

    def _on_failed(self, exc: BaseException) -> None:
        log.error("restoring the database failed: %s", exc, exc_info=exc)
        self._message(QMessageBox.Icon.Warning, f"The database was not restored:\n\n{exc}")
        self.failed.emit(str(exc))

    def _message(
        self, kind: QMessageBox.Icon, text: str, name: str = "damaged_database"
    ) -> QMessageBox:
        return super()._message(kind, text, name)


def _when(backup: Path) -> str:
    """'of 2026-12-01 21:40' from a backup's name (itfriend-YYYYMMDD-HHMMSS-...)."""
    parts = backup.name.split("-")
    if len(parts) > 2 and parts[1].isdigit() and parts[2].isdigit():
        day, time = parts[1], parts[2]
        return f"of {day[:4]}-{day[4:6]}-{day[6:8]} {time[:2]}:{time[2:4]}"
    return backup.name


class DatabaseBackup(_TrayOffer):
    """The tray's "Back up the database" entry: an online copy into ``backups/`` (the newest
    10 are kept) on a worker thread, told in the tray's balloon or a message box.

    Signals:
    finished(str): what the technician was told (where the copy is, or why there is none).
    """

    finished = Signal(str)

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        tray: Tray,
        show_in_tray: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(paths, runner, tray, show_in_tray, parent)

    def entry(self) -> MenuEntry:
        return MenuEntry("Back up the database", self.back_up)

    def back_up(self) -> None:
        from itfriend.core.backups import backup_database

        paths = self._paths

        def work() -> Path:
            return backup_database(paths.database, paths.backups, "manual")

        self._runner.run(work, self._on_done, self._on_failed)

    def _on_done(self, saved: Path) -> None:
        self._tell(
            QSystemTrayIcon.MessageIcon.Information, f"The database was backed up to {saved}."
        )

    def _on_failed(self, exc: BaseException) -> None:
        log.error("backing up the database failed: %s", exc, exc_info=exc)
        self._tell(QSystemTrayIcon.MessageIcon.Warning, f"The database was not backed up: {exc}")

    def _tell(self, kind: QSystemTrayIcon.MessageIcon, text: str) -> None:
        if self._show_in_tray:
            self._tray.icon.showMessage("itfriend", text, kind)
        else:
            self._message(QMessageBox.Icon.Information, text)
        self.finished.emit(text)
