"""The ``itfriend`` command line: the same core services the tray uses.

Each command module registers its sub-commands and imports what it needs only when it runs, so
that ``itfriend --version`` or ``itfriend settings get`` start fast and never import Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from itfriend import __version__
from itfriend.cli.context import CliContext
from itfriend.core.errors import AmbiguousError, ItfriendError

COMMAND_MODULES = (
    "itfriend.cli.app_commands",
    "itfriend.cli.people",
    "itfriend.cli.log",
    "itfriend.cli.followups",
    "itfriend.cli.due",
    "itfriend.cli.contacts_io",
    "itfriend.cli.walkaround",
    "itfriend.cli.templates",
    "itfriend.cli.tone",
    "itfriend.cli.groups",
    "itfriend.cli.announce",
    "itfriend.cli.settings",
    "itfriend.cli.secret",
    "itfriend.cli.db",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itfriend",
        description="Keep good relationships with the people you support. "
        "Without a command, starts the tray app.",
    )
    parser.add_argument("--version", action="version", version=f"itfriend {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.command is None:
        from itfriend.cli.app_commands import start_app

        return start_app([])
    _clear_interrupted_writes()
    context = CliContext()
    try:
        code: int = args.handler(args, context)
        return code
    except AmbiguousError as exc:
        print(f"itfriend: {exc}", file=sys.stderr)
        return 2
    except ItfriendError as exc:
        print(f"itfriend: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("itfriend: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        context.close()


def _clear_interrupted_writes() -> None:
    """Remove what writes killed part-way left behind (it may hold personal data)."""
    from itfriend.core.paths import app_paths
    from itfriend.core.safe_files import clear_interrupted_writes

    clear_interrupted_writes(app_paths().data)
