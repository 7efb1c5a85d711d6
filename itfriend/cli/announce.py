"""``itfriend announce GROUP --template NAME``: tell the people a change affects, not too often.

Without ``--send``, ``--mailto`` or ``--eml`` (or with ``--dry-run``) it only shows what would go
to whom. The SMTP password comes from keyring (``itfriend secret set smtp``), never from options.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itfriend.cli.arguments import record_id
from itfriend.cli.context import CliContext
from itfriend.core.quoting import quoted
from itfriend.core.wording import plural

if TYPE_CHECKING:
    from datetime import datetime

    from itfriend.core.announcements import Composition, DeliveryReport


def register(commands: Any) -> None:
    announce = commands.add_parser(
        "announce",
        help="send a template to a group",
        description="Compose a template for each member of a group, check that the group has not "
        "heard from you too often lately, and send it by SMTP, as a mailto: link or as .eml files.",
    )
    announce.add_argument("group", help="the group's name")
    announce.add_argument(
        "--template", required=True, metavar="NAME", help="template name or abbreviation"
    )
    announce.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="values",
        help="a template value, e.g. system=CRM (repeat)",
    )
    how = announce.add_mutually_exclusive_group()
    how.add_argument("--send", action="store_true", help="send by SMTP (settings smtp.*)")
    how.add_argument(
        "--mailto",
        action="store_true",
        help="print a mailto: link with everyone in Bcc, for your mail client",
    )
    how.add_argument("--eml", metavar="FOLDER", type=Path, help="save .eml drafts in FOLDER")
    announce.add_argument(
        "--bcc",
        action="store_true",
        help="one message with everyone in Bcc instead of one per person",
    )
    announce.add_argument("--dry-run", action="store_true", help="show what would be sent")
    announce.add_argument(
        "--force", action="store_true", help="send even if it exceeds announce.monthly_limit"
    )
    announce.add_argument(
        "--resume",
        type=record_id("an announcement"),
        metavar="ID",
        help="retry announcement ID: send only to those not reached yet",
    )
    announce.add_argument(
        "--back-up-at",
        metavar="WHEN",
        help="remind me at WHEN ('end' = the end value) to send the back-up "
        "notice to the same group",
    )
    announce.add_argument(
        "--back-up-template",
        default="System back up",
        metavar="NAME",
        help="the template the reminder is for (default: %(default)s)",
    )
    announce.add_argument(
        "--ca-file",
        type=Path,
        metavar="PEM",
        help="also trust this certificate authority (a company's own CA)",
    )
    announce.add_argument("--json", action="store_true")
    announce.set_defaults(handler=_announce)


def parse_values(pairs: list[str]) -> dict[str, str]:
    from itfriend.core.errors import ValidationError

    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationError(f"{quoted(pair)} is not KEY=VALUE (e.g. --set system=CRM)")
        values[key.strip()] = value
    return values


def smtp_password() -> str | None:
    """The SMTP password from the keyring (through ``platform.secrets``); asked for only when a
    connection logs in."""
    from itfriend.platform.secrets import SMTP_PASSWORD, SecretStore

    return SecretStore().get(SMTP_PASSWORD)


def _announce(args: argparse.Namespace, ctx: CliContext) -> int:
    services = ctx.services
    announcements = services.announcements
    values = parse_values(args.values)
    composition = announcements.compose(
        args.group, args.template, values, bcc=args.bcc or args.mailto
    )
    check = announcements.check_cadence(composition)
    preview_only = args.dry_run or not (args.send or args.mailto or args.eml)
    if args.json and preview_only:
        ctx.print_json([{**composition.to_json(), "cadence": check.to_json()}])
        return 0
    if preview_only:
        _print_preview(ctx, composition)
        if check.exceeded:
            ctx.print(f"Warning: {check.message()}")
        ctx.print("Nothing was sent (add --send, --mailto or --eml FOLDER to deliver).")
        return 0
    if check.exceeded and not args.force and args.resume is None:
        ctx.print(f"Not sent: {check.message()}. Add --force to send anyway.")
        return 1
    # The reminder moment is checked before anything is sent, so that a typo cannot stop the
    # command after the messages went out.
    back_up_at = _back_up_moment(args, ctx, values) if args.back_up_at else None
    report = _deliver(args, ctx, composition)
    if back_up_at is not None and report.state in ("sent", "partial", "prepared"):
        announcements.schedule_follow_up(report.announcement_id, back_up_at, args.back_up_template)
        if not args.json:
            ctx.print(
                f"Reminder set: send '{args.back_up_template}' to {composition.group_name} "
                f"on {back_up_at.astimezone():%a %Y-%m-%d %H:%M}"
            )
    if args.json:
        ctx.print_json([report.to_json()])
    else:
        _print_report(ctx, report)
    return 0 if report.state in ("sent", "prepared") else 1


def _deliver(args: argparse.Namespace, ctx: CliContext, composition: Composition) -> DeliveryReport:
    announcements = ctx.services.announcements
    if args.mailto:
        return announcements.prepare_mailto(composition, force=True)
    if args.eml:
        return announcements.save_eml(composition, args.eml, force=True)
    import ssl

    from itfriend.core.announcements import SmtpConfig, SmtpSender

    context = ssl.create_default_context()
    if args.ca_file:
        context.load_verify_locations(cafile=str(args.ca_file))
    config = SmtpConfig.from_settings(ctx.services.settings)
    with SmtpSender(config, smtp_password, ssl_context=context) as smtp:
        return announcements.send_smtp(composition, smtp, force=True, resume=args.resume)


def _back_up_moment(args: argparse.Namespace, ctx: CliContext, values: dict[str, str]) -> datetime:
    from itfriend.core.errors import ValidationError
    from itfriend.core.when import parse_moment

    when = args.back_up_at
    if when.strip().lower() == "end":
        if "end" not in values:
            raise ValidationError("--back-up-at end needs --set end=YYYY-MM-DD HH:MM")
        when = values["end"]
    now = ctx.services.clock.now()
    moment = parse_moment(when, now)
    if moment <= now:
        raise ValidationError(f"the back-up notice reminder ({when}) must be in the future")
    return moment


def _print_preview(ctx: CliContext, composition: Composition) -> None:
    recipients = composition.recipients
    ctx.print(
        f"To {composition.group_name}: {plural(len(recipients), 'recipient')}"
        + (" in Bcc" if composition.bcc else "")
    )
    for recipient in recipients:
        ctx.print(f"  {recipient.name} <{recipient.email}>")
    for person in composition.skipped:
        ctx.print(f"  skipped: {person.name} (no email address)")
    for message in composition.messages:
        to = ", ".join(r.name for r in message.recipients)
        ctx.print(f"--- to {to}" if not composition.bcc else "--- to everyone (Bcc)")
        ctx.print(f"Subject: {message.subject}")
        ctx.print()
        ctx.print(message.body)


def _print_report(ctx: CliContext, report: DeliveryReport) -> None:
    if report.url:
        ctx.print(report.url)
    for path in report.files:
        ctx.print(f"Saved {path}")
    verb = "Sent to" if report.delivery == "smtp" else "Prepared for"
    ctx.print(
        f"{verb} {plural(len(report.sent), 'recipient')} (announcement #{report.announcement_id}, "
        f"{report.state})"
    )
    if report.already_sent:
        ctx.print(f"Already sent before: {len(report.already_sent)}")
    for email, reason in report.failed:
        ctx.print(
            f"  refused: {email}: {reason}" if report.delivery == "smtp" else f"  {reason}: {email}"
        )
    for name in report.skipped:
        ctx.print(f"  skipped: {name} (no email address)")
    if report.error:
        ctx.print(f"Stopped: {report.error}")
    if report.pending:
        ctx.print(
            f"Not sent yet: {', '.join(report.pending)}; retry with --send "
            f"--resume {report.announcement_id}"
        )
