"""Commands that talk to the tray app: start it, or hand a request to the running one.

The windows and their options come from ``itfriend.core.app_commands``, the table the running
app and its tray menu read too.
"""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext
from itfriend.core.app_commands import WINDOWS, AppWindow, open_arguments, window_names


def start_app(forwarded: list[str]) -> int:
    from itfriend.ui.shell.start import run_app

    return run_app(forwarded)


def register(commands: Any) -> None:
    # Each starts itfriend if it is not running, else hands the request to the running one.
    opener = commands.add_parser(
        "open",
        help="open a window of the tray app (starting it if need be)",
        description=f"Open a window of the tray app, starting it if need be: {window_names()}.",
    )
    windows = opener.add_subparsers(dest="window", metavar="WINDOW")
    for window in WINDOWS:
        parser = windows.add_parser(window.name, help=window.help, description=window.help)
        for option in window.options:
            parser.add_argument(
                option.flag,
                dest=option.keyword,
                type=option.kind,
                metavar=option.metavar,
                required=option.required,
                help=option.help,
            )
        parser.set_defaults(handler=lambda args, ctx, window=window: _open(window, args))
    opener.set_defaults(
        handler=lambda args, ctx: opener.error(f"name a window to open: {window_names()}")
    )
    for window in WINDOWS:
        if window.short_form is not None:
            short = commands.add_parser(window.short_form, help=window.short_help)
            short.set_defaults(handler=lambda args, ctx, window=window: _open(window, args))
    quit_ = commands.add_parser("quit", help="quit the running itfriend")
    quit_.set_defaults(handler=_quit)


def _open(window: AppWindow, args: argparse.Namespace) -> int:
    given = vars(args)
    options = {option.keyword: given.get(option.keyword) for option in window.options}
    return start_app(open_arguments(window.name, options))


def _quit(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.paths import app_paths
    from itfriend.platform.instance.client import forward_to_running, server_name

    if forward_to_running(server_name(str(app_paths().data)), ["quit"]):
        ctx.print("itfriend is quitting")
        return 0
    ctx.print("itfriend is not running")
    return 1
