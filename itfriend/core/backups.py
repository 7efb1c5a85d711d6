"""Copies of the database: made before a migration or a restore and on request, and kept few
(``restore`` puts one back).

A copy is made with SQLite's online backup API, which reads one consistent state even while the
tray writes, into a temporary file beside the target (noted in ``pending-writes/`` as
``safe_files`` notes its own, so one left by a killed copy is removed at the next start), checked,
then renamed over it: a copy is either complete and whole or absent. The ``backups/`` folder keeps
the newest :data:`KEEP_BACKUPS`, and never drops the newest copy that can be restored.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
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
    noted_temporary,
    remove_stale_temporaries,
)

KEEP_BACKUPS = 10  # older copies in backups/ are removed once a new one is complete
KEEP_DAMAGED = 2  # byte copies of damaged files, kept apart: they never push out good copies
BACKUP_GLOB = "itfriend-*.sqlite"
DAMAGED_LABEL = "damaged"


class DamagedDatabaseError(StorageError):
    """The database is damaged, so a copy of it would be no backup: none was made."""


def copy_database(source: Path, target: Path, *, verify: bool = True) -> Path:
    """Copy the database ``source`` to ``target`` (all or nothing), private to the user.

    With ``verify``, the copy is checked before it takes the target's name, and a damaged one
    is refused (:class:`DamagedDatabaseError`): a damaged copy must not pass for a backup.
    """
    folder = target.parent
    if target.is_dir() and not target.is_symlink():
        raise ValidationError(f"{target} is a folder: give a file name")
    if not folder.is_dir():
        raise ValidationError(f"the folder {folder} does not exist")
    temporary = folder / f".{target.name}{TEMPORARY_MARK}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
    # Noted in pending-writes/ while it exists: a killed copy's temporary (as big as the
    # database) is removed at the next start, wherever it was written.
    with noted_temporary(temporary):
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise StorageError(f"cannot write in {folder}: {exc.strerror or exc}") from None
        os.close(fd)  # SQLite takes the empty file for a new database
        try:
            _copy_into(source, temporary)
            if verify:
                damage = check_integrity(temporary)
                if damage:
                    raise DamagedDatabaseError(
                        f"the database {source} is damaged ({damage[0]}): no copy was made; "
                        "see what is wrong with: itfriend db check"
                    )
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


def _copy_into(source: Path, temporary: Path) -> None:
    with (
        contextlib.closing(connect_reading(source)) as reader,
        contextlib.closing(sqlite3.connect(temporary, timeout=BUSY_TIMEOUT_S)) as copy,
    ):
        # No -journal beside the temporary: a killed copy leaves only the temporary file,
        # which is noted; the copy is thrown away on failure anyway.
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


def backup_database(path: Path, backups: Path, label: str) -> Path:
    """Copy the database into ``backups/`` as ``itfriend-<stamp>-<label>.sqlite``, then drop
    the copies beyond the newest :data:`KEEP_BACKUPS`. A damaged database is refused
    (:class:`DamagedDatabaseError`), and the backups already there stay as they are."""
    make_backups_folder(backups)
    target = backup_name(backups, label)
    remove_stale_temporaries([backups])  # left by copies killed before they were noted
    copy_database(path, target)
    prune_backups(backups)
    return target


def make_backups_folder(backups: Path) -> None:
    try:
        backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"cannot make the backups folder {backups}: {exc.strerror}") from None


def backup_name(backups: Path, label: str) -> Path:
    # Fixed-width to the microsecond, so that names sort by age and never collide.
    return backups / f"itfriend-{datetime.now():%Y%m%d-%H%M%S-%f}-{label}.sqlite"


def list_backups(backups: Path) -> list[Path]:
    """The copies in ``backups/``, newest first (their names start with the moment)."""
    with contextlib.suppress(OSError):
        return sorted(backups.glob(BACKUP_GLOB), key=lambda p: p.name, reverse=True)
    return []


def prune_backups(backups: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Remove all but the newest ``keep`` copies (and all but the newest :data:`KEEP_DAMAGED`
    byte copies of damaged files); return the removed ones. The newest copy that can be
    restored is never removed, however old."""
    copies = list_backups(backups)
    damaged = [c for c in copies if c.stem.endswith(f"-{DAMAGED_LABEL}")]
    good = [c for c in copies if c not in damaged]
    doomed = damaged[KEEP_DAMAGED:]
    if good[keep:]:
        spared = latest_good_backup(backups)
        doomed += [c for c in good[keep:] if c != spared]
    removed = []
    for old in doomed:
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
