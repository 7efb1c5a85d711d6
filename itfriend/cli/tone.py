"""``itfriend tone ticket|draft [FILE|-] [--json]``: the heat of a ticket, the tone of a reply."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from itfriend.cli.context import CliContext

# Far more than any ticket or reply (a long one is 5,000); scoring this much takes a moment.
LONGEST_TEXT = 200_000


def register(commands: Any) -> None:
    tone = commands.add_parser("tone", help="how heated a ticket is; how a draft reply reads")
    sub = tone.add_subparsers(dest="tone_command", metavar="WHAT", required=True)

    ticket = sub.add_parser("ticket", help="score a ticket's heat and suggest a cool-down")
    ticket.add_argument(
        "file", nargs="?", default="-", type=Path, help="a text file, or - for stdin"
    )
    ticket.add_argument("--json", action="store_true")
    ticket.set_defaults(handler=_ticket)

    draft = sub.add_parser("draft", help="check a draft reply for tone, jargon and clarity")
    draft.add_argument(
        "file", nargs="?", default="-", type=Path, help="a text file, or - for stdin"
    )
    draft.add_argument("--to", default="", metavar="NAME", help="the reader's name")
    draft.add_argument("--json", action="store_true")
    draft.set_defaults(handler=_draft)


def _read(source: Path) -> str:
    from itfriend.core.errors import ValidationError

    # Read no more than can be one ticket: /dev/zero or a runaway pipe must not fill memory.
    if str(source) == "-":
        text = sys.stdin.read(LONGEST_TEXT + 1)
    else:
        try:
            with source.open(encoding="utf-8") as stream:
                text = stream.read(LONGEST_TEXT + 1)
        except FileNotFoundError:
            raise ValidationError(f"there is no file {source}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"cannot read {source} as UTF-8 text: {exc}") from None
    if len(text) > LONGEST_TEXT:
        raise ValidationError(
            f"the text is too long (over {LONGEST_TEXT:,} characters): give one ticket or reply"
        )
    if not text.strip():
        raise ValidationError("the text is empty: give a file or pipe the text in")
    return text


def _ticket(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.tone import score_ticket

    text = _read(args.file)
    result = score_ticket(text)
    minutes = ctx.services.cool_downs.minutes_for(result.heat)
    if args.json:
        ctx.print_json({**result.to_json(), "cool_down_minutes": minutes})
        return 0
    verdict = "inflammatory" if result.inflammatory else "not inflammatory"
    ctx.print(f"Heat {result.heat}/100: {verdict}. Suggested cool-down: {minutes} min.")
    for reason in result.reasons:
        ctx.print(f'  +{reason.points:<3} "{reason.phrase}": {reason.why}')
    return 0


def _draft(args: argparse.Namespace, ctx: CliContext) -> int:
    from itfriend.core.tone import check_draft

    text = _read(args.file)
    result = check_draft(text, recipient=args.to, data_dir=ctx.services.paths.data)
    if args.json:
        ctx.print_json(result.to_json())
        return 0
    ctx.print("OK to send." if result.ok else "Not ready: please reword the serious points.")
    for issue in result.issues:
        mark = "!" if issue.serious else "-"
        where = f' "{issue.phrase}"' if issue.phrase else ""
        ctx.print(f"  {mark} {issue.kind}{where}: {issue.suggestion}")
    return 0
