"""Putting a copy back in place of the database, keeping the current file in ``backups/`` first
(a damaged one byte for byte), so that a restore never loses what was there.

The copy of the current file is made under a temporary name, noted in ``pending-writes/``, and
takes its backup name only once the restore is done: a restore killed part-way changed nothing,
so the next start removes that copy rather than leaving a "before-restore" backup of a restore
that never happened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from itfriend.core.backups import (
    DAMAGED_LABEL,
    DamagedDatabaseError,
    backup_name,
    copy_database,
    make_backups_folder,
    prune_backups,
    restorable_problems,
)
from itfriend.core.change_feed.log_sql import mark_whole_database_changed, newest_change_id
from itfriend.core.dbfile import BUSY_TIMEOUT_S, connect_reading
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.safe_files import (
    TEMPORARY_MARK,
    TEMPORARY_SUFFIX,
    noted_temporary,
    remove_stale_temporaries,
    write_atomically,
)

# Not TEMPORARY_SUFFIX: another process's backup clears stale ".tmp" files in backups/, and a
# long restore must not lose its copy of the current file that way.
KEEPING_SUFFIX = ".keeping"

log = logging.getLogger(__name__)


def restore_database(database: Path, source: Path, backups: Path) -> Path | None:
    """Put the copy ``source`` in place of ``database``, keeping the current file in
    ``backups/`` first; return that backup (None when there was no current file).

    The content goes in through SQLite's backup API as one transaction on the live file, so
    that a tray reading it meanwhile sees the old or the new database, never a mix, and a
    killed restore leaves the old one. Where SQLite cannot write into the live file (too
    damaged to open, or another page size than the copy's), the file is replaced whole by a
    checked copy instead. Raises :class:`ValidationError` for a ``source`` that is no whole
    itfriend database; a restore that fails removes the backup it made.
    """
    problems = restorable_problems(source)
    if problems:
        raise ValidationError(f"{source} cannot be restored: " + "; ".join(problems))
    if source.resolve() == database.resolve():
        raise ValidationError(f"{source} is the database itself")
    if not database.exists() or database.stat().st_size == 0:
        _restore_into(database, source)
        _tell_readers(database, 0)
        return None
    seen_by_readers = _newest_change_id(database)
    make_backups_folder(backups)
    remove_stale_temporaries([backups])  # left by copies killed before they were noted
    staged = backups / f".before-restore{TEMPORARY_MARK}{secrets.token_hex(6)}{KEEPING_SUFFIX}"
    with noted_temporary(staged):
        try:
            label = _keep_current(database, staged)
            _restore_into(database, source)
        except BaseException:
            # Nothing changed: the copy must not take a backup's place.
            with contextlib.suppress(OSError):
                staged.unlink()
            raise
        _tell_readers(database, seen_by_readers)
        kept = backup_name(backups, label)
        try:
            os.replace(staged, kept)  # at once: only a kill in this instant loses the copy
        except OSError as exc:
            raise StorageError(
                f"the database was restored, but the copy of the previous one could not be "
                f"named: it is {staged} ({exc.strerror or exc})"
            ) from None
    prune_backups(backups)
    return kept


def _newest_change_id(database: Path) -> int:
    """The newest change-feed id of the current file (0 where it cannot be read)."""
    try:
        with contextlib.closing(connect_reading(database)) as conn:
            return newest_change_id(conn)
    except sqlite3.Error:
        return 0  # a damaged file: readers reload anyway when the marker is below their cursor


def _tell_readers(database: Path, above: int) -> None:
    """Mark the restore in the change feed, so that a running tray reloads everything: the
    restored log's ids may repeat ones it has seen (see ``mark_whole_database_changed``)."""
    try:
        with (
            contextlib.closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)) as conn,
            conn,  # one transaction
        ):
            mark_whole_database_changed(conn, above)
    except sqlite3.Error as exc:
        log.warning("the restore of %s could not be marked in the change feed: %s", database, exc)


def _restore_into(database: Path, source: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)) as live:
            page_size = int(live.execute("PRAGMA page_size").fetchone()[0])
            with (
                _with_page_size(source, database.parent, page_size) as fitting,
                contextlib.closing(connect_reading(fitting)) as reader,
            ):
                reader.backup(live)
        return
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "full" in text:
            raise StorageError("the disk is full: the database was not restored") from None
        if "locked" in text or "busy" in text:
            raise StorageError(
                "the database is busy in another program: it was not restored; try again"
            ) from None
        log.info("restoring %s by replacing the file, as SQLite refused: %s", database, text)
    _replace_file(database, source)


@contextlib.contextmanager
def _with_page_size(source: Path, folder: Path, page_size: int) -> Iterator[Path]:
    """``source``, or a copy of it in ``folder`` with ``page_size``: SQLite cannot back up into
    a live WAL file with another page size, and the live file must be written into, not
    replaced, so that every connection open on it (the tray's) sees the restored content."""
    with contextlib.closing(connect_reading(source)) as reader:
        if int(reader.execute("PRAGMA page_size").fetchone()[0]) == page_size:
            yield source
            return
    staged = folder / f".restoring{TEMPORARY_MARK}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
    with noted_temporary(staged):
        try:
            copy_database(source, staged, verify=False)  # checked by restorable_problems
            with contextlib.closing(sqlite3.connect(staged, isolation_level=None)) as resized:
                resized.execute("PRAGMA journal_mode=OFF")  # a killed VACUUM leaves no journal
                resized.execute(f"PRAGMA page_size={page_size}")
                resized.execute("VACUUM")
            yield staged
        except OSError as exc:
            raise StorageError(
                f"the database was not restored: cannot write {folder}: {exc.strerror or exc}"
            ) from None
        finally:
            with contextlib.suppress(OSError):
                staged.unlink()


def _replace_file(database: Path, source: Path) -> None:
    """Replace ``database`` whole by a checked copy of ``source``, in one rename."""
    folder = database.parent
    staged = folder / f".{database.name}{TEMPORARY_MARK}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
    with noted_temporary(staged):
        try:
            copy_database(source, staged)
            _checkpoint(database)  # what the -wal holds goes into the file (kept already)
            # The old file's -wal and -shm would be read as the new file's: they go first
            # (their content is in the copy _keep_current made).
            for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
                leftover.unlink(missing_ok=True)
            os.replace(staged, database)
        except OSError as exc:
            raise StorageError(
                f"the database was not restored: cannot write {folder}: {exc.strerror or exc}"
            ) from None
        finally:
            with contextlib.suppress(OSError):
                staged.unlink()


def _checkpoint(database: Path) -> None:
    """Move what the live file's -wal holds into it, where SQLite can (not in a damaged one)."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _keep_current(database: Path, staged: Path) -> str:
    """Copy the current file to ``staged``; return the label of its backup name (a damaged
    file is kept byte for byte, labelled damaged)."""
    try:
        copy_database(database, staged)
        return "before-restore"
    except StorageError as exc:
        if not _is_damage(exc):
            raise StorageError(
                f"the current database could not be kept ({exc}); nothing was restored"
            ) from None
    import shutil

    try:
        with open(database, "rb") as current:
            write_atomically(staged, lambda out: shutil.copyfileobj(current, out))
    except (OSError, StorageError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StorageError(
            f"the current database could not be kept ({reason}); nothing was restored"
        ) from None
    return DAMAGED_LABEL


def _is_damage(exc: StorageError) -> bool:
    """Whether ``exc`` says the database is damaged (rather than the disk full, say)."""
    return isinstance(exc, DamagedDatabaseError) or "is damaged" in str(exc)
