"""The Windows and macOS window trackers, through the parts that run on Linux: the macOS one with
a recorded osascript, the Windows one with a user32 stand-in that behaves like the real calls."""

from __future__ import annotations

import subprocess

from itfriend.platform.paste.desktop_windows import MacWindows, Win32Windows
from itfriend.platform.paste.windows import TargetWindow


class FakeSystemEvents:
    """Answers the two AppleScript requests as System Events would, for two applications."""

    def __init__(self) -> None:
        self.frontmost = 501
        self.apps = {501: "com.microsoft.Outlook", 777: "com.apple.Terminal"}
        self.scripts: list[str] = []

    def __call__(self, args: list[str]) -> str:
        script = args[1]
        self.scripts.append(script)
        if "whose frontmost is true" in script:
            return f"{self.frontmost}\t{self.apps[self.frontmost]}"
        pid = int(script.rsplit("unix id is ", 1)[1].split(")")[0])
        if pid not in self.apps:
            raise subprocess.CalledProcessError(1, "osascript")
        self.frontmost = pid
        return ""


def test_mac_remembers_the_frontmost_app_and_brings_it_back() -> None:
    events = FakeSystemEvents()
    windows = MacWindows(run=events)
    target = windows.active_window()
    assert target == TargetWindow(501, "com.microsoft.Outlook")
    events.frontmost = 777  # the picker (or anything) took the front meanwhile
    assert windows.focus(target)
    assert events.frontmost == 501
    assert not windows.focus(TargetWindow(9999, "gone"))


def test_mac_without_osascript_tracks_nothing() -> None:
    def missing(args: list[str]) -> str:
        raise FileNotFoundError("osascript")

    assert MacWindows(run=missing).active_window() is None


class FakeUser32:
    def __init__(self) -> None:
        self.foreground = 0x1001
        self.windows = {0x1001: "rctrl_renwnd32", 0x2002: "Qt6QWindowToolSaveBits"}
        self.attached: list[bool] = []

    def GetForegroundWindow(self) -> int:
        return self.foreground

    def IsWindow(self, handle: int) -> bool:
        return handle in self.windows

    def GetWindowThreadProcessId(self, handle: int, _pid: object) -> int:
        return handle >> 4

    def AttachThreadInput(self, _own: int, _other: int, attach: bool) -> bool:
        self.attached.append(attach)
        return True

    def SetForegroundWindow(self, handle: int) -> bool:
        self.foreground = handle
        return True

    def GetClassNameW(self, handle: int, buffer: object, _size: int) -> int:
        buffer.value = self.windows[handle]  # type: ignore[attr-defined]
        return len(self.windows[handle])


def test_windows_gives_the_focus_back_attaching_input_only_for_the_call(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("itfriend.platform.paste.desktop_windows._current_thread_id", lambda: 42)
    user32 = FakeUser32()
    windows = Win32Windows(user32)
    target = windows.active_window()
    assert target == TargetWindow(0x1001, "rctrl_renwnd32")
    user32.foreground = 0x2002
    assert windows.focus(target)
    assert user32.foreground == 0x1001 and user32.attached == [True, False]
    assert not windows.focus(TargetWindow(0x3003))
