"""Whole-process start-up and idle measurements of itfriend and of the minimal tray app.

Start-up: from just before the process is spawned until the tray host has taken its icon in.
Idle: VmRSS a fixed time after the spawn, then CPU time and context switches over a window that
begins once the process has stopped using CPU (start-up work, such as creating the database on a
pool thread, is over).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.desktop import TrayDesktop, TrayWatcher, stop_process
from bench.procstat import IdleCost, Snapshot, cpu_seconds, rss_mib

REPO = Path(__file__).resolve().parents[1]
EMBED_TIMEOUT = 60.0


@dataclass(frozen=True)
class Program:
    """A tray app to measure: its command line and any extra environment (made per run)."""

    name: str
    args: list[str]
    extra_env: Callable[[Path], dict[str, str]]


def itfriend_program(home: Path | None = None) -> Program:
    """itfriend with a fresh ITFRIEND_HOME each run (the first start a technician sees: the
    database is created), or with ``home`` kept from run to run (a later start)."""
    if home is None:
        return Program(
            "itfriend", [sys.executable, "-m", "itfriend"], lambda tmp: {"ITFRIEND_HOME": str(tmp)}
        )
    return Program(
        "itfriend (existing data)",
        [sys.executable, "-m", "itfriend"],
        lambda _tmp: {"ITFRIEND_HOME": str(home)},
    )


def minimal_tray_program() -> Program:
    args = [sys.executable, str(REPO / "bench" / "minimal_tray.py")]
    return Program("minimal tray", args, lambda _home: {})


class Runner:
    """Starts programs on the tray desktop one at a time and measures them."""

    def __init__(self, desktop: TrayDesktop, workdir: Path) -> None:
        self.desktop = desktop
        self.watcher: TrayWatcher = desktop.watcher()
        self.baseline = self.watcher.embedded_icons()
        self.workdir = workdir

    def spawn(self, program: Program) -> tuple[subprocess.Popen[bytes], float, float]:
        """Start ``program``; return it, its spawn moment and the moment its icon was embedded."""
        home = Path(tempfile.mkdtemp(prefix="run-", dir=self.workdir))
        env = {**self.desktop.env, **program.extra_env(home)}
        log = (home / "stderr.log").open("wb")
        self.watcher.drain()
        started = time.perf_counter()
        process = subprocess.Popen(program.args, cwd=REPO, env=env, stdout=log, stderr=log)
        try:
            embedded = self.watcher.wait_embedded(EMBED_TIMEOUT, lambda: process.poll() is None)
        except (TimeoutError, RuntimeError) as exc:
            stop_process(process)
            log.close()
            output = (home / "stderr.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{program.name}: {exc}\n{output}") from exc
        log.close()
        return process, started, embedded

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        """End the app cleanly (SIGTERM: itfriend quits through its signal wake-up) and wait
        until its icon has left the tray, so that the next run starts from the same state."""
        stop_process(process, timeout=20)
        self.watcher.wait_icons(self.baseline, timeout=20)

    def startup_times(self, programs: list[Program], repetitions: int) -> dict[str, list[float]]:
        """Seconds from spawn to embedded icon, interleaving the programs so that both see the
        same machine load; one untimed run each first warms the disk cache."""
        times: dict[str, list[float]] = {p.name: [] for p in programs}
        for round_number in range(repetitions + 1):
            order = programs if round_number % 2 == 0 else programs[::-1]
            for program in order:
                process, started, embedded = self.spawn(program)
                self.stop(process)
                if round_number > 0:
                    times[program.name].append(embedded - started)
        return times

    def idle(self, program: Program, rss_after: float, window: float) -> tuple[float, IdleCost]:
        """RSS ``rss_after`` s after the spawn, then the cost of ``window`` s of idling."""
        process, started, _ = self.spawn(program)
        try:
            time.sleep(max(0.0, started + rss_after - time.perf_counter()))
            rss = rss_mib(process.pid)
            _wait_quiet(process.pid, quiet=1.0, limit=15.0)
            before = Snapshot.take(process.pid)
            time.sleep(window)
            after = Snapshot.take(process.pid)
        finally:
            self.stop(process)
        return rss, IdleCost.between(before, after)


def _wait_quiet(pid: int, quiet: float, limit: float) -> None:
    """Wait until the process has used no CPU for ``quiet`` s (at most ``limit`` s)."""
    deadline = time.monotonic() + limit
    last, since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = cpu_seconds(pid)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


@dataclass(frozen=True)
class TrayResults:
    startup: dict[str, list[float]]
    rss: dict[str, list[float]]
    idle: dict[str, list[IdleCost]]
    note: str
    rss_existing_data: float | None = None


def measure(
    desktop: TrayDesktop,
    workdir: Path,
    startup_repetitions: int,
    idle_repetitions: int,
    rss_after: float,
    window: float,
    existing_data: bool = False,
) -> TrayResults:
    """Start-up times, then idle runs; with ``existing_data`` one more idle run of itfriend
    on a database made by an earlier start (no migration to load), for comparison."""
    runner = Runner(desktop, workdir)
    programs = [itfriend_program(), minimal_tray_program()]
    startup = runner.startup_times(programs, startup_repetitions)
    rss: dict[str, list[float]] = {p.name: [] for p in programs}
    idle: dict[str, list[IdleCost]] = {p.name: [] for p in programs}
    for round_number in range(idle_repetitions):
        for program in programs if round_number % 2 == 0 else programs[::-1]:
            memory, cost = runner.idle(program, rss_after, window)
            rss[program.name].append(memory)
            idle[program.name].append(cost)
    later: float | None = None
    if existing_data:
        kept = itfriend_program(workdir / "existing-home")
        process, _, _ = runner.spawn(kept)  # creates the database
        _wait_quiet(process.pid, quiet=1.0, limit=15.0)
        runner.stop(process)
        later, _ = runner.idle(kept, rss_after, min(window, 1.0))
    return TrayResults(startup, rss, idle, desktop.note, later)


def median(values: list[float]) -> float:
    return statistics.median(values)
