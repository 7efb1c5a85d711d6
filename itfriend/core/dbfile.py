"""The database file as plain sqlite3 sees it: what it is, whether it can be written, and
whether it is whole.

Start-up must tell apart a new file, an itfriend database, a foreign SQLite file, one at an
unknown schema and one that cannot be read, before anything is created or migrated: an I/O
error taken for "no revision" would migrate without a backup. So :func:`inspect_file` reads the
file once, read-only, and either describes it or raises a :class:`StorageError` saying why.

Where the file can be read but not written (a read-only folder, a full disk), reads still work
through :func:`connect_reading`: SQLite's usual connection needs to create or grow the ``-shm``
index beside the file, which neither allows, so the fallbacks read without it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from itfriend.core.dbschema import ITFRIEND_COLUMNS
from itfriend.core.dbschema import ITFRIEND_TABLES as ITFRIEND_TABLES
from itfriend.core.errors import StorageError
from itfriend.core.storage import SCHEMA_HEAD, storage_error

# A revision is "0001", "0002"...: ASCII digits only (str.isdigit also takes "²").
REVISION_NUMBER = re.compile(r"[0-9]+")

MIGRATION_VERSIONS = Path(__file__).with_name("migrations") / "versions"
BUSY_TIMEOUT_S = 5.0

DISK_FULL = "the disk is full: nothing was saved; free some space and try again"
READ_ONLY = "the data folder {folder} is read-only: nothing was saved (reading works)"
STALE_WAL = (
    "the database {path} has recent changes in its -wal file that cannot be read in this "
    "read-only folder (its -shm file is missing): nothing was read; open it once where the "
    "folder can be written"
)
WAL_HEADER = 32  # bytes; each frame then starts with a 24-byte header


@dataclass(frozen=True)
class FileState:
    """What :func:`inspect_file` found.

    ``revision`` is None for a new (missing or empty) file. ``write_refusal`` is None when the
    file can be written, else the technician's reason why not (full disk, read-only folder).
    ``columns`` maps each of itfriend's tables found to its columns; ``other_marks`` names what
    else the file holds that no new file has (a view, an application id...).
    """

    revision: str | None
    tables: frozenset[str]
    write_refusal: str | None
    columns: dict[str, frozenset[str]] = field(default_factory=dict)
    other_marks: tuple[str, ...] = ()

    @property
    def is_new(self) -> bool:
        """Only a file with nothing at all in it is new: anything else foreign is refused."""
        return self.revision is None and not self.tables and not self.other_marks


def known_revisions() -> frozenset[str]:
    """The revisions this itfriend's migrations know ("0001", ...), read from file names so
    that Alembic need not load."""
    names = (p.name.partition("_")[0] for p in MIGRATION_VERSIONS.glob("[0-9]*_*.py"))
    return frozenset(name for name in names if REVISION_NUMBER.fullmatch(name)) | {SCHEMA_HEAD}


def write_refusal(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` now, or None. (``os.access`` sees a read-only
    mount even for root, which ignores permission bits.)"""
    if not os.access(folder, os.W_OK):
        return READ_ONLY.format(folder=folder)
    with contextlib.suppress(OSError):
        if shutil.disk_usage(folder).free == 0:  # os.statvfs is POSIX only
            return DISK_FULL
    return None


