"""Record ids as a technician types them (``12`` or ``#12``), checked once for every command.

SQLite keeps ids as signed 64-bit integers: a larger number cannot even be asked about (the
driver raises OverflowError), so it is refused here, as a mistake, before any query.
"""

from __future__ import annotations

import re

from itfriend.core.errors import UsageError

LARGEST_ID = 2**63 - 1

# ASCII digits only: "¹".isdigit() is true, but int("¹") fails.
_ID = re.compile(r"#?[0-9]+", re.ASCII)


def looks_like_id(text: str) -> bool:
    """Whether ``text`` is written as an id (digits, optionally after ``#``), in range or not."""
    return _ID.fullmatch(text.strip()) is not None


def parse_id(text: str, what: str = "an id") -> int:
    """The id ``text`` names; UsageError naming the mistake when it is not one."""
    ref = text.strip()
    if not looks_like_id(ref):
        raise UsageError(f"'{shown_text(ref)}' is not {what}: give a whole number such as 12")
    digits = ref.lstrip("#").lstrip("0") or "0"
    if len(digits) > len(str(LARGEST_ID)):  # int() refuses over 4,300 digits: no need to try
        raise UsageError(f"{shown_text(digits)} is not {what}: ids run from 1 to {LARGEST_ID}")
    return check_id(int(digits), what)


def check_id(value: int, what: str = "an id") -> int:
    """``value`` if it can be an id at all (1 to 2^63-1); else UsageError."""
    if not 1 <= value <= LARGEST_ID:
        raise UsageError(f"{value} is not {what}: ids run from 1 to {LARGEST_ID}")
    return value


def shown_text(text: str, longest: int = 40) -> str:
    """``text`` cut to ``longest`` characters, for a message that must stay one short line."""
    return text if len(text) <= longest else text[:longest] + "..."
