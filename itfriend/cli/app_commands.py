"""Commands that talk to the tray app: start it, or hand a request to the running one."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext


def start_app(forwarded: list[str]) -> int:
    from itfriend.ui.app import run_app

    return run_app(forwarded)


def register(commands: Any) -> None:
    show = commands.add_parser(
        "show", help="open the People window (starting itfriend if it is not running)"
    )
    show.set_defaults(handler=lambda args, ctx: start_app(["show"]))
    pick = commands.add_parser(
        "pick",
        help="open the template picker in front of the active window (bind it to a key in your "
        "desktop's shortcut settings where the global hotkey cannot work, e.g. on Wayland)",
    )
    pick.set_defaults(handler=lambda args, ctx: start_app(["pick"]))
    quit_ = commands.add_parser("quit", help="quit the running itfriend")
    quit_.set_defaults(handler=_quit)


def _quit(args: argparse.Namespace, ctx: CliContext) -> int:
    from PySide6.QtCore import QCoreApplication

    from itfriend.core.paths import app_paths
    from itfriend.ui.single_instance import forward_to_running, server_name

    _app = QCoreApplication.instance() or QCoreApplication([])
    if forward_to_running(server_name(str(app_paths().data)), ["quit"]):
        ctx.print("itfriend is quitting")
        return 0
    ctx.print("itfriend is not running")
    return 1
