"""The global hotkey: refused plainly where it cannot work; on a real X server, pressing it calls
back on the GUI thread, and a combination another program holds is refused."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.platform.hotkeys import GlobalHotkey, HotkeyError, unavailable_reason
from tests.desktop import require_tools, wait_until


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, "linux", None),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "linux", "Wayland"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", "Wayland"),
        ({}, "linux", "no X server"),
        ({}, "win32", None),
        ({}, "darwin", None),
    ],
)
def test_sessions_where_no_global_hotkey_can_work(
    environ: dict[str, str], platform: str, expected: str | None
) -> None:
    reason = unavailable_reason(environ, platform)
    assert (reason is None) if expected is None else (expected in str(reason))


def test_a_wayland_session_is_refused_with_itfriend_pick_offered(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    hotkey = GlobalHotkey()
    with pytest.raises(HotkeyError, match=r"Wayland session.*'itfriend pick'"):
        hotkey.start("<ctrl>+<alt>+i", lambda: None)
    assert not hotkey.active


def test_no_x_server_is_refused(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(HotkeyError, match="no X server"):
        GlobalHotkey().start("<ctrl>+<alt>+i", lambda: None)


def _connect(display_name: str) -> object | None:
    from Xlib import display

    try:
        return display.Display(display_name)
    except Exception:  # the server is resetting after its last client left: try again
        return None


@pytest.fixture
def on_x(x_display: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """DISPLAY set to the test X server, with one connection held open for the test: Xvfb resets
    when its last client leaves, and a client connecting during the reset is turned away."""
    require_tools("xdotool")
    keeper = wait_until(lambda: _connect(x_display), 10, "a connection to the X server")
    monkeypatch.setenv("DISPLAY", x_display)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield x_display
    keeper.close()  # type: ignore[attr-defined]


@pytest.mark.desktop
def test_pressing_the_hotkey_calls_back_on_the_gui_thread(qtbot: QtBot, on_x: str) -> None:
    hotkey = GlobalHotkey()
    threads: list[threading.Thread] = []
    hotkey.start("<ctrl>+<alt>+i", lambda: threads.append(threading.current_thread()))
    try:
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):
            subprocess.run(["xdotool", "key", "ctrl+alt+i"], env={"DISPLAY": on_x}, check=True)
        qtbot.waitUntil(lambda: bool(threads))
        assert threads == [threading.main_thread()]
        assert hotkey.last_pressed_at is not None
    finally:
        listener = hotkey._listener
        hotkey.stop()
    assert not hotkey.active
    # pynput's X11 thread may linger until one more key event (see _unblock_x11_listener); a
    # press now is not delivered, and ends it.
    subprocess.run(["xdotool", "key", "ctrl+alt+i"], env={"DISPLAY": on_x}, check=True)
    qtbot.waitUntil(lambda: not listener.is_alive(), timeout=5_000)
    assert threads == [threading.main_thread()]


@pytest.mark.desktop
def test_a_combination_another_program_holds_is_refused(qtbot: QtBot, on_x: str) -> None:
    from Xlib import XK, X, display

    other = display.Display(on_x)  # another client grabs Ctrl+Alt+K first, as a desktop would
    keycode = other.keysym_to_keycode(XK.string_to_keysym("k"))
    other.screen().root.grab_key(keycode, X.ControlMask | X.Mod1Mask, False, 1, 1)
    other.sync()
    try:
        with pytest.raises(HotkeyError, match="already taken by another program"):
            GlobalHotkey().start("<ctrl>+<alt>+k", lambda: None)
    finally:
        other.close()
    hotkey = GlobalHotkey()
    hotkey.start("<ctrl>+<alt>+k", lambda: None)  # free again once the other lets go
    hotkey.stop()


@pytest.mark.desktop
def test_a_sequence_pynput_cannot_read_is_refused(qtbot: QtBot, on_x: str) -> None:
    with pytest.raises(HotkeyError, match="not a hotkey itfriend understands"):
        GlobalHotkey().start("<ctrl>+<nonsense>", lambda: None)
