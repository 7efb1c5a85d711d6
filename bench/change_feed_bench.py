"""How soon a write from the CLI shows in the running tray (issue 14's change feed).

The tray runs on the benchmark's tray desktop with people last talked to long ago (each one is
overdue). Each round logs a contact with one of them from the CLI (``itfriend log``), which lowers
the overdue count; the figure is the time from that write's commit (its change-log row's moment)
until the tray logs the new due summary, which it does as it sets the tooltip. Both moments are
this machine's wall clock; the log's has millisecond resolution.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench.desktop import stop_process

REPO = Path(__file__).resolve().parents[1]
READY_TIMEOUT = 60.0
SHOW_TIMEOUT = 10.0
# "2026-03-04 09:00:00,123 INFO itfriend.ui.shell.due_summary: due summary: itfriend: ..."
_SUMMARY_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) INFO \S+: due summary: (.*)$", re.MULTILINE
)


@dataclass(frozen=True)
class FeedResults:
    commit_to_tray: list[float]  # seconds, one per round
    cli_to_tray: list[float]  # from starting the CLI process until the tray showed it


def shown_summaries(log_file: Path) -> list[tuple[datetime, str]]:
    """The tooltips the tray logged, with the (local, aware) moment of each."""
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    return [
        (datetime.strptime(moment, "%Y-%m-%d %H:%M:%S,%f").astimezone(), tooltip)
        for moment, tooltip in _SUMMARY_LINE.findall(text)
    ]


def wait_for_summary(log_file: Path, tooltip: str, timeout: float) -> datetime:
    """The moment the tray first showed ``tooltip``; polls the log every 5 ms."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for moment, shown in shown_summaries(log_file):
            if shown == tooltip:
                return moment
        time.sleep(0.005)
    raise TimeoutError(f"the tray did not show {tooltip!r} within {timeout:g} s")


def overdue_tooltip(count: int) -> str:
    return f"itfriend: {count} {'person' if count == 1 else 'people'} overdue"


def measure(env: dict[str, str], home: Path, rounds: int) -> FeedResults:
    """Start the tray on ``home`` (a fresh folder) and time ``rounds`` CLI writes."""
    from itfriend.core.change_feed import SqliteChangeFeed
    from itfriend.core.paths import AppPaths
    from itfriend.core.services import open_services

    paths = AppPaths(home, home, home / "logs").ensure()
    services = open_services(paths)
    people = [services.people.add(f"Feed Person {n}") for n in range(rounds + 1)]
    long_ago = services.clock.now() - timedelta(days=400)  # past any cadence: overdue
    services.interactions.log_many([p.id for p in people], "email", "hello", at=long_ago)
    services.settings.set("notifications.enabled", False)  # nothing to show on any desktop
    services.close()
    log_file = paths.logs / "itfriend.log"
    feed = SqliteChangeFeed(paths.database)
    app_env = {**env, "ITFRIEND_HOME": str(home)}
    output = (home / "stderr.log").open("wb")
    tray = subprocess.Popen(
        [sys.executable, "-m", "itfriend"], cwd=REPO, env=app_env, stdout=output, stderr=output
    )
    commit_to_tray, cli_to_tray = [], []
    try:
        wait_for_summary(log_file, overdue_tooltip(len(people)), READY_TIMEOUT)
        for done, person in enumerate(people[:rounds], start=1):
            before = feed.latest_id()
            started = time.time()
            subprocess.run(
                [sys.executable, "-m", "itfriend", "log", str(person.id), "--via", "phone"],
                cwd=REPO,
                env=app_env,
                check=True,
                capture_output=True,
                timeout=60,
            )
            shown = wait_for_summary(log_file, overdue_tooltip(len(people) - done), SHOW_TIMEOUT)
            committed = feed.changes_since(before)[-1].at
            commit_to_tray.append((shown - committed).total_seconds())
            cli_to_tray.append(shown.timestamp() - started)
    finally:
        subprocess.run(  # its output would mix with the benchmark's report
            [sys.executable, "-m", "itfriend", "quit"],
            cwd=REPO,
            env=app_env,
            capture_output=True,
            timeout=30,
        )
        try:
            tray.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stop_process(tray)
        output.close()
    return FeedResults(commit_to_tray, cli_to_tray)
