"""The window manager: one window per key, raised if open, forgotten when gone, closed at the end
with its background work (offscreen, through its public API)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from itfriend.ui.shell.windows import ShutsDown, WindowManager

# Offscreen Qt can neither raise windows nor pass size hints to a window manager.
OFFSCREEN = pytest.mark.qt_log_ignore("does not support raise", "propagateSizeHints")


class Worker(QWidget):
    """A window with background work, which its shutdown waits for."""

    def __init__(self) -> None:
        super().__init__()
        self.shut_down = 0

    def shutdown(self) -> None:
        self.shut_down += 1


@pytest.fixture
def windows(qtbot: QtBot, tmp_path: Path) -> WindowManager:
    manager = WindowManager(tmp_path / "window-state.json")
    yield manager  # type: ignore[misc]
    manager.close_all()


@OFFSCREEN
def test_a_key_opens_one_window_and_raises_it_when_asked_again(windows: WindowManager) -> None:
    made: list[Worker] = []

    def make() -> Worker:
        made.append(Worker())
        return made[-1]

    first = windows.open("people", make)
    assert first.isVisible() and windows.window("people") is first
    first.hide()  # closed by the technician: kept, and shown again
    assert windows.open("people", make) is first and first.isVisible()
    assert len(made) == 1
    windows.open("groups", QWidget)
    assert windows.open_keys() == ["people", "groups"]
    assert windows.window("log") is None


@OFFSCREEN
def test_a_fresh_window_replaces_the_one_open_which_ends_its_work(
    qtbot: QtBot, windows: WindowManager
) -> None:
    old = windows.open("log", Worker)
    new = windows.open_fresh("log", Worker)
    assert new is not old and windows.window("log") is new and new.isVisible()
    assert old.shut_down == 1 and not old.isVisible()
    # The old one is deleted later: its going does not take the new one's key.
    qtbot.waitUntil(lambda: not shiboken6.isValid(old))
    assert windows.window("log") is new


@OFFSCREEN
def test_a_window_destroyed_is_forgotten(qtbot: QtBot, windows: WindowManager) -> None:
    window = windows.open("templates", QWidget)
    window.deleteLater()
    qtbot.waitUntil(lambda: windows.open_keys() == [])
    assert not shiboken6.isValid(window)


@OFFSCREEN
def test_close_all_shuts_down_the_windows_with_background_work(windows: WindowManager) -> None:
    worker = windows.open("people", Worker)
    plain = windows.open("settings", QWidget)
    assert isinstance(worker, ShutsDown) and not isinstance(plain, ShutsDown)
    windows.close_all()
    assert worker.shut_down == 1 and not worker.isVisible() and not plain.isVisible()
    assert windows.open_keys() == []


@OFFSCREEN
def test_geometry_is_restored_for_the_same_key(tmp_path: Path, windows: WindowManager) -> None:
    window = windows.open("people", QWidget)
    window.resize(640, 420)
    windows.close("people")
    again = WindowManager(tmp_path / "window-state.json")
    try:
        restored = again.open("people", QWidget)
        assert (restored.width(), restored.height()) == (640, 420)
    finally:
        again.close_all()
