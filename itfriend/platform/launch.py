"""Running this itfriend again as a separate process: for autostart, and for work the tray
process hands to a short-lived child so that it never loads the database layer itself."""

from __future__ import annotations

import subprocess
import sys

from itfriend.core.errors import StorageError

# Creating or migrating a database takes a second or two; a child that hangs far longer is stuck
# on a lock held by something else, and the technician should hear about it.
PREPARE_TIMEOUT_S = 120.0


def start_command() -> list[str]:
    """The command that starts this itfriend: the frozen app itself, or Python with the module."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "itfriend"]


def prepare_database() -> None:
    """Create or migrate the database in a child process (``itfriend db upgrade``).

    The tray reads the database through plain sqlite3; only creating and migrating it need
    SQLAlchemy and Alembic, whose ~40 MiB the tray would otherwise keep all day.
    Raises StorageError with the child's own message when it fails.
    """
    try:
        finished = subprocess.run(
            [*start_command(), "db", "upgrade"],
            capture_output=True,
            text=True,
            timeout=PREPARE_TIMEOUT_S,
            check=False,
            # The frozen Windows app has no console: do not flash one for the child.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StorageError(f"the database could not be prepared: {exc}") from exc
    if finished.returncode != 0:
        message = finished.stderr.strip().removeprefix("itfriend: ") or "no reason given"
        raise StorageError(message)
