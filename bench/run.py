"""Measures itfriend against the floors of issue 8 and prints the table (or ``--json``).

    python bench/run.py            # the full run (about 8 minutes)
    python bench/run.py --quick    # fewer repetitions, shorter idle windows (under 2 minutes)
    python bench/run.py --json     # one JSON object: startup, idle_rss, idle_cpu, search,
                                   # picker, import, tone, change_feed -> value, floor, ratio,
                                   # target, ...

Every floor is measured in the same run as its figure, because this project's machines are
shared and noisy; the figures are medians. Start-up and idle run whole processes on a display
with a tray host (a private Xvfb with trayer when there is no DISPLAY); search runs offscreen in
this process; the picker runs in a child process on the same display as the tray apps, and so
does the tray that the change-feed row writes to from the CLI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: bench/ is sys.path[0], the package is not
    sys.path.insert(0, str(REPO))

from bench import (  # noqa: E402
    change_feed_bench,
    import_bench,
    picker_bench,
    search_bench,
    tray_bench,
)
from bench.datagen import angry_ticket  # noqa: E402
from bench.desktop import TrayDesktop  # noqa: E402
from bench.rows import KEYS, Row, median, table  # noqa: E402

PEOPLE = 100_000
TEMPLATES = 1_000
TICKET_WORDS = 2_000


@dataclass(frozen=True)
class Plan:
    """How many repetitions and how long the idle windows are."""

    startup_runs: int
    idle_runs: int
    rss_after: float
    idle_window: float
    import_runs: int
    search_rounds: int
    picker_rounds: int
    tone_runs: int
    feed_rounds: int

    @classmethod
    def full(cls) -> Plan:
        return cls(15, 3, 10.0, 30.0, 5, 3, 15, 21, 15)

    @classmethod
    def quick(cls) -> Plan:
        return cls(3, 1, 3.0, 4.0, 1, 1, 5, 5, 3)


def measure_tone(runs: int) -> list[float]:
    """Seconds per ``score_ticket`` of a 2,000-word ticket, after one untimed call (which
    loads the word lists and the sentiment lexicon, as the app does off the GUI thread)."""
    from itfriend.core import tone

    text = angry_ticket(TICKET_WORDS)
    tone.warm_up()
    tone.score_ticket(text)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        tone.score_ticket(text)
        times.append(time.perf_counter() - started)
    return times


def _quiet_offscreen_noise() -> object:
    """In-process Qt runs offscreen, whose plugin warns about window-manager hints it cannot
    pass on; only that message is dropped."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
    return QApplication.instance() or QApplication(["itfriend-bench"])


