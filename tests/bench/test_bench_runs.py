"""The benchmark runs end to end (``bench/run.py --quick --json``) and reports every row.

It asserts the shape of the report, never a timing: timings belong to the benchmark, and this
machine's load would make any timing assertion flaky. The benchmark starts its own Xvfb and
trayer (DISPLAY is removed), so only those two tools are needed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
ROWS = ("startup", "idle_rss", "idle_cpu", "search", "picker", "import", "tone", "change_feed")
WITH_FLOOR = ("startup", "idle_rss", "idle_cpu", "search", "picker", "import")


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_quick_run_reports_every_row(tmp_path: Path) -> None:
    missing = [tool for tool in ("Xvfb", "trayer") if shutil.which(tool) is None]
    if missing:
        message = f"the benchmark needs {', '.join(missing)} (apt-get install xvfb trayer)"
        if os.environ.get("ITFRIEND_REQUIRE_DESKTOP") == "1":
            pytest.fail(message)
        pytest.skip(message)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)

    assert set(ROWS) <= report.keys()
    for key in ROWS:
        row = report[key]
        assert _numeric(row["value"]), (key, row)
        assert _numeric(row["target"]), (key, row)
        assert row["target_on"] in ("ratio", "value"), (key, row)
        assert isinstance(row["met"], bool), (key, row)
        assert row["unit"], (key, row)
    for key in WITH_FLOOR:
        assert _numeric(report[key]["floor"]), (key, report[key])
    for key in ("startup", "idle_rss", "search", "picker", "import"):
        # These floors are never zero, so each row shows how far it is from its floor.
        assert _numeric(report[key]["ratio"]), (key, report[key])
    assert report["tone"]["floor"] is None
    assert report["change_feed"]["floor"] is None and report["change_feed"]["samples"] == 3
    assert report["startup"]["samples"] == 3  # --quick's repetitions
    assert report["run"]["quick"] is True
    # The benchmark cleaned up after itself: no temporary folder of it is left behind.
    assert not list(tmp_path.glob("itfriend-bench-*"))
