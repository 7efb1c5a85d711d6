"""``itfriend walk-around add|list|remove|people``: recurring walk-arounds of a building."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.arguments import record_id
from itfriend.cli.context import CliContext
from itfriend.core.quoting import quoted


def register(commands: Any) -> None:
    walk = commands.add_parser("walk-around", help="recurring walk-arounds of a building")
    walk.add_argument("--json", action="store_true")
    walk.set_defaults(handler=_list)
    sub = walk.add_subparsers(dest="walk_around_command", metavar="ACTION")

    add = sub.add_parser("add", help="add a walk-around (e.g. --days tue,thu --at 10:00)")
    add.add_argument("building")
    add.add_argument("--days", help="days of the week, e.g. tue,thu")
    add.add_argument("--at", metavar="HH:MM", help="local time, e.g. 10:00")
    add.add_argument(
        "--every-weeks",
        type=int,
        default=1,
        metavar="N",
        help="every N weeks (default: every week)",
    )
    add.add_argument(
        "--rule",
        metavar="RRULE",
        help="an RFC 5545 rule instead, e.g. FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9",
    )
    add.add_argument("--label", default="")
    add.set_defaults(handler=_add)

    listing = sub.add_parser("list", help="list walk-arounds with their next time")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    remove = sub.add_parser("remove", help="remove a walk-around")
    remove.add_argument("id", type=record_id("a walk-around"))
    remove.set_defaults(handler=_remove)

    people = sub.add_parser("people", help="whom to visit in a building, by floor")
    people.add_argument("building")
    people.add_argument("--limit", type=int, default=None, metavar="N")
    people.add_argument("--json", action="store_true")
    people.set_defaults(handler=_people)


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.errors import ValidationError
    from itfriend.core.recurrence import weekly_rule

    if args.rule and (args.days or args.at or args.every_weeks != 1):
        raise ValidationError("give either --rule or --days/--at/--every-weeks, not both")
    if args.rule:
        rule = args.rule
    elif args.days and args.at:
        rule = weekly_rule(args.days, args.at, args.every_weeks)
    else:
        raise ValidationError("say when: --days tue,thu --at 10:00 (or --rule RRULE)")
    services = ctx.services
    row = services.walk_arounds.add(args.building, rule, label=args.label)
    upcoming = row.next_after(services.clock.now())
    when = f"{upcoming.astimezone():%a %Y-%m-%d %H:%M}" if upcoming else "never (the rule ended)"
    ctx.print(f"Added walk-around #{row.id} of {row.building}; next: {when}")
    if not services.people.list(building=row.building, limit=1):
        ctx.print(f"Note: nobody on your list is in building '{row.building}' yet.")
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    services = ctx.services
    rows = services.walk_arounds.list()
    now = services.clock.now()
    if args.json:
        ctx.print_json([r.to_json(now) for r in rows])
        return 0
    if not rows:
        ctx.print(
            "No walk-arounds yet; add one with: itfriend walk-around add BUILDING "
            "--days tue,thu --at 10:00"
        )
    for row in rows:
        upcoming = row.next_after(now) if row.enabled else None
        when = f"{upcoming.astimezone():%a %Y-%m-%d %H:%M}" if upcoming else "-"
        state = "" if row.enabled else " (off)"
        ctx.print(f"#{row.id:<4} {row.title}{state}  next: {when}  [{row.rule}]")
    return 0


def _remove(args: argparse.Namespace, ctx: CliContext) -> int:
    row = ctx.services.walk_arounds.remove(args.id)
    ctx.print(f"Removed walk-around #{row.id} of {row.building}")
    return 0


def _people(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.walk_arounds import group_by_floor

    rows = ctx.services.walk_arounds.suggest(args.building, args.limit)
    if args.json:
        ctx.print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        ctx.print(f"Nobody on your list is in building {quoted(args.building)}.")
    for floor, people in group_by_floor(rows):
        ctx.print(f"Floor {floor}:" if floor else "No floor given:")
        for person in people:
            seen = (
                f"{person.days_since_contact} days ago"
                if person.days_since_contact is not None
                else "never"
            )
            ctx.print(f"  {person.name:<30} last seen {seen}")
    return 0
