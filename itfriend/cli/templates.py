"""``itfriend templates list|render|import|export``: the email templates from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from itfriend.cli.context import CliContext
from itfriend.core.quoting import quoted


def register(commands: Any) -> None:
    templates = commands.add_parser("templates", help="email templates")
    sub = templates.add_subparsers(dest="templates_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="list templates, most used first")
    listing.add_argument("--search", default="", help="text in name, category, abbreviation, text")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    render = sub.add_parser("render", help="fill a template in and print its subject and body")
    render.add_argument("name", help="template name or abbreviation")
    render.add_argument("--person", help="id, email or part of the name of the recipient")
    render.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a value the template uses, e.g. new_date=2026-03-10 or ticket.number=4711 "
        "(repeat for several)",
    )
    render.add_argument("--json", action="store_true")
    render.set_defaults(handler=_render)

    importing = sub.add_parser("import", help="add a template from a file")
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--replace", action="store_true", help="overwrite a template of the same name"
    )
    importing.set_defaults(handler=_import)

    export = sub.add_parser("export", help="write a template to a file")
    export.add_argument("name", help="template name or abbreviation")
    export.add_argument("file", type=Path)
    export.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    export.set_defaults(handler=_export)


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    records = ctx.services.templates.list(search=args.search)
    if args.json:
        ctx.print_json([r.to_json() for r in records])
        return 0
    if not records:
        ctx.print("No template matches." if args.search else "No templates.")
        return 0
    for record in records:
        abbreviation = f"[{record.abbreviation}]" if record.abbreviation else ""
        used = f"used {record.use_count}x" if record.use_count else ""
        ctx.print(f"{record.name:<46} {abbreviation:<10} {record.category:<14} {used}".rstrip())
    return 0


def _parse_values(pairs: list[str]) -> dict[str, str]:
    from itfriend.core.errors import ValidationError

    values: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise ValidationError(
                f"--set takes KEY=VALUE, e.g. new_date=2026-03-10; got {quoted(pair)}"
            )
        values[key.strip()] = value
    return values


def _render(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.templates import MissingValuesError, render_template, template_values

    services = ctx.services
    template = services.templates.get(args.name)
    person = services.people.get(services.people.resolve(args.person)) if args.person else None
    values = template_values(
        person, services.settings, _parse_values(args.values), clock=services.clock
    )
    try:
        message = render_template(template, values)
    except MissingValuesError as exc:
        print(f"itfriend: {exc}", file=sys.stderr)
        for hint in _hints(exc.missing, person is not None):
            print(f"  {hint}", file=sys.stderr)
        return 1
    if args.json:
        ctx.print_json({"name": template.name, "subject": message.subject, "body": message.body})
    else:
        ctx.print(f"Subject: {message.subject}")
        ctx.print()
        ctx.print(message.body)
    return 0


def _hints(missing: list[str], has_person: bool) -> list[str]:
    """How to give each missing value from the command line."""
    hints = []
    for name in missing:
        if name.startswith("me."):
            hints.append(f"{name}: set yours once with 'itfriend settings set {name} VALUE'")
        elif name.startswith("person.") and not has_person:
            hints.append(f"{name}: name the recipient with --person, or --set {name}=VALUE")
        else:
            hints.append(f"{name}: give it with --set {name}=VALUE")
    return hints


def _import(args: argparse.Namespace, ctx: CliContext) -> int:
    record = ctx.services.templates.import_file(args.file, replace=args.replace)
    ctx.print(f"Imported template '{record.name}'")
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    path = ctx.services.templates.export_file(args.name, args.file, overwrite=args.force)
    ctx.print(f"Exported template '{ctx.services.templates.get(args.name).name}' to {path}")
    return 0
