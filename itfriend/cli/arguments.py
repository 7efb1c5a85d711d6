"""Argument types shared by the commands, so that a value is checked the same way everywhere."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from itfriend.core.errors import UsageError
from itfriend.core.ids import parse_id


def record_id(what: str) -> Callable[[str], int]:
    """An argparse ``type`` for the id of ``what`` ("a follow-up"): a whole number in SQLite's
    range, else a usage error naming the mistake."""

    def parse(text: str) -> int:
        try:
            return parse_id(text, f"{what}'s id")
        except UsageError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse
