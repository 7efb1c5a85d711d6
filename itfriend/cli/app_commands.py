"""Commands that talk to the tray app: start it, or hand a request to the running one."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext


def start_app(forwarded: list[str]) -> int:
    from itfriend.ui.shell.app import run_app

    return run_app(forwarded)


# Windows of the tray app that a command (or a desktop shortcut) can open; each starts itfriend
# if it is not running, else hands the request to the running one.
WINDOW_COMMANDS = {
    "show": "open the People window",
    "pick": "open the template picker in front of the active window (bind it to a key in your "
    "desktop's shortcut settings where the global hotkey cannot work, e.g. on Wayland)",
    "cool-down": "open the Cool-down window, with the clipboard's ticket",
}


def register(commands: Any) -> None:
    for name, help_text in WINDOW_COMMANDS.items():
        parser = commands.add_parser(name, help=help_text)
        parser.set_defaults(handler=lambda args, ctx, name=name: start_app([name]))
    quit_ = commands.add_parser("quit", help="quit the running itfriend")
    quit_.set_defaults(handler=_quit)


def _quit(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.paths import app_paths
    from itfriend.platform.instance.client import forward_to_running, server_name

    if forward_to_running(server_name(str(app_paths().data)), ["quit"]):
        ctx.print("itfriend is quitting")
        return 0
    ctx.print("itfriend is not running")
    return 1
