"""Follows the change feed (``itfriend.core.change_feed``) in the running tray, without polling.

It is woken, never ticks: by the "changed" message a CLI write sends over the instance socket
(``wake``), and by a file-system watch of the feed's ``wake_paths`` (the database and its -wal),
which covers writers that send nothing (a second copy of the app, a crashed CLI, Windows).
Wake-ups that arrive together (one commit touches the -wal and the database, then the socket
message follows) are coalesced by a short single-shot timer into one read of the feed, off the
GUI thread.

Reading the feed must not wake it again. A read writes neither watched file, but the watch
reports more than writes: SQLite run as root hands the -wal and -shm it opens to the database's
owner (``fchown``), an attribute change that the watch reports on every read. So a file's event
wakes only when its size, modification time or inode moved (``_FileState``). A read may also
create the -wal and -shm when they are missing, a change of their folder: the folder is watched
only to add the wake paths that appear later (the -wal comes and goes with the writers'
connections, a restore replaces the database), and such an appearance wakes once, since a
writer may have written to it before it was watched. So one read causes at most one more, which
finds nothing and creates nothing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from itfriend.core.change_feed import Change, ChangeFeed, ReloadAll

if TYPE_CHECKING:
    from itfriend.ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

# Long enough to gather the file events of one commit and the socket message that follows it,
# short enough to stay far inside the one second a change may take to show.
COALESCE_MS = 40
READ_LIMIT = 1000

# What a write changes in a file: (size, modification time, inode), or None when it is gone.
_FileState = tuple[int, int, int] | None


def _file_state(path: str) -> _FileState:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


class ChangeWatcher(QObject):
    """Reads the feed after each wake-up, from the last id it saw, and says what changed.

    Call ``start()`` once; until its starting point is read, wake-ups wait for it.

    Signals:
    changes_read(object): a list of new :class:`Change` rows, oldest first (never empty).
    reload_all(): changes were lost to the reader (log pruned past it, database restored):
        everything shown must be read again.
    """

    changes_read = Signal(object)
    reload_all = Signal()

    def __init__(self, feed: ChangeFeed, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._feed = feed
        self._runner = runner
        self.last_id: int | None = None  # None: the starting point is not read yet
        self._reading = False
        self._read_again = False
        self._stopped = False
        self._coalesce = QTimer(self)
        self._coalesce.setObjectName("change_feed_coalesce")
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._read)
        self._watch = QFileSystemWatcher(self)
        self._seen: dict[str, _FileState] = {}
        self._watch.fileChanged.connect(self._file_changed)
        self._watch.directoryChanged.connect(self._folder_changed)

    def start(self) -> None:
        """Watch the wake paths and read where the feed is now (changes before it are known to
        whoever reads the data after this call)."""
        self._watch_paths()
        self._reading = True
        self._runner.run(self._feed.latest_id, self._started, self._start_failed)

    def stop(self) -> None:
        """No more wake-ups or reads (at shutdown)."""
        self._stopped = True
        self._coalesce.stop()
        watched = self._watch.files() + self._watch.directories()
        if watched:
            self._watch.removePaths(watched)

    @property
    def busy(self) -> bool:
        """Whether a read is due or running."""
        return self._reading or self._coalesce.isActive()

    def watched_files(self) -> list[Path]:
        return [Path(path) for path in self._watch.files()]

    def wake(self) -> None:
        """Something may have been written: read the feed soon (once for a burst of calls)."""
        if not self._stopped and not self._coalesce.isActive():
            self._coalesce.start()

    # --- the file watch ----------------------------------------------------------------------

    def _watch_paths(self) -> bool:
        """Watch the wake paths that exist and are not watched yet, and their folders; True
        when a file was added (it appeared, or came back after being replaced)."""
        watched_files = set(self._watch.files())
        watched_folders = set(self._watch.directories())
        added = False
        for path in self._feed.wake_paths():
            folder = str(path.parent)
            if folder not in watched_folders and path.parent.is_dir():
                watched_folders.add(folder)
                self._watch.addPath(folder)
            if str(path) not in watched_files and path.is_file():
                self._seen[str(path)] = _file_state(str(path))
                added = bool(self._watch.addPath(str(path))) or added
        return added

    def _file_changed(self, path: str) -> None:
        state, before = _file_state(path), self._seen.get(path)
        if state == before:
            return  # its attributes only (see the module's docstring)
        self._seen[path] = state
        if state is None:
            # Deleted: the watch dropped it; the folder's change brings it back. No read: a
            # -wal goes once a checkpoint has moved its content into the database, whose own
            # change wakes the watcher.
            self._watch.removePath(path)
            return
        self.wake()
        if before is not None and before[2] != state[2]:
            # Replaced by a rename (a restore): the watch still follows the old file.
            self._watch.removePath(path)
        if path not in self._watch.files():
            self._watch.addPath(path)

    def _folder_changed(self, _folder: str) -> None:
        if self._watch_paths():
            self.wake()

    # --- reading -----------------------------------------------------------------------------

    def _started(self, latest_id: int) -> None:
        self.last_id = latest_id
        self._reading = False
        log.info("following the change feed from #%d", latest_id)
        self._read_if_woken_meanwhile()

    def _start_failed(self, exc: BaseException) -> None:
        self._reading = False
        log.warning("cannot read the change feed (%s); it is tried again at the next change", exc)

    def _read(self) -> None:
        if self._stopped or self._runner.closed:
            return
        if self._reading:
            self._read_again = True
            return
        if self.last_id is None:  # the start failed: try it again now
            self._reading = True
            self._runner.run(self._feed.latest_id, self._started_late, self._start_failed)
            return
        self._reading = True
        self._read_again = False
        feed, last_id = self._feed, self.last_id
        self._runner.run(
            lambda: feed.changes_since(last_id, READ_LIMIT), self._changes_arrived, self._failed
        )

    def _started_late(self, latest_id: int) -> None:
        # Changes between the failed start and now are unknown: everything is read again.
        self._started(latest_id)
        self.reload_all.emit()

    def _changes_arrived(self, changes: list[Change]) -> None:
        self._reading = False
        if changes:
            self.last_id = changes[-1].id
            self.changes_read.emit(changes)
        if len(changes) >= READ_LIMIT:
            self._read_again = True  # more are waiting
        self._read_if_woken_meanwhile()

    def _failed(self, exc: BaseException) -> None:
        self._reading = False
        if isinstance(exc, ReloadAll):
            log.info("change feed: %s", exc)
            self.last_id = exc.latest_id
            self.reload_all.emit()
        else:
            log.warning(
                "cannot read the change feed (%s); it is read again at the next change", exc
            )
        self._read_if_woken_meanwhile()

    def _read_if_woken_meanwhile(self) -> None:
        if self._read_again and not self._coalesce.isActive():
            self._read_again = False
            self._read()
