"""``itfriend db check`` in words: the file's schema, integrity, whether it can be written, and
the backups there are to fall back on. Plain sqlite3: a file that itfriend refuses to open
(damaged, foreign, unknown schema) can still be described."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from itfriend.core.backups import KEEP_BACKUPS, latest_good_backup, list_backups
from itfriend.core.dbfile import (
    REVISION_NUMBER,
    check_integrity,
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
    if damage:
        report.problem("writable: no: writes are refused until the database is restored")
    elif state.write_refusal is None:
        report.lines.append("writable: yes")
    else:
        report.problem(f"writable: no: {state.write_refusal}")
    _backups(report, paths.backups)
    return report


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
