"""``itfriend people add|list|show|edit|remove``."""

from __future__ import annotations

import argparse
from typing import Any

from itfriend.cli.context import CliContext

_FIELD_OPTIONS = (
    ("--preferred-name", "preferred_name", "what they like to be called"),
    ("--email", "email", "email address"),
    ("--phone", "phone", "phone number"),
    ("--role", "role", "job title or role"),
    ("--department", "department", "department"),
    ("--building", "building", "building"),
    ("--floor", "floor", "floor"),
    ("--room", "room", "room or desk"),
    ("--note", "notes", "work notes"),
    ("--personal", "personal_notes", "personal notes: family, pets, hobbies"),
    ("--birthday", "birthday", "birthday, YYYY-MM-DD"),
    ("--cadence", "cadence_days", "days between contacts (default: the setting)"),
)


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    for flag, dest, help_text in _FIELD_OPTIONS:
        parser.add_argument(flag, dest=dest, help=help_text)
    parser.add_argument(
        "--system",
        dest="systems",
        action="append",
        metavar="SYSTEM",
        help="a system they use (repeat for several)",
    )


def _given_fields(args: argparse.Namespace) -> dict[str, Any]:
    fields = {
        dest: getattr(args, dest)
        for _, dest, _ in _FIELD_OPTIONS
        if getattr(args, dest) is not None
    }
    if args.systems is not None:
        fields["systems"] = args.systems
    return fields


def register(commands: Any) -> None:
    people = commands.add_parser("people", help="the people you support")
    sub = people.add_subparsers(dest="people_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add a person")
    add.add_argument("name")
    _add_field_options(add)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    listing = sub.add_parser("list", help="list people")
    listing.add_argument(
        "--search", default="", help="text in name, email, role, department, building"
    )
    listing.add_argument("--overdue", action="store_true", help="only people overdue for contact")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    show = sub.add_parser("show", help="everything about one person")
    show.add_argument("person", help="id, email or part of the name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    edit = sub.add_parser("edit", help="change a person's details")
    edit.add_argument("person", help="id, email or part of the name")
    edit.add_argument("--name")
    _add_field_options(edit)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=_edit)

    remove = sub.add_parser("remove", help="remove a person and their history")
    remove.add_argument("person", help="id, email or part of the name")
    remove.set_defaults(handler=_remove)


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    row = ctx.services.people.add(args.name, **_given_fields(args))
    if args.json:
        ctx.print_json([row.to_json()])
    else:
        ctx.print(f"Added #{row.id} {row.name}")
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = ctx.services.people.list(search=args.search, overdue_only=args.overdue)
    if args.json:
        ctx.print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        ctx.print(
            "Nobody matches."
            if args.search or args.overdue
            else "No people yet: add one with 'itfriend people add NAME'."
        )
        return 0
    for row in rows:
        last = "never" if row.days_since_contact is None else f"{row.days_since_contact} days ago"
        flag = "  OVERDUE" if row.overdue else ""
        where = " / ".join(x for x in (row.department, row.building) if x)
        ctx.print(f"#{row.id:<6} {row.name:<28} {where:<32} last contact: {last}{flag}")
    return 0


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.people import person_to_json

    services = ctx.services
    person_id = services.people.resolve(args.person)
    person = services.people.get(person_id)
    row = services.people.row(person_id)
    history = services.interactions.history(person_id, limit=20)
    pending = services.follow_ups.pending(person_id)
    if args.json:
        data = person_to_json(person, row)
        data["interactions"] = [i.to_json() for i in history]
        data["follow_ups"] = [f.to_json() for f in pending]
        ctx.print_json([data])
        return 0
    data = person_to_json(person, row)
    labels = (
        ("Email", "email"),
        ("Phone", "phone"),
        ("Role", "role"),
        ("Department", "department"),
        ("Building", "building"),
        ("Floor", "floor"),
        ("Room", "room"),
        ("Birthday", "birthday"),
        ("Cadence (days)", "cadence_days"),
        ("Last contact", "last_contact"),
        ("Notes", "notes"),
        ("Personal", "personal_notes"),
    )
    ctx.print(f"#{row.id} {row.name}" + ("  (overdue for a contact)" if row.overdue else ""))
    for label, key in labels:
        if data.get(key):
            ctx.print(f"  {label + ':':<16}{data[key]}")
    if data["systems"]:
        ctx.print(f"  {'Systems:':<16}{', '.join(data['systems'])}")
    if pending:
        ctx.print("  Follow-ups:")
        for f in pending:
            ctx.print(f"    #{f.id} {f.due.astimezone():%Y-%m-%d %H:%M} {f.reason}")
    if history:
        ctx.print("  History:")
        for i in history:
            ctx.print(f"    {i.at.astimezone():%Y-%m-%d %H:%M} {i.channel:<9} {i.summary}")
    return 0


def _edit(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = _given_fields(args)
    if args.name is not None:
        fields["name"] = args.name
    if not fields:
        from itfriend.core.errors import UsageError

        raise UsageError("nothing to change: give at least one option, e.g. --phone")
    services = ctx.services
    person_id = services.people.resolve(args.person)
    row = services.people.edit(person_id, **fields)
    if args.json:
        ctx.print_json([row.to_json()])
    else:
        ctx.print(f"Updated #{row.id} {row.name}")
    return 0


def _remove(args: argparse.Namespace, ctx: CliContext) -> int:
    services = ctx.services
    name = services.people.remove(services.people.resolve(args.person))
    ctx.print(f"Removed {name} and their history")
    return 0
