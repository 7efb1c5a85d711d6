"""``itfriend log PERSON --via CHANNEL``: record a contact, optionally with a follow-up."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext


def register(commands: Any) -> None:
    log = commands.add_parser("log", help="record a contact with someone")
    log.add_argument("person", help="id, email or part of the name")
    log.add_argument(
        "--via", required=True, metavar="CHANNEL", help="in-person, phone, email, chat or video"
    )
    log.add_argument("--note", default="", help="what it was about")
    log.add_argument("--at", help="when (default now): 2h, yesterday, YYYY-MM-DD HH:MM")
    log.add_argument(
        "--follow-up", metavar="WHEN", help="schedule a follow-up: 3d, 1w, tomorrow, YYYY-MM-DD"
    )
    log.add_argument("--reason", default="", help="what to follow up on (default: the note)")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=_log)


def _log(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.when import parse_moment, parse_offset

    services = ctx.services
    now = services.clock.now()
    at = None
    if args.at:
        offset = parse_offset(args.at)
        # "--at 2h" means two hours ago: a contact is logged after it happened.
        at = now - offset if offset is not None else parse_moment(args.at, now)
    due = None
    if args.follow_up:
        due = parse_moment(args.follow_up, at or now)
    person_id = services.people.resolve(args.person)
    row = services.interactions.log(
        person_id, args.via, args.note, at=at, follow_up_due=due, follow_up_reason=args.reason
    )
    if args.json:
        ctx.print_json([row.to_json()])
        return 0
    person = services.people.row(person_id)
    message = f"Logged {row.channel} contact with {person.name}"
    if due is not None:
        message += f"; follow-up on {due.astimezone():%a %Y-%m-%d %H:%M}"
    ctx.print(message)
    return 0
