"""A bounded crash test: ``kill -9`` during imports and during a write loop loses nothing committed.

Each import runs in a forked process of its own that says when its database is open, and is
killed at a random moment of the import that follows; afterwards the database passes SQLite's
integrity check and holds each file's people wholly or not at all. A loop adding people one by
one (printing each id once committed) is killed too, and every printed id must still be there.
20 kills, sized to stay short for CI (about 7 seconds on a busy 2-core machine).
"""

from __future__ import annotations

import functools
import itertools
import os
import random
import select
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest

from itfriend.core.contacts_io import import_contacts
from itfriend.core.paths import AppPaths
from itfriend.core.services import Services, open_services

ROWS = 5_000
IMPORT_KILLS = 12
LOOP_KILLS = 8


def open_itfriend(home: Path) -> Services:
    return open_services(AppPaths(home, home, home / "logs"))


def import_file(home: Path, path: Path, out: TextIO) -> None:
    services = open_itfriend(home)
    print("ready", file=out, flush=True)
    print(import_contacts(services, path).created, file=out, flush=True)


def add_people(home: Path, first: int, out: TextIO) -> None:
    services = open_itfriend(home)
    for number in itertools.count(first):
        person = services.people.add(f"Loop {number}", email=f"loop{number}@example.org")
        print(person.id, file=out, flush=True)


def people_file(folder: Path, number: int) -> Path:
    path = folder / f"people-{number}.csv"
    rows = "".join(
        f"Person {number}-{row},p{number}.{row}@example.org,Dept {row % 7},note {row}\n"
        for row in range(ROWS)
    )
    path.write_text("name,email,department,notes\n" + rows, encoding="utf-8")
    return path


def checked(database: Path) -> dict[str, int]:
    """Integrity-checked counts of the people each import file and the loop added."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts: dict[str, int] = {}
        for (email,) in connection.execute("SELECT email FROM people"):
            source = email.split(".")[0] if email.startswith("p") else "loop"
            counts[source] = counts.get(source, 0) + 1
        return counts


def killed_during(work: Callable[[TextIO], None], seconds: float) -> tuple[int, str]:
    """Run ``work`` in a forked child (the modules already loaded, so it starts at once); once it
    has printed its first line, kill it within ``seconds`` unless it ends first. Its exit status
    (negative: the signal that ended it) and everything it printed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "w") as out:
                work(out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as printed:
        first = printed.readline()  # blocks until the child is under way
        ended = os.pidfd_open(pid)
        try:
            if not select.select([ended], [], [], seconds)[0]:
                os.kill(pid, signal.SIGKILL)
        finally:
            os.close(ended)
        _, status = os.waitpid(pid, 0)
        rest = printed.read()
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return code, first + rest


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs fork and pidfd (Linux)")
def test_kill_9_during_imports_and_writes_keeps_all_or_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_itfriend(home).close()  # created before the children start
    database = home / "itfriend.sqlite"
    chance = random.Random(13)
    killed = 0
    for number in range(IMPORT_KILLS):
        path = people_file(tmp_path, number)
        work = functools.partial(import_file, home, path)
        code, printed = killed_during(work, chance.uniform(0.0, 0.5))
        killed += code != 0
        count = checked(database).get(f"p{number}", 0)
        assert count in (0, ROWS), "an import was kept in part"
        if code == 0:  # (a kill after the commit may also leave them all)
            assert printed.split() == ["ready", str(ROWS)] and count == ROWS
    committed: set[int] = set()
    for number in range(LOOP_KILLS):
        work = functools.partial(add_people, home, number * 100_000)
        code, printed = killed_during(work, chance.uniform(0.0, 0.3))
        assert code == -signal.SIGKILL
        committed.update(map(int, printed.split()))
        checked(database)
        with sqlite3.connect(database) as connection:
            ids = {row[0] for row in connection.execute("SELECT id FROM people")}
        assert committed <= ids, "a committed write was lost"
    # Some imports were killed, and the loop wrote before it was: the checks above meant something.
    assert killed and committed
