"""``itfriend secret set|delete|check NAME``: passwords kept in the keyring, e.g. ``smtp``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itfriend.cli.context import CliContext
from itfriend.core.errors import ValidationError

LONGEST_SECRET = 4096  # passwords and tokens are far shorter


def register(commands: Any) -> None:
    secret = commands.add_parser("secret", help="passwords kept in your keyring (e.g. smtp)")
    sub = secret.add_subparsers(dest="secret_command", metavar="ACTION", required=True)
    put = sub.add_parser("set", help="store a secret read from standard input or a prompt")
    put.add_argument("name")
    put.set_defaults(handler=_set)
    delete = sub.add_parser("delete", help="remove a stored secret")
    delete.add_argument("name")
    delete.set_defaults(handler=_delete)
    check = sub.add_parser("check", help="say whether a secret is stored (never shows it)")
    check.add_argument("name")
    check.set_defaults(handler=_check)


def _store() -> Any:
    from itfriend.platform.secrets import SecretStore

    return SecretStore()


def _read_secret(name: str) -> str:
    if sys.stdin.isatty():
        import getpass

        value = getpass.getpass(f"Secret for {name}: ")
    else:
        # Piped in: one line, without its line ending (printf or echo both work); read no
        # further than a secret can be long, so that /dev/zero cannot fill the memory.
        value = sys.stdin.readline(LONGEST_SECRET + 1).rstrip("\r\n")
    if len(value) > LONGEST_SECRET:
        raise ValidationError(
            f"the secret for {name!r} is over {LONGEST_SECRET:,} characters: nothing was stored."
        )
    if not value:
        raise ValidationError(f"No secret given for {name!r}: nothing was stored.")
    return value


def _set(args: argparse.Namespace, ctx: CliContext) -> int:
    value = _read_secret(args.name)
    _store().set(args.name, value)
    ctx.print(f"Secret {args.name!r} stored in the keyring.")
    return 0


def _delete(args: argparse.Namespace, ctx: CliContext) -> int:
    if _store().delete(args.name):
        ctx.print(f"Secret {args.name!r} removed from the keyring.")
        return 0
    ctx.print(f"No secret {args.name!r} is stored.")
    return 1


def _check(args: argparse.Namespace, ctx: CliContext) -> int:
    if _store().get(args.name) is not None:
        ctx.print(f"Secret {args.name!r} is stored in the keyring.")
        return 0
    ctx.print(f"No secret {args.name!r} is stored.")
    return 1
