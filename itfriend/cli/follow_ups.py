"""``itfriend follow-ups [done ID | snooze ID --until WHEN]``."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.arguments import record_id
from itfriend.cli.context import CliContext


def register(commands: Any) -> None:
    follow_ups = commands.add_parser("follow-ups", help="follow-ups still to do")
    follow_ups.add_argument("--json", action="store_true")
    follow_ups.set_defaults(handler=_list)
    sub = follow_ups.add_subparsers(dest="follow_up_command", metavar="ACTION")

    done = sub.add_parser("done", help="mark a follow-up done")
    done.add_argument("id", type=record_id("a follow-up"))
    done.add_argument(
        "--log", metavar="CHANNEL", help="also log the check-back as a contact (phone, email, ...)"
    )
    done.set_defaults(handler=_done)

    snooze = sub.add_parser("snooze", help="put a follow-up off")
    snooze.add_argument("id", type=record_id("a follow-up"))
    snooze.add_argument(
        "--until", required=True, metavar="WHEN", help="1h, tomorrow, next week, YYYY-MM-DD HH:MM"
    )
    snooze.set_defaults(handler=_snooze)


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = ctx.services.follow_ups.pending()
    if args.json:
        ctx.print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        ctx.print("No follow-ups to do.")
    now = ctx.services.clock.now()
    for row in rows:
        mark = "DUE " if row.due <= now else "    "
        ctx.print(
            f"{mark}#{row.id:<5} {row.due.astimezone():%a %Y-%m-%d %H:%M}  "
            f"{row.person_name}: {row.reason}"
        )
    return 0


def _done(args: argparse.Namespace, ctx: CliContext) -> int:
    row = ctx.services.follow_ups.done(args.id, log_channel=args.log)
    ctx.print(f"Done: follow-up #{row.id} with {row.person_name}")
    return 0


def _snooze(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.when import parse_moment

    services = ctx.services
    until = parse_moment(args.until, services.clock.now())
    row = services.follow_ups.snooze(args.id, until)
    ctx.print(
        f"Snoozed follow-up #{row.id} with {row.person_name} until "
        f"{row.due.astimezone():%a %Y-%m-%d %H:%M}"
    )
    return 0