def run(plan: Plan, quick: bool, progress: bool) -> tuple[list[Row], dict[str, object]]:
    def say(text: str) -> None:
        if progress:
            print(f"[bench] {text}", file=sys.stderr, flush=True)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # this process; the tray apps get xcb
    started = time.monotonic()
    info: dict[str, object] = {"quick": quick, "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="itfriend-bench-") as tmp, TrayDesktop() as desktop:
        work = Path(tmp)
        info["desktop"] = desktop.note
        say(f"start-up and idle on {desktop.note}")
        tray = tray_bench.measure(
            desktop,
            work,
            plan.startup_runs,
            plan.idle_runs,
            plan.rss_after,
            plan.idle_window,
            existing_data=not quick,
        )
        say(f"importing {PEOPLE:,} people")
        imports = import_bench.measure(work, PEOPLE, plan.import_runs, same_schema=not quick)
        assert imports.last_home is not None
        say("searching in the People window")
        qapp = _quiet_offscreen_noise()
        search = search_bench.measure(qapp, imports.last_home, plan.search_rounds)
        say(f"opening the picker with {TEMPLATES:,} templates")
        picker = picker_row(desktop.env, imports.last_home, plan.picker_rounds)
        say("scoring a ticket")
        tone = measure_tone(plan.tone_runs)
        say("writing from the CLI to the running tray")
        feed = change_feed_bench.measure(desktop.env, work / "feed-home", plan.feed_rounds)
    info["load_after"] = os.getloadavg()[0]
    info["seconds"] = round(time.monotonic() - started, 1)
    rows = [
        *tray_rows(tray, plan, quick),
        search_row(search),
        picker,
        import_row(imports),
        Row(
            "tone",
            f"tone score, {TICKET_WORDS:,}-word ticket",
            "ms",
            median(tone) * 1000,
            50,
            "value",
            extra={"samples": len(tone)},
        ),
        change_feed_row(feed),
    ]
    rows.sort(key=lambda row: KEYS.index(row.key))
    return rows, info


def tray_rows(tray: tray_bench.TrayResults, plan: Plan, quick: bool) -> list[Row]:
    mine, floor = "itfriend", "minimal tray"
    short = " (quick: shorter)" if quick else ""
    idle_mine, idle_floor = tray.idle[mine], tray.idle[floor]
    return [
        Row(
            "startup",
            "start to tray icon embedded",
            "ms",
            median(tray.startup[mine]) * 1000,
            1.2,
            "ratio",
            median(tray.startup[floor]) * 1000,
            "minimal PySide6 tray",
            {
                "samples": len(tray.startup[mine]),
                "all": [round(t * 1000, 1) for t in tray.startup[mine]],
                "floor_all": [round(t * 1000, 1) for t in tray.startup[floor]],
            },
        ),
        Row(
            "idle_rss",
            f"idle memory (RSS {plan.rss_after:g} s after start{short})",
            "MiB",
            median(tray.rss[mine]),
            1.4,
            "ratio",
            median(tray.rss[floor]),
            "minimal PySide6 tray",
            {"samples": len(tray.rss[mine]), "later_start": tray.rss_existing_data},
        ),
        Row(
            "idle_cpu",
            f"idle CPU over {plan.idle_window:g} s{short}",
            "switches",
            median([c.switches for c in idle_mine]),
            5,
            "value",
            median([c.switches for c in idle_floor]),
            "minimal PySide6 tray",
            {
                "cpu_seconds": median([c.cpu for c in idle_mine]),
                "cpu_target": 0.0,
                "floor_cpu_seconds": median([c.cpu for c in idle_floor]),
                "ended_threads": max(c.ended_threads for c in idle_mine),
                "window_seconds": plan.idle_window,
            },
        ),
    ]


def search_row(search: search_bench.SearchResults) -> Row:
    ms = sorted(t * 1000 for t in search.itfriend)
    return Row(
        "search",
        f"people search, {search.people:,} people, keystroke to repaint",
        "ms",
        median(ms),
        16,
        "value",
        median(search.floor) * 1000,
        "plain Python filter of the names",
        {"keystrokes": len(ms), "p90": ms[int(len(ms) * 0.9)], "max": ms[-1]},
    )


def picker_row(env: dict[str, str], home: Path, rounds: int) -> Row:
    label = f"hotkey to picker visible, {TEMPLATES:,} templates"
    try:
        import itfriend.ui.picker.launcher  # noqa: F401
    except ImportError:
        return Row("picker", label, "ms", None, 50, "value", note="not measured: picker not built")
    count = picker_bench.add_templates(home, TEMPLATES)
    times = picker_bench.measure(env, home, rounds + 1)
    # The first opening after start also loads the database layer and builds the picker (the
    # idle tray holds neither); it is reported apart, the figure is the opening of the built one.
    first, later = times["itfriend"][0] * 1000, times["itfriend"][1:]
    stand_in = times["placeholder"][0] * 1000 if times.get("placeholder") else None
    return Row(
        "picker",
        label,
        "ms",
        median(later) * 1000,
        50,
        "value",
        median(times["floor"]) * 1000,
        "prebuilt plain QWidget shown",
        {
            "samples": len(later),
            "templates": count,
            "first_open": round(first, 1),
            "first_search_line": round(stand_in, 1) if stand_in is not None else None,
        },
        note=f"first opening after start: {first:,.0f} ms (loads the database layer)",
    )


def change_feed_row(feed: change_feed_bench.FeedResults) -> Row:
    ms = sorted(t * 1000 for t in feed.commit_to_tray)
    return Row(
        "change_feed",
        "CLI write's commit to the running tray's due summary",
        "ms",
        median(ms),
        1000,
        "value",
        extra={
            "samples": len(ms),
            "max": ms[-1],
            "cli_start_to_tray_ms": median(feed.cli_to_tray) * 1000,
        },
    )


def import_row(imports: import_bench.ImportResults) -> Row:
    extra: dict[str, object] = {
        "samples": len(imports.itfriend),
        "floor_insert_only": median(imports.floor_insert_only) * 1000,
    }
    if imports.floor_same_schema:
        extra["floor_same_schema"] = median(imports.floor_same_schema) * 1000
    return Row(
        "import",
        f"import {PEOPLE:,} people from CSV",
        "ms",
        median(imports.itfriend) * 1000,
        3,
        "ratio",
        median(imports.floor) * 1000,
        "csv module + sqlite3 executemany",
        extra,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (< 2 minutes)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--table", metavar="REPORT", type=Path, help="print the table of a saved --json report"
    )
    args = parser.parse_args(argv)
    if args.table is not None:
        report = json.loads(args.table.read_text(encoding="utf-8"))
        print(table([Row.from_json(key, report[key]) for key in KEYS if key in report]))
        print(_run_line(report["run"]))
        return 0
    plan = Plan.quick() if args.quick else Plan.full()
    rows, info = run(plan, args.quick, progress=not args.json)
    if args.json:
        print(json.dumps({**{row.key: row.to_json() for row in rows}, "run": info}, indent=2))
    else:
        print(table(rows))
        print(_run_line(info))
    return 0


def _run_line(info: dict[str, object]) -> str:
    kind = "Quick run" if info["quick"] else "Full run"
    return (
        f"\n{kind}: {info['seconds']} s on {info['desktop']}; load average "
        f"{info['load_before']:.1f} before, {info['load_after']:.1f} after (2 cores)."
    )


if __name__ == "__main__":
    sys.exit(main())
