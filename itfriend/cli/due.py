"""``itfriend due``: everything that needs attention now."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext


def register(commands: Any) -> None:
    due = commands.add_parser("due", help="what needs your attention now")
    due.add_argument("--json", action="store_true")
    due.set_defaults(handler=_due)


def _due(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.reminders.due import needs_attention

    services = ctx.services
    items = needs_attention(services.people, services.follow_ups, services.walk_arounds)
    if args.json:
        ctx.print_json([item.to_json() for item in items])
        return 0
    if not items:
        ctx.print("Nothing needs your attention now.")
    for item in items:
        ctx.print(f"- {item.title}")
    return 0
