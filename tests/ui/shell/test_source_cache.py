"""PySide6 no longer keeps the source of each module that imports it (about 5 MiB in the idle
tray), while its check of those modules still gets the same answer. Run in a child process:
this one has imported most modules long ago, under pytest's own import hooks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import itfriend.core.paths as plain_module
import itfriend.ui.shell.tray as qt_module
from itfriend.ui.shell.source_cache import _uses_pyside

REPO = Path(__file__).parents[3]

CHILD = textwrap.dedent(
    """
    import json, linecache, sys
    import PySide6.QtCore
    if sys.argv[1] == "patched":
        import itfriend.ui.shell.start  # as the tray's start does, before the rest
    import itfriend_probe_module
    feature = sys.modules["shibokensupport.feature"]
    print(json.dumps({
        "cached": itfriend_probe_module.__file__ in linecache.cache,
        "uses_pyside": feature.pyside_feature_dict.get("itfriend_probe_module"),
    }))
    """
)


def _child(tmp_path: Path, mode: str) -> dict[str, object]:
    (tmp_path / "itfriend_probe_module.py").write_text(
        "from PySide6 import QtCore\nVALUE = 1\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_module_importing_pyside_after_start_is_not_kept_as_text(tmp_path: Path) -> None:
    assert _child(tmp_path, "plain") == {"cached": True, "uses_pyside": 0}  # PySide6's way
    assert _child(tmp_path, "patched") == {"cached": False, "uses_pyside": 0}


def test_the_check_answers_as_pysides_own() -> None:
    assert _uses_pyside(qt_module) is True
    assert _uses_pyside(plain_module) is False
    assert _uses_pyside(sys) is False  # built in: no source