def connect_reading(path: Path) -> sqlite3.Connection:
    """A connection that can read ``path`` (an existing file), wherever SQLite can read it.

    The usual read-write connection first; where SQLite cannot set up its ``-shm`` index
    (read-only folder, full disk: "disk I/O error", "unable to open"), an exclusive-locking one
    that refuses writes (it keeps the index in memory and still reads the ``-wal``), then an
    immutable one (a read-only mount, where no other process can be writing either).
    """
    uri = path.resolve().as_uri()
    attempts = (
        (f"{uri}?mode=rw", ()),
        (f"{uri}?mode=ro", ()),
        (f"{uri}?mode=rw", ("PRAGMA locking_mode=EXCLUSIVE", "PRAGMA query_only=ON")),
        (f"{uri}?mode=ro&immutable=1", ()),
    )
    first_error: sqlite3.OperationalError | None = None
    for target, pragmas in attempts:
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(target, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            for pragma in pragmas:
                conn.execute(pragma)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if "immutable=1" in target and wal_has_content(path):
                raise StorageError(STALE_WAL.format(path=path))  # never silently stale
        except sqlite3.OperationalError as exc:
            if conn is not None:
                conn.close()
            if not _is_access_error(exc):
                raise
            first_error = first_error or exc
            continue
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return conn
    assert first_error is not None
    raise first_error


def wal_has_content(path: Path) -> bool:
    """Whether ``path``'s -wal holds frames not yet in the file: its first frame carries the
    header's salt (a WAL that was reset keeps old frames with a stale salt, which SQLite
    ignores)."""
    try:
        with open(f"{path}-wal", "rb") as wal:
            header = wal.read(WAL_HEADER)
            frame = wal.read(24)
    except OSError:
        return False
    return len(header) == WAL_HEADER and len(frame) == 24 and frame[8:16] == header[16:24]


def _is_access_error(exc: sqlite3.OperationalError) -> bool:
    """An error that a read without the ``-shm`` index (or without writing) may avoid."""
    text = str(exc)
    return any(
        part in text for part in ("disk I/O", "unable to open", "readonly", "read-only", "full")
    )


def inspect_file(path: Path) -> FileState:
    """Read what the database file is, touching nothing. Raises :class:`StorageError` for a
    file that is not SQLite, is damaged, or cannot be read."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return FileState(None, frozenset(), write_refusal(path.parent))
        with contextlib.closing(connect_reading(path)) as conn:
            entries = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
            tables = frozenset(name for kind, name in entries if kind == "table")
            marks = [f"{kind} {name}" for kind, name in entries if kind in ("view", "trigger")]
            for pragma in ("application_id", "user_version"):
                value = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
                if value:
                    marks.append(f"{pragma} {value}")
            columns = {
                table: frozenset(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
                for table in tables & ITFRIEND_TABLES
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except OSError as exc:
        raise StorageError(f"cannot read the database {path}: {exc.strerror or exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise file_error(path, exc) from exc
    return FileState(revision, tables, write_refusal(path.parent), columns, tuple(marks))


def file_error(path: Path, exc: sqlite3.Error) -> StorageError:
    """The technician's message for sqlite3's ``exc`` on reading ``path``."""
    text = str(exc)
    if "decode to UTF-8" in text:
        return storage_error(text, "read")  # worded without the cell, which it quotes
    if "not a database" in text or "malformed" in text:
        return StorageError(f"{path} is not an itfriend database or is damaged: {text}")
    if "disk I/O" in text:
        return StorageError(f"the database {path} cannot be read (disk I/O error)")
    return StorageError(f"the database {path} cannot be read: {text}")


def check_integrity(path: Path, *, full: bool = False) -> list[str]:
    """SQLite's ``quick_check`` of ``path``: an empty list when whole, else what it found
    (at most 20 lines). Cheaper than ``integrity_check`` (it skips matching the indexes to
    their tables) and still finds overwritten or truncated pages; ``full`` runs the whole
    ``integrity_check`` (for ``db check``, which is asked for and may take longer)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        with contextlib.closing(connect_reading(path)) as conn:
            rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}(20)")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    if rows == ["ok"]:
        return []
    # A row may hold several lines, headed "*** in database main ***".
    lines = (line.strip() for row in rows for line in row.splitlines())
    return [line for line in lines if line and not line.startswith("***")] or rows


def schema_problems(state: FileState) -> list[str]:
    """What keeps ``state`` from being a usable itfriend database, in words (none: usable)."""
    if state.is_new:
        return []
    if state.revision is None:
        return ["it has no itfriend schema revision"]
    missing = sorted(ITFRIEND_TABLES - state.tables)
    problems = [f"its table {name} is missing" for name in missing]
    for table, found in sorted(state.columns.items()):
        lacking = sorted(ITFRIEND_COLUMNS[table] - found)
        if lacking:
            problems.append(f"its table {table} lacks the column(s) {', '.join(lacking)}")
    return problems


def damaged_message(db_path: Path, damage: list[str], latest: Path | None) -> str:
    """What the technician is told about a damaged database, with the way out."""
    offer = (
        f"restore the latest backup with: itfriend db restore {latest}"
        if latest is not None
        else "no backup to restore was found; keep a copy of the file as it is (db backup refuses "
        "a damaged one), then try: itfriend export FILE (it saves the contacts if they can be read)"
    )
    return f"the database {db_path} is damaged ({damage[0]}): nothing can be saved; {offer}"


def refuse_unusable(db_path: Path, state: FileState) -> None:
    """Raise for a file itfriend must leave alone: foreign, newer, unknown or incomplete."""
    revision = state.revision
    if revision is None:
        if state.is_new:
            return  # an empty SQLite file: treated as new by ``_create``
        others = ", ".join([*sorted(state.tables), *state.other_marks][:5])
        raise StorageError(
            f"{db_path} is not an itfriend database (it holds: {others}); "
            "it was left untouched: move it away, or set ITFRIEND_HOME to another folder"
        )
    # Revisions are numbered "0001", "0002"...: a higher one comes from a later version.
    if REVISION_NUMBER.fullmatch(revision) and int(revision) > int(SCHEMA_HEAD):
        raise StorageError(
            f"{db_path} was written by a newer itfriend (schema {revision}; this one knows "
            f"up to {SCHEMA_HEAD}): update itfriend to use it"
        )
    if revision not in known_revisions():
        raise StorageError(
            f"{db_path} is at schema revision {revision!r}, which this itfriend does not know: "
            "nothing was changed; restore a backup with: itfriend db restore FILE"
        )
    problems = schema_problems(state) if revision == SCHEMA_HEAD else []
    if problems:
        raise StorageError(
            f"the database {db_path} is damaged: {'; '.join(problems)}; "
            "restore a backup with: itfriend db restore FILE"
        )
