"""``itfriend settings list|get KEY|set KEY VALUE``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itfriend.cli.context import CliContext


def register(commands: Any) -> None:
    settings = commands.add_parser("settings", help="your preferences")
    sub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="every setting with its value")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    get = sub.add_parser("get", help="one setting's value")
    get.add_argument("key")
    get.set_defaults(handler=_get)
    put = sub.add_parser("set", help="change a setting")
    put.add_argument("key")
    put.add_argument("value")
    put.set_defaults(handler=_set)


def _settings() -> Any:
    # Settings need no database: opening only the file keeps these commands instant.
    from itfriend.core.paths import app_paths
    from itfriend.core.settings import Settings

    return Settings(app_paths().settings_file)


def _warn_of_values_not_used(settings: Any) -> None:
    """A stored value that is not used (see ``Settings``): the technician must know."""
    for problem in settings.problems.values():
        print(f"itfriend: warning: {problem}", file=sys.stderr)


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    settings = _settings()
    _warn_of_values_not_used(settings)
    if args.json:
        ctx.print_json(
            [
                {
                    "key": s.key,
                    "value": v,
                    "default": s.default,
                    "type": s.kind.__name__,
                    "description": s.description,
                }
                for s, v in settings
            ]
        )
        return 0
    for setting, value in settings:
        ctx.print(f"{setting.key:<26} {value!r:<24} {setting.description}")
    return 0


def _get(args: argparse.Namespace, ctx: CliContext) -> int:
    settings = _settings()
    _warn_of_values_not_used(settings)
    value = settings.get(args.key)
    ctx.print(str(value).lower() if isinstance(value, bool) else str(value))
    return 0


def _set(args: argparse.Namespace, ctx: CliContext) -> int:
    settings = _settings()
    value = settings.set_text(args.key, args.value)
    ctx.print(f"{args.key} = {value!r}")
    _warn_of_values_not_used(settings)  # after: setting one such value ends its warning
    return 0
