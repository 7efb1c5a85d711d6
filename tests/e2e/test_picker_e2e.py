"""The template picker end to end on a real X server: itfriend running with its tray, a separate
Qt text window focused, the hotkey sent with xdotool, a search typed, Enter pressed; the text
arrives in the target window and the user's old clipboard content is back afterwards."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from itfriend.core.services import open_services
from itfriend.core.templates import TemplateDraft
from tests.desktop import TrayHost, app_env, require_tools, wait_until

pytestmark = pytest.mark.desktop
REPO = Path(__file__).resolve().parents[2]

# A plain text window that writes what it holds to a file on every change.
TARGET_APP = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication(sys.argv[:1])
editor = QPlainTextEdit()
editor.setWindowTitle("Picker target editor")
out = Path(sys.argv[1])
editor.textChanged.connect(lambda: out.write_text(editor.toPlainText(), encoding="utf-8"))
editor.resize(500, 300)
editor.show()
out.write_text("", encoding="utf-8")
app.exec()
"""


def xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args], env={"DISPLAY": display}, capture_output=True, text=True, timeout=20
    )
    return result.stdout.strip()


def clipboard(display: str) -> str:
    result = subprocess.run(
        ["xclip", "-o", "-selection", "clipboard"],
        env={"DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
    )
    return result.stdout


def test_hotkey_search_enter_pastes_into_the_target_and_restores_the_clipboard(
    tray_host: TrayHost, itfriend_home: Path, tmp_path: Path
) -> None:
    require_tools("xdotool", "xclip")
    display = tray_host.display
    services = open_services()
    services.settings.set("me.name", "Tom Tech")
    services.templates.create(
        TemplateDraft(
            "End to end note", "Note", "Hello from itfriend,\n{{ me.name }}", abbreviation="e2en"
        )
    )
    services.close()
    env = app_env(itfriend_home, display=display)
    log = itfriend_home / "logs" / "itfriend.log"
    app = subprocess.Popen([sys.executable, "-m", "itfriend"], cwd=REPO, env=env)
    typed = tmp_path / "target.txt"
    target = subprocess.Popen([sys.executable, "-c", TARGET_APP, str(typed)], env=env)
    try:
        wait_until(
            lambda: (
                log.exists() and "Global hotkey <ctrl>+<alt>+i is listened for" in log.read_text()
            ),
            30,
            "itfriend to listen for its hotkey",
        )
        window = wait_until(
            lambda: xdotool(display, "search", "--onlyvisible", "--name", "Picker target editor"),
            20,
            "the target window",
        ).split()[0]
        subprocess.run(
            ["xclip", "-selection", "clipboard"],
            input=b"the user's old clipboard",
            env={"DISPLAY": display},
            check=True,
            timeout=10,
        )
        xdotool(display, "windowfocus", "--sync", window)
        assert xdotool(display, "getwindowfocus") == window

        xdotool(display, "key", "ctrl+alt+i")
        wait_until(
            lambda: xdotool(display, "search", "--onlyvisible", "--name", "Insert a template"),
            10,
            "the picker window",
        )
        xdotool(display, "type", "--delay", "20", "e2en")
        xdotool(display, "key", "Return")

        wait_until(
            lambda: "Hello from itfriend" in typed.read_text(encoding="utf-8"),
            15,
            "the text in the target window",
        )
        assert typed.read_text(encoding="utf-8").strip() == "Hello from itfriend,\nTom Tech"
        wait_until(
            lambda: clipboard(display) == "the user's old clipboard",
            10,
            "the old clipboard content back",
        )
        text = log.read_text()
        assert "did not read the text" not in text  # restored after the target read it
        shown = re.search(r"template picker shown ([\d.]+) ms after", text)
        assert shown is not None
        print(f"picker shown {shown.group(1)} ms after the hotkey press")
    except BaseException:
        print("itfriend's log:\n" + (log.read_text() if log.exists() else "(none)"))
        print("target window held:\n" + (typed.read_text() if typed.exists() else "(nothing)"))
        raise
    finally:
        target.terminate()
        target.wait(timeout=20)
        app.terminate()
        assert app.wait(timeout=20) == 0
