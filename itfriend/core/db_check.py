"""``itfriend db check`` in words: the file's schema, integrity, whether it can be written, and
the backups there are to fall back on. Plain sqlite3: a file that itfriend refuses to open
(damaged, foreign, unknown schema) can still be described."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from itfriend.core.backups import KEEP_BACKUPS, latest_good_backup, list_backups
from itfriend.core.dbfile import (
    REVISION_NUMBER,
    FileState,
    check_integrity,
    connect_reading,
    damaged_message,
    inspect_file,
    known_revisions,
    schema_problems,
)
from itfriend.core.errors import StorageError
from itfriend.core.paths import AppPaths
from itfriend.core.storage import SCHEMA_HEAD


@dataclass
class DatabaseReport:
    """What :func:`check_database` found: one line per finding; ``ok`` when nothing is wrong."""

    database: Path
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def problem(self, text: str) -> None:
        self.lines.append(text)
        self.ok = False


def check_database(paths: AppPaths) -> DatabaseReport:
    """Describe the database of ``paths`` without changing anything."""
    report = DatabaseReport(paths.database)
    try:
        state = inspect_file(paths.database)
    except StorageError as exc:
        report.problem(f"cannot be read: {exc}")
        _backups(report, paths.backups)
        return report
    if state.is_new:
        report.lines.append("no database yet: the next command creates one")
        _backups(report, paths.backups)
        return report
    revision = state.revision
    if revision is None:
        report.problem("not an itfriend database (it has no itfriend schema revision)")
    elif revision == SCHEMA_HEAD:
        report.lines.append(f"schema: {revision}, the current one")
    elif REVISION_NUMBER.fullmatch(revision) and int(revision) > int(SCHEMA_HEAD):
        report.problem(f"schema: {revision}, from a newer itfriend (this one knows {SCHEMA_HEAD})")
    elif revision in known_revisions():
        report.lines.append(f"schema: {revision}, older: the next command migrates it")
    else:
        report.problem(f"schema: {revision!r}, unknown to this itfriend")
    if revision is not None:
        for problem in schema_problems(state):
            report.problem(f"schema: {problem}")
    damage = check_integrity(paths.database, full=True)  # asked for: the indexes too
    if damage:
        report.problem("integrity: damaged: " + "; ".join(damage[:5]))
    else:
        report.lines.append("integrity: ok")
    for problem in not_utf8_text(paths.database, state):
        report.problem(f"text: {problem}")
    if damage:
        report.problem("writable: no: writes are refused until the database is restored")
    elif state.write_refusal is None:
        report.lines.append("writable: yes")
    else:
        report.problem(f"writable: no: {state.write_refusal}")
    _backups(report, paths.backups)
    return report


def not_utf8_text(database: Path, state: FileState) -> list[str]:
    """Each column of itfriend's tables holding text that is not UTF-8, with the rows (at most
    five ids), and never the text itself. SQLite's integrity check does not look inside cells,
    yet reading such a cell fails, and its error is worded to point here."""
    problems: list[str] = []
    try:
        with contextlib.closing(connect_reading(database)) as conn:
            conn.text_factory = bytes  # read the cells' bytes, so a bad one does not stop us
            for table, columns in sorted(state.columns.items()):
                for column in sorted(columns):
                    rows = _rows_not_utf8(conn, table, column)
                    if not rows:
                        continue
                    shown = ", ".join(map(str, rows[:5])) + (", ..." if len(rows) > 5 else "")
                    where = (
                        f"1 row (id {shown})"
                        if len(rows) == 1
                        else f"{len(rows)} rows (ids {shown})"
                    )
                    problems.append(
                        f"{table}.{column} holds bytes that are not UTF-8 text in {where}, "
                        "which cannot be read; restore a backup: itfriend db restore FILE"
                    )
    except sqlite3.DatabaseError:
        return []  # what cannot be read at all is told by the integrity check
    return problems


def _rows_not_utf8(conn: sqlite3.Connection, table: str, column: str) -> list[int]:
    """The rowids whose ``column`` is text that is not UTF-8.

    The whole column is joined by SQLite first, with a line break between cells (so that no two
    halves make one character), and decoded once; only a column that fails is read cell by cell.
    Decoding each cell in Python took several times as long on 100,000 people."""
    text_cells = f'FROM "{table}" WHERE typeof("{column}") = \'text\''
    (whole,) = conn.execute(
        f"SELECT group_concat(CAST(\"{column}\" AS BLOB), x'0a') {text_cells}"
    ).fetchone()
    if whole is None or _is_utf8(whole):
        return []
    cells = conn.execute(f'SELECT rowid, "{column}" {text_cells}')
    return [row_id for row_id, value in cells if not _is_utf8(value)]


def _is_utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _backups(report: DatabaseReport, backups: Path) -> None:
    copies = list_backups(backups)
    if not copies:
        report.lines.append(f"backups: none in {backups}")
        return
    latest = latest_good_backup(backups)
    good = f"newest that can be restored: {latest}" if latest else "none of them can be restored"
    report.lines.append(
        f"backups: {len(copies)} in {backups} (the newest {KEEP_BACKUPS} are kept); {good}"
    )


class Damage(NamedTuple):
    """A damaged database found at start: what to tell the technician, and the newest backup
    that could be restored (None when there is none)."""

    message: str
    latest_backup: Path | None


def find_damage(paths: AppPaths) -> Damage | None:
    """SQLite's ``quick_check`` of the database (about 50 ms on 100,000 people): None when
    whole, else the :class:`Damage`. Meant for a worker thread at start."""
    damage = check_integrity(paths.database)
    if not damage:
        return None
    latest = latest_good_backup(paths.backups)
    return Damage(damaged_message(paths.database, damage, latest), latest)
