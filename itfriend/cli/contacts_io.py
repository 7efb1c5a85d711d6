"""``itfriend import FILE`` and ``itfriend export FILE``: contacts in and out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from itfriend.cli.context import CliContext
from itfriend.core.wording import plural


def register(commands: Any) -> None:
    importing = commands.add_parser(
        "import",
        help="import people from a CSV (Outlook, Google), vCard or JSON file",
        description="Import people from a contacts file. All or nothing: a file with a bad row "
        "imports nothing. People whose email is already known are updated.",
    )
    importing.add_argument("file", type=Path, help="a .csv, .vcf or .json file")
    importing.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change"
    )
    importing.add_argument(
        "--encoding",
        help="the file's encoding, when the one itfriend tells from the file (and names in its "
        "summary) is wrong, e.g. cp1250",
    )
    importing.add_argument("--json", action="store_true")
    importing.set_defaults(handler=_import)

    exporting = commands.add_parser("export", help="export everyone to a CSV, vCard or JSON file")
    exporting.add_argument("file", type=Path, help="where to write (replaced if it exists)")
    exporting.add_argument(
        "--format",
        choices=("csv", "vcard", "json"),
        help="default: from the file's extension (.csv, .vcf, .json)",
    )
    exporting.add_argument("--json", action="store_true")
    exporting.set_defaults(handler=_export)


def _import(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.contacts_io import import_contacts

    report = import_contacts(ctx.services, args.file, dry_run=args.dry_run, encoding=args.encoding)
    if args.json:
        ctx.print_json([report.to_json()])
        return 0
    ctx.print(report.summary())
    for warning in report.warnings:
        print(f"itfriend: warning: {warning}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.contacts_io import export_contacts

    count = export_contacts(ctx.services, args.file, args.format)
    if args.json:
        ctx.print_json([{"exported": count, "file": str(args.file)}])
    else:
        ctx.print(f"Exported {plural(count, 'person', 'people')} to {args.file}")
    return 0
