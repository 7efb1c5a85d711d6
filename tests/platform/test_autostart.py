"""Start at login: the XDG entry for real in a temporary config folder; the Windows and macOS
forms by the text they would write."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import sys
from pathlib import Path

import pytest

from itfriend.core.errors import StorageError
from itfriend.platform.autostart import (
    XdgAutostart,
    create_autostart,
    default_command,
    desktop_entry,
    launch_agent_plist,
    run_key_command,
)

COMMAND = ["/opt/it friend/bin/python", "-m", "itfriend"]


def test_xdg_entry_is_written_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    autostart = create_autostart()
    assert isinstance(autostart, XdgAutostart)
    assert not autostart.enabled()
    autostart.enable(COMMAND)
    entry = tmp_path / "config" / "autostart" / "itfriend.desktop"
    assert autostart.enabled() and entry.is_file()
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read(entry)
    section = parsed["Desktop Entry"]
    assert section["Type"] == "Application"
    assert shlex.split(section["Exec"]) == COMMAND  # the space in the path survives quoting
    autostart.disable()
    assert not autostart.enabled() and not entry.exists()
    autostart.disable()  # already off: nothing to do


def test_unwritable_config_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StorageError, match="Cannot write the autostart entry"):
        XdgAutostart(blocker).enable(COMMAND)


def test_desktop_entry_escapes_reserved_characters() -> None:
    line = desktop_entry(["/bin/it$friend", "100%"]).splitlines()
    assert 'Exec="/bin/it\\$friend" "100%%"' in line


def test_launch_agent_runs_the_command_at_load() -> None:
    agent = plistlib.loads(launch_agent_plist(COMMAND))
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True
    assert agent["Label"] == "org.itfriend.tray"


def test_run_key_value_is_a_windows_command_line() -> None:
    value = run_key_command([r"C:\Program Files\itfriend\itfriend.exe", "--minimized"])
    assert value == r'"C:\Program Files\itfriend\itfriend.exe" --minimized'


def test_default_command_starts_this_installation() -> None:
    assert default_command() == [sys.executable, "-m", "itfriend"]
