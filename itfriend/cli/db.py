"""``itfriend db upgrade|check|backup|restore``: the database file itself.

``upgrade`` creates the database or migrates it to this version (backing it up first); the tray
runs it as a child process when its database is missing or older. ``check`` describes the file
in words, ``backup`` copies it (safe while the tray runs), ``restore`` puts a copy back.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from itfriend.cli.context import CliContext


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="check, back up, restore, create or upgrade the database")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = sub.add_parser("upgrade", help="create the database or migrate it to this version")
    upgrade.set_defaults(handler=_upgrade)
    check = sub.add_parser("check", help="say whether the database is whole and at our schema")
    check.set_defaults(handler=_check)
    backup = sub.add_parser(
        "backup",
        help="copy the database (safe while itfriend runs)",
        description="Copy the "
        "database, consistently even while the tray writes, to FILE or into the backups folder "
        "(where the newest 10 copies are kept).",
    )
    backup.add_argument("file", nargs="?", type=Path, help="where to write the copy")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=_backup)
    restore = sub.add_parser(
        "restore",
        help="put a backup copy in place of the database",
        description="Replace "
        "the database with FILE, a copy made by itfriend, in one step; the current database "
        "is kept in the backups folder first. A damaged or foreign file is refused.",
    )
    restore.add_argument("file", type=Path, help="the copy to restore (see: itfriend db check)")
    restore.set_defaults(handler=_restore)


def _upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.db import SCHEMA_HEAD
    from itfriend.core.errors import ItfriendError, StorageError
    from itfriend.core.services import open_services

    try:
        # Opening creates or migrates (backing up an older file first), and refuses a file
        # whose schema is not whole: a missing table is an error, not "at schema 0001".
        services = open_services()
    except ItfriendError:
        raise
    except Exception as exc:  # e.g. Alembic failing on a schema it did not expect
        raise StorageError(f"the database could not be upgraded: {exc}") from exc
    try:
        if services.db.warning is not None:  # damaged: at the schema, but not usable as it is
            raise StorageError(f"the database was not upgraded: {services.db.warning}")
        ctx.print(f"The database {services.paths.database} is at schema {SCHEMA_HEAD}.")
    finally:
        services.close()
    return 0


def _check(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.db_check import check_database
    from itfriend.core.paths import app_paths

    report = check_database(app_paths())
    ctx.print(f"The database {report.database}:")
    for line in report.lines:
        ctx.print(f"  {line}")
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.backups import backup_database, copy_database
    from itfriend.core.errors import StorageError, ValidationError
    from itfriend.core.paths import app_paths

    paths = app_paths()
    if not paths.database.is_file():
        raise StorageError(f"there is no database to back up at {paths.database}")
    target: Path = args.file
    if target is None:
        saved = backup_database(paths.database, paths.backups, "manual")
    else:
        if (target.exists() or target.is_symlink()) and not args.force:
            raise ValidationError(f"{target} already exists: give --force to replace it")
        saved = copy_database(paths.database, target)
    ctx.print(f"Backed up to {saved}.")
    return 0


def _restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.paths import app_paths
    from itfriend.core.restore import restore_database

    paths = app_paths().ensure()
    kept = restore_database(paths.database, args.file, paths.backups)
    from itfriend.platform.instance.wake import wake_running_app

    wake_running_app(paths.data)  # a running tray reloads what it shows (see the change feed)
    ctx.print(f"Restored {paths.database} from {args.file}.")
    if kept is not None:
        ctx.print(f"The database as it was is kept in {kept}.")
    return 0
