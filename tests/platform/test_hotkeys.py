"""The global hotkey: refused plainly where it cannot work; on a real X server, pressing it calls
back on the GUI thread, and a combination another program holds is refused."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from itfriend.platform.hotkeys import GlobalHotkey, HotkeyError, unavailable_reason
from itfriend.platform.hotkeys.x11 import parse_sequence
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


def _grabbed_by_someone(display_name: str, key: str, mask: int) -> bool:
    """Whether another client holds ``mask``+``key``: a grab of our own is then refused."""
    from Xlib import XK, display, error

    probe = display.Display(display_name)
    try:
        keycode = probe.keysym_to_keycode(XK.string_to_keysym(key))
        caught = error.CatchError(error.BadAccess)
        probe.screen().root.grab_key(keycode, mask, False, 1, 1, onerror=caught)
        probe.sync()
        probe.screen().root.ungrab_key(keycode, mask)
        probe.sync()
        return caught.get_error() is not None
    finally:
        probe.close()


@pytest.mark.desktop
def test_pressing_the_hotkey_calls_back_on_the_gui_thread(qtbot: QtBot, on_x: str) -> None:
    from Xlib import X

    hotkey = GlobalHotkey()
    threads: list[threading.Thread] = []
    hotkey.start("<ctrl>+<alt>+i", lambda: threads.append(threading.current_thread()))
    try:
        # Grabbed, as a desktop shortcut is (with Caps Lock on too), so it reaches only us.
        assert _grabbed_by_someone(on_x, "i", X.ControlMask | X.Mod1Mask)
        assert _grabbed_by_someone(on_x, "i", X.ControlMask | X.Mod1Mask | X.LockMask)
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):
            subprocess.run(["xdotool", "key", "ctrl+alt+i"], env={"DISPLAY": on_x}, check=True)
        qtbot.waitUntil(lambda: bool(threads))
        assert threads == [threading.main_thread()]
        assert hotkey.last_pressed_at is not None
        # Another combination with the same key is not ours.
        subprocess.run(["xdotool", "key", "ctrl+i"], env={"DISPLAY": on_x}, check=True)
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):
            subprocess.run(["xdotool", "key", "ctrl+alt+i"], env={"DISPLAY": on_x}, check=True)
        assert len(threads) == 2
    finally:
        hotkey.stop()
    assert not hotkey.active
    assert not _grabbed_by_someone(on_x, "i", X.ControlMask | X.Mod1Mask)  # released


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
@pytest.mark.parametrize("sequence", ["<ctrl>+<nonsense>", "<ctrl>+<alt>", "ctrl+i", "<ctrl>+ii"])
def test_a_sequence_itfriend_cannot_read_is_refused(qtbot: QtBot, on_x: str, sequence: str) -> None:
    with pytest.raises(HotkeyError, match="not a hotkey itfriend understands"):
        GlobalHotkey().start(sequence, lambda: None)


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        ("<ctrl>+<alt>+i", (4 | 8, "i")),
        ("<ctrl_l>+<shift>+<f5>", (4 | 1, "f5")),
        ("<cmd>+<space>", (64, "space")),
        ("<ctrl>++", (4, "+")),
        (" <Ctrl>+<Alt>+I ", (4 | 8, "i")),
    ],
)
def test_sequences_in_the_settings_syntax(sequence: str, expected: tuple[int, str]) -> None:
    assert parse_sequence(sequence) == expected


def _xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={"DISPLAY": display}, check=True, timeout=20)


@pytest.mark.desktop
def test_holding_the_hotkey_opens_once(qtbot: QtBot, on_x: str) -> None:
    hotkey = GlobalHotkey()
    pressed: list[float] = []
    hotkey.activated.connect(pressed.append)
    hotkey.start("<ctrl>+<alt>+i", lambda: None)
    try:
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):
            _xdotool(on_x, "keydown", "ctrl+alt+i")
        # Held past the X server's auto-repeat delay (660 ms): it repeats some 25 times a
        # second, and none of those is a new press. (Nothing to wait for: a fixed time.)
        qtbot.wait(1500)
        _xdotool(on_x, "keyup", "i", "alt", "ctrl")
        assert len(pressed) == 1
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):  # released: a new press counts
            _xdotool(on_x, "key", "ctrl+alt+i")
        assert len(pressed) == 2
    finally:
        hotkey.stop()


@pytest.mark.desktop
def test_a_symbol_typed_with_shift_is_grabbed_with_shift(qtbot: QtBot, on_x: str) -> None:
    from Xlib import X

    hotkey = GlobalHotkey()
    hotkey.start("<ctrl>++", lambda: None)  # "+" is Shift and the "=" key on this keymap
    try:
        assert _grabbed_by_someone(on_x, "equal", X.ControlMask | X.ShiftMask)
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):
            subprocess.run(["xdotool", "key", "ctrl+plus"], env={"DISPLAY": on_x}, check=True)
    finally:
        hotkey.stop()


@pytest.mark.desktop
def test_a_new_hotkey_that_cannot_be_had_leaves_the_old_one(qtbot: QtBot, on_x: str) -> None:
    from Xlib import X

    hotkey = GlobalHotkey()
    hotkey.start("<ctrl>+<alt>+i", lambda: None)
    try:
        with pytest.raises(HotkeyError, match="not a hotkey itfriend understands"):
            hotkey.start("<ctrl>+<nonsense>", lambda: None)
        assert hotkey.active and hotkey.sequence == "<ctrl>+<alt>+i"
        assert _grabbed_by_someone(on_x, "i", X.ControlMask | X.Mod1Mask)
        with qtbot.waitSignal(hotkey.activated, timeout=10_000):
            subprocess.run(["xdotool", "key", "ctrl+alt+i"], env={"DISPLAY": on_x}, check=True)
    finally:
        hotkey.stop()
