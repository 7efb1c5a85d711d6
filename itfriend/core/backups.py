"""Copies of the database: made before a migration or a restore and on request, kept few, and
put back whole.

A copy is made with SQLite's online backup API, which reads one consistent state even while the
tray writes, into a temporary file beside the target (named as ``safe_files`` names its
temporaries, so one left by a killed copy is cleaned up), then renamed over it: a copy is
either complete or absent. The ``backups/`` folder keeps the newest :data:`KEEP_BACKUPS`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from itfriend.core.dbfile import (
    BUSY_TIMEOUT_S,
    check_integrity,
    connect_reading,
    file_error,
    inspect_file,
    known_revisions,
    schema_problems,
)
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.safe_files import (
    TEMPORARY_MARK,
    TEMPORARY_SUFFIX,
    remove_stale_temporaries,
    write_atomically,
)

KEEP_BACKUPS = 10  # older copies in backups/ are removed once a new one is complete
BACKUP_GLOB = "itfriend-*.sqlite"


def copy_database(source: Path, target: Path) -> Path:
    """Copy the database ``source`` to ``target`` (all or nothing), private to the user."""
    folder = target.parent
    if target.is_dir() and not target.is_symlink():
        raise ValidationError(f"{target} is a folder: give a file name")
    if not folder.is_dir():
        raise ValidationError(f"the folder {folder} does not exist")
    try:
        fd, name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}{TEMPORARY_MARK}", suffix=TEMPORARY_SUFFIX
        )
    except OSError as exc:
        raise StorageError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    os.close(fd)  # mkstemp made it 0600; SQLite takes the empty file for a new database
    temporary = Path(name)
    try:
        with (
            contextlib.closing(connect_reading(source)) as reader,
            contextlib.closing(sqlite3.connect(temporary, timeout=BUSY_TIMEOUT_S)) as copy,
        ):
            # No -journal beside the temporary: a killed copy leaves only the temporary file,
            # which remove_stale_temporaries knows; the copy is thrown away on failure anyway.
            copy.execute("PRAGMA journal_mode=OFF")
            reader.backup(copy)
        with open(temporary, "r+b") as written:
            # The copy of a WAL database says "WAL" in its header (bytes 18 and 19, the file
            # format's read and write versions); 1 makes it a self-contained rollback-journal
            # file, so that reading it later (db check, restore) makes no -wal or -shm.
            written.seek(18)
            written.write(b"\x01\x01")
            written.flush()
            os.fsync(written.fileno())
        os.replace(temporary, target)  # replaces a link at the target, never follows it
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, sqlite3.DatabaseError):
            if "full" in str(exc):
                raise StorageError(f"the disk is full: {target} was not written") from None
            raise file_error(source, exc) from None
        if isinstance(exc, OSError):
            raise StorageError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    return target


def backup_database(path: Path, backups: Path, label: str) -> Path:
    """Copy the database into ``backups/`` as ``itfriend-<stamp>-<label>.sqlite``, then drop
    the copies beyond the newest :data:`KEEP_BACKUPS`."""
    try:
        backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"cannot make the backups folder {backups}: {exc.strerror}") from None
    # Fixed-width to the microsecond, so that names sort by age and never collide.
    target = backups / f"itfriend-{datetime.now():%Y%m%d-%H%M%S-%f}-{label}.sqlite"
    remove_stale_temporaries([backups])  # left by copies that were killed
    copy_database(path, target)
    prune_backups(backups)
    return target


def list_backups(backups: Path) -> list[Path]:
    """The copies in ``backups/``, newest first (their names start with the moment)."""
    with contextlib.suppress(OSError):
        return sorted(backups.glob(BACKUP_GLOB), key=lambda p: p.name, reverse=True)
    return []


def prune_backups(backups: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Remove all but the newest ``keep`` copies; return the removed ones."""
    removed = []
    for old in list_backups(backups)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    return removed


def restorable_problems(path: Path) -> list[str]:
    """Why ``path`` cannot be restored (not SQLite, not itfriend's, damaged), or nothing."""
    if not path.is_file():
        return [f"{path} is not a file"]
    try:
        state = inspect_file(path)
    except StorageError as exc:
        return [str(exc)]
    if state.is_new:
        return [f"{path} is empty"]
    problems = schema_problems(state)
    if state.revision is not None and state.revision not in known_revisions():
        problems.append(f"its schema revision {state.revision!r} is unknown to this itfriend")
    return problems or check_integrity(path)


def latest_good_backup(backups: Path) -> Path | None:
    """The newest copy in ``backups/`` that could be restored, if any."""
    for candidate in list_backups(backups):
        if not restorable_problems(candidate):
            return candidate
    return None


def restore_database(database: Path, source: Path, backups: Path) -> Path | None:
    """Put the copy ``source`` in place of ``database``, keeping the current file in
    ``backups/`` first; return that backup (None when there was no current file).

    The content goes in through SQLite's backup API as one transaction on the live file, so
    that a tray reading it meanwhile sees the old or the new database, never a mix, and a
    killed restore leaves the old one. Raises :class:`ValidationError` for a ``source`` that
    is no whole itfriend database.
    """
    problems = restorable_problems(source)
    if problems:
        raise ValidationError(f"{source} cannot be restored: " + "; ".join(problems))
    if source.resolve() == database.resolve():
        raise ValidationError(f"{source} is the database itself")
    kept = None
    if database.exists() and database.stat().st_size > 0:
        kept = _keep_current(database, backups)
    try:
        with (
            contextlib.closing(connect_reading(source)) as reader,
            contextlib.closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)) as live,
        ):
            reader.backup(live)
    except sqlite3.DatabaseError as exc:
        if "full" in str(exc):
            raise StorageError("the disk is full: the database was not restored") from None
        raise StorageError(f"the database was not restored: {exc}") from None
    return kept


def _keep_current(database: Path, backups: Path) -> Path:
    """The current file's backup; a damaged file SQLite cannot copy is kept byte for byte."""
    try:
        return backup_database(database, backups, "before-restore")
    except StorageError:
        import shutil

        target = backups / f"itfriend-{datetime.now():%Y%m%d-%H%M%S-%f}-damaged.sqlite"
        try:
            backups.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(database, "rb") as current:
                write_atomically(target, lambda out: shutil.copyfileobj(current, out))
        except OSError as exc:
            raise StorageError(
                f"the current database could not be kept ({exc.strerror}); nothing was restored"
            ) from None
        return target
