"""``db restore`` and ``db backup`` killed with SIGKILL at random moments: the database is whole
afterwards and holds either the old or the restored people, never a mix; a copy in backups/ is
either complete or absent."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from itfriend.core.backups import KEEP_BACKUPS, copy_database
from itfriend.core.dbfile import check_integrity
from itfriend.core.paths import AppPaths
from itfriend.core.safe_files import remove_stale_temporaries
from itfriend.core.services import open_services

KILLS = 8


def _count(database: Path) -> int:
    conn = sqlite3.connect(database)
    try:
        return int(conn.execute("SELECT count(*) FROM people").fetchone()[0])
    finally:
        conn.close()


def _fill(home: Path, count: int, prefix: str) -> None:
    services = open_services(AppPaths(home, home, home / "logs"))
    rows = "\n".join(f"{prefix} {n},{prefix.lower()}{n}@example.org" for n in range(count))
    source = home.parent / f"{prefix}.csv"
    source.write_text("name,email\n" + rows + "\n")
    from itfriend.core.contacts_io import import_contacts

    import_contacts(services, source)
    services.close()


def _run(args: list[str], home: Path, kill_after: float | None = None) -> int:
    env = {**os.environ, "ITFRIEND_HOME": str(home), "PYTHONPATH": str(Path.cwd())}
    child = subprocess.Popen(
        [sys.executable, "-m", "itfriend", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if kill_after is not None:
        time.sleep(kill_after)  # the moment of the kill is what is varied here
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
    return child.wait()


def test_restore_and_backup_survive_kill_9(itfriend_home: Path) -> None:
    rng = random.Random(13)
    _fill(itfriend_home, 20000, "Old")
    database = itfriend_home / "itfriend.sqlite"
    other = itfriend_home.parent / "other-home"
    _fill(other, 10000, "New")
    source = copy_database(other / "itfriend.sqlite", itfriend_home.parent / "new.sqlite")
    old_count = _count(database)
    started = time.monotonic()
    assert _run(["db", "backup"], itfriend_home) == 0
    whole = time.monotonic() - started  # most of it is Python starting: kill in the rest
    outcomes = []
    for attempt in range(KILLS):
        command = ["db", "restore", str(source)] if attempt % 2 == 0 else ["db", "backup"]
        outcomes.append(_run(command, itfriend_home, rng.uniform(0.5 * whole, 1.2 * whole)))
        assert check_integrity(database) == [], f"after kill {attempt}"
        assert _count(database) in (old_count, 10000)
        for copy in (itfriend_home / "backups").glob("itfriend-*.sqlite"):
            assert check_integrity(copy) == [], copy.name
    assert -signal.SIGKILL in outcomes  # some were killed mid-way, not only after the end
    # A killed copy leaves only a temporary that the next backup's clean-up knows; a killed
    # restore's copy of the current file is removed by the next start.
    assert _run(["people", "list"], itfriend_home) == 0
    backups = itfriend_home / "backups"
    leftovers = [p for p in backups.iterdir() if not p.name.startswith("itfriend-")]
    assert all(p.name.endswith(".tmp") for p in leftovers), leftovers
    remove_stale_temporaries([backups], now=time.time() + 3600)
    assert sorted(backups.iterdir()) == sorted(backups.glob("itfriend-*.sqlite"))
    assert len(list(backups.iterdir())) <= KEEP_BACKUPS
