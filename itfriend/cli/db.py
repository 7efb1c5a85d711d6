"""``itfriend db upgrade``: create the database, or migrate it to this version (backing it up
first). The tray runs it as a child process when its database is missing or older."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="create or upgrade the database")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = sub.add_parser("upgrade", help="create the database or migrate it to this version")
    upgrade.set_defaults(handler=_upgrade)


def _upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.db import SCHEMA_HEAD
    from itfriend.core.errors import ItfriendError, StorageError

    try:
        services = ctx.services  # opening creates or migrates, backing up an older file first
    except ItfriendError:
        raise
    except Exception as exc:  # e.g. Alembic meeting a schema from a newer itfriend
        raise StorageError(f"{type(exc).__name__}: {exc}") from exc
    ctx.print(f"The database {services.paths.database} is at schema {SCHEMA_HEAD}.")
    return 0
