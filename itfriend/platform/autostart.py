"""Start itfriend at login: an XDG autostart entry on Linux, the per-user Run key on Windows,
a LaunchAgent on macOS; a do-nothing fallback elsewhere. Picked once by ``create_autostart``."""

from __future__ import annotations

import os
import plistlib
import sys
from pathlib import Path
from typing import Protocol

from itfriend.core.errors import StorageError
from itfriend.core.safe_files import write_bytes_atomically, write_text_atomically

APP_ID = "itfriend"
LAUNCH_AGENT_LABEL = "org.itfriend.tray"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    """Whether itfriend starts when the user logs in, and switching it."""

    def enabled(self) -> bool: ...

    def enable(self, command: list[str]) -> None: ...

    def disable(self) -> None: ...


class NoAutostart:
    """For platforms where itfriend does not know how to start at login."""

    def enabled(self) -> bool:
        return False

    def enable(self, command: list[str]) -> None:
        raise StorageError("Starting at login is not supported on this system.")

    def disable(self) -> None:
        pass


def desktop_entry(command: list[str]) -> str:
    """The text of an XDG autostart ``.desktop`` file running ``command``."""
    exec_line = " ".join(_desktop_quote(part) for part in command)
    return (
        "[Desktop Entry]\nType=Application\nName=itfriend\n"
        "Comment=Keep good relationships with the people you support\n"
        f"Exec={exec_line}\nIcon=itfriend\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
    )


def _desktop_quote(part: str) -> str:
    # Desktop Entry spec: quote arguments with reserved characters; escape ", `, $ and \.
    if part and not any(c in part for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return part
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in part).replace("%", "%%")
    return f'"{escaped}"'


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/itfriend.desktop`` (Linux and other freedesktop systems)."""

    def __init__(self, config_home: Path | None = None) -> None:
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: list[str]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot write the autostart entry {self.path}: {exc}") from exc
        # Never a half-written entry, and never written through a link someone left there.
        write_text_atomically(
            self.path, desktop_entry(command), outcome="start at login is unchanged"
        )

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot remove the autostart entry {self.path}: {exc}") from exc


def launch_agent_plist(command: list[str]) -> bytes:
    """The LaunchAgent property list that runs ``command`` at login (macOS)."""
    agent = {
        "Label": LAUNCH_AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(agent)


class LaunchAgentAutostart:
    """``~/Library/LaunchAgents/org.itfriend.tray.plist`` (macOS)."""

    def __init__(self, home: Path | None = None) -> None:
        agents = (home or Path.home()) / "Library" / "LaunchAgents"
        self.path = agents / f"{LAUNCH_AGENT_LABEL}.plist"

    def enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: list[str]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot write the LaunchAgent {self.path}: {exc}") from exc
        write_bytes_atomically(
            self.path, launch_agent_plist(command), outcome="start at login is unchanged"
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


def run_key_command(command: list[str]) -> str:
    """The Run key's value for ``command``: a Windows command line, each part quoted as needed."""
    import subprocess

    return subprocess.list2cmdline(command)


if sys.platform == "win32":  # winreg exists only there (and mypy checks it only there)
    import winreg

    class RunKeyAutostart:
        """The ``itfriend`` value under HKCU's ``...\\CurrentVersion\\Run`` key (Windows)."""

        def enabled(self) -> bool:
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                    winreg.QueryValueEx(key, APP_ID)
                return True
            except FileNotFoundError:
                return False

        def enable(self, command: list[str]) -> None:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.SetValueEx(key, APP_ID, 0, winreg.REG_SZ, run_key_command(command))

        def disable(self) -> None:
            try:
                with winreg.OpenKey(
                    winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE
                ) as key:
                    winreg.DeleteValue(key, APP_ID)
            except FileNotFoundError:
                pass


def default_command() -> list[str]:
    """How to start this installation: the frozen executable, or this Python running itfriend."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "itfriend"]


def create_autostart() -> Autostart:
    """The start-at-login mechanism of this platform."""
    if sys.platform == "win32":
        return RunKeyAutostart()
    if sys.platform == "darwin":
        return LaunchAgentAutostart()
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return XdgAutostart()
    return NoAutostart()
