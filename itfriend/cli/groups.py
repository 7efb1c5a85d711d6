"""``itfriend groups add|list|show|remove``: the people announcements go to."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext
from itfriend.core.wording import plural


def register(commands: Any) -> None:
    groups = commands.add_parser("groups", help="groups of people announcements go to")
    sub = groups.add_subparsers(dest="groups_command", metavar="ACTION", required=True)

    add = sub.add_parser(
        "add",
        help="save a group: a rule, hand-picked people, or both",
        description="Conditions on different fields must all match; several values of one "
        "field mean any of them. Hand-picked members are added to whoever the rule matches.",
    )
    add.add_argument("name")
    add.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="D",
        help="people of this department (repeat for several)",
    )
    add.add_argument(
        "--building",
        action="append",
        default=[],
        metavar="B",
        help="people in this building (repeat for several)",
    )
    add.add_argument(
        "--system",
        action="append",
        default=[],
        metavar="S",
        help="people who use this system (repeat for several)",
    )
    add.add_argument(
        "--member",
        action="append",
        default=[],
        metavar="PERSON",
        help="a hand-picked person: id, email or part of the name (repeat)",
    )
    add.add_argument("--description", default="")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    listing = sub.add_parser("list", help="list the groups")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    show = sub.add_parser("show", help="a group's rule, members and announcement history")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    remove = sub.add_parser("remove", help="remove a group (its history stays)")
    remove.add_argument("name")
    remove.set_defaults(handler=_remove)


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.groups import GroupRule

    services = ctx.services
    member_ids = tuple(services.people.resolve(ref) for ref in args.member)
    rule = GroupRule(tuple(args.department), tuple(args.building), tuple(args.system), member_ids)
    row = services.groups.add(args.name, rule, description=args.description)
    count = len(services.groups.members(row.name))
    if args.json:
        ctx.print_json([{**row.to_json(), "member_count": count}])
    else:
        ctx.print(f"Added group '{row.name}': {row.describe()} ({_people(count)} now)")
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    groups = ctx.services.groups
    rows = groups.list()
    counts = {row.id: groups.count_members(row.rule) for row in rows}
    if args.json:
        ctx.print_json([{**row.to_json(), "member_count": counts[row.id]} for row in rows])
        return 0
    if not rows:
        ctx.print("No groups yet: add one with 'itfriend groups add NAME --system CRM'.")
    for row in rows:
        ctx.print(f"{row.name:<24} {_people(counts[row.id]):<12} {row.describe()}")
    return 0


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    services = ctx.services
    row = services.groups.get(args.name)
    members = services.groups.members(row.name)
    history = services.announcements.history(row.name, limit=20)
    if args.json:
        data = row.to_json()
        data["members"] = [m.to_json() for m in members]
        data["hand_picked"] = list(row.member_names)
        data["history"] = [h.to_json() for h in history]
        ctx.print_json([data])
        return 0
    ctx.print(f"{row.name}: {row.describe()}")
    if row.description:
        ctx.print(f"  {row.description}")
    ctx.print(f"Members ({len(members)}):")
    for person in members:
        email = person.email or "(no email address: announcements skip them)"
        ctx.print(f"  #{person.id:<6} {person.name:<28} {email}")
    if history:
        ctx.print("Announcements:")
        for item in history:
            ctx.print(
                f"  {item.created_at.astimezone():%Y-%m-%d %H:%M} {item.delivery:<6} "
                f"{item.state:<8} {item.sent} sent, {item.failed} failed  {item.subject}"
            )
    return 0


def _remove(args: argparse.Namespace, ctx: CliContext) -> int:
    name = ctx.services.groups.remove(args.name)
    ctx.print(f"Removed group '{name}'")
    return 0


def _people(count: int) -> str:
    return plural(count, "person", "people")
