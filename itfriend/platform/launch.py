"""Running this itfriend again as a separate process: for autostart, and for work the tray
process hands to a short-lived child so that it never loads the database layer itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from itfriend.core.errors import StorageError

# Creating or migrating a database takes a second or two; a child that hangs far longer is stuck
# on a lock held by something else, and the technician should hear about it.
PREPARE_TIMEOUT_S = 120.0


def start_command() -> list[str]:
    """The command that starts this itfriend: the frozen app itself, or Python with the module."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "itfriend"]


def prepare_database(home: Path | None = None) -> None:
    """Create or migrate the database in a child process (``itfriend db upgrade``), in the
    itfriend home ``home`` (given as ITFRIEND_HOME; by default the child finds the same one
    as this process).

    The tray reads the database through plain sqlite3; only creating and migrating it need
    SQLAlchemy and Alembic, whose ~40 MiB the tray would otherwise keep all day.
    Raises StorageError with the child's own message when it fails.
    """
    env = {**os.environ, "ITFRIEND_HOME": str(home)} if home is not None else None
    try:
        finished = subprocess.run(
            [*start_command(), "db", "upgrade"],
            env=env,
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
        # The child's own one-line message; a traceback's last line if it died of a bug.
        lines = [line for line in finished.stderr.splitlines() if line.strip()]
        message = lines[-1].strip().removeprefix("itfriend: ") if lines else "no reason given"
        raise StorageError(f"the database could not be prepared: {message}")
