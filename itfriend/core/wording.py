"""Small wording helpers shared by the tray, the windows and the CLI, so that every count reads
"1 person", "2 people" the same way, never "2 person(s)"."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with its noun: ``plural(1, "visit")`` → "1 visit", ``plural(2, "visit")`` →
    "2 visits"; ``many`` names an irregular plural (``plural(3, "person", "people")``)."""
    return f"{count} {one if count == 1 else (many if many is not None else one + 's')}"
