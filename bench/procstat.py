"""What a running process costs, read from /proc (Linux): resident memory, CPU time and
context switches of all its threads."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """VmRSS in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"process {pid} has no VmRSS (has it ended?)")


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (ended threads included), in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    # After the ")" field 3 is state; utime and stime are fields 14 and 15 of the full line.
    return (int(fields[11]) + int(fields[12])) / _TICK


def thread_switches(pid: int) -> dict[int, int]:
    """Voluntary + nonvoluntary context switches of each living thread, by thread id."""
    counts: dict[int, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        total = 0
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    total += int(line.split()[1])
        except FileNotFoundError:  # the thread ended while we read
            continue
        counts[int(task.name)] = total
    return counts


@dataclass(frozen=True)
class Snapshot:
    cpu: float
    switches: dict[int, int]

    @classmethod
    def take(cls, pid: int) -> Snapshot:
        return cls(cpu_seconds(pid), thread_switches(pid))


@dataclass(frozen=True)
class IdleCost:
    """CPU seconds and context switches between two snapshots.

    Threads that ended in between took their counters with them: each counts as one switch
    (it woke at least once to end), and ``ended_threads`` says how many there were.
    """

    cpu: float
    switches: int
    ended_threads: int
    new_threads: int

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot) -> IdleCost:
        switches = sum(n - before.switches.get(tid, 0) for tid, n in after.switches.items())
        ended = len(before.switches.keys() - after.switches.keys())
        new = len(after.switches.keys() - before.switches.keys())
        return cls(after.cpu - before.cpu, switches + ended, ended, new)
