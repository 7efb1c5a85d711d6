"""The ``itfriend`` command line: the same core services the tray uses.

Each command module registers its sub-commands and imports what it needs only when it runs, so
that ``itfriend --version`` or ``itfriend settings get`` start fast and never import Qt.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import NoReturn

from itfriend import __version__
from itfriend.cli.context import CliContext
from itfriend.cli.output import printable, tell
from itfriend.core.errors import AmbiguousError, ImportFileError, ItfriendError, UsageError

# Exit codes: done; failed with nothing changed; the command line itself is wrong; interrupted.
DONE, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130

COMMAND_MODULES = (
    "itfriend.cli.app_commands",
    "itfriend.cli.people",
    "itfriend.cli.log",
    "itfriend.cli.follow_ups",
    "itfriend.cli.due",
    "itfriend.cli.contacts_io",
    "itfriend.cli.walk_arounds",
    "itfriend.cli.templates",
    "itfriend.cli.tone",
    "itfriend.cli.groups",
    "itfriend.cli.announce",
    "itfriend.cli.settings",
    "itfriend.cli.secret",
    "itfriend.cli.db",
)


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line naming the mistake (sub-commands inherit it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: {printable(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="itfriend",
        description="Keep good relationships with the people you support. "
        "Without a command, starts the tray app.",
    )
    parser.add_argument("--version", action="version", version=f"itfriend {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def undecodable_option(args: argparse.Namespace) -> str | None:
    """The name of the first text value that was not valid in the system's encoding.

    Python keeps such command-line bytes as lone surrogates, which SQLite and the terminal
    refuse later with a traceback; file names (``Path`` values) may hold them and are fine.
    """
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
                return name
    return None


def main(argv: Sequence[str]) -> int:
    """Run one command; the exit code says how it ended (see "Exit codes" in the README)."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    bad = undecodable_option(args)
    if bad is not None:
        parser.error(f"the value of {bad} is not valid text (bytes the system's encoding lacks)")
    if args.command is None:
        from itfriend.cli.app_commands import start_app

        return start_app([])
    context = CliContext()
    try:
        _clear_interrupted_writes()
        code: int = args.handler(args, context)
        return code
    except (AmbiguousError, UsageError) as exc:
        tell(str(exc), listing=isinstance(exc, AmbiguousError))
        return USAGE
    except ItfriendError as exc:
        tell(str(exc), listing=isinstance(exc, ImportFileError))
        return FAILED
    except KeyboardInterrupt:
        tell("interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        return DONE
    except OSError as exc:
        # The file system refused a file the command was given (too long a name, a folder
        # where a file should be...): the technician's to fix, so no "unexpected error".
        tell(file_system_refusal(exc))
        return FAILED
    except Exception as exc:
        from itfriend.core.logs import report_unexpected

        tell(report_unexpected(exc, "the command"))
        return FAILED
    finally:
        context.close()


def file_system_refusal(exc: OSError) -> str:
    """One line for an OSError: the file it names (cut if long) and the system's reason."""
    reason = exc.strerror or type(exc).__name__
    name = exc.filename
    if name is None:
        return f"the file system refused: {reason}; nothing was changed"
    text = str(name)
    shown = text if len(text) <= 80 else f"{text[:60]}… ({len(text):,} characters)"
    return f"cannot use {shown}: {reason}; nothing was changed"


def _clear_interrupted_writes() -> None:
    """Remove what writes killed part-way left behind (it may hold personal data)."""
    from itfriend.core.paths import app_paths
    from itfriend.core.safe_files import clear_interrupted_writes

    clear_interrupted_writes(app_paths().data)
