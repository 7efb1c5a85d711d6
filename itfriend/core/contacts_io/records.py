"""What every contacts reader produces, and the value clean-ups shared by the readers.

A reader (CSV, vCard, JSON) turns a file into ``ParsedContact`` items holding raw person fields
(strings, and a list for ``systems``). Empty values are left out, so that importing a file over
existing people changes only what the file says; the importer then validates with ``clean_fields``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from itfriend.core.quoting import quoted

# Exchange address-book entries exported by Outlook ("/o=ExchangeLabs/ou=.../cn=Recipients/...")
# are not email addresses; treating them as one would reject the whole file.
_EXCHANGE_DN = re.compile(r"^/o=", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T.*)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")  # Outlook (US): month/day/year
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # Outlook (Europe): day.month.year
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")  # vCard 4 / Google: a birthday without a year
# Outlook writes these for "no birthday".
_OUTLOOK_NO_DATE = {"0/0/00", "0/0/0000", "1/1/4501", "01/01/4501"}

# The fields of a person that a file can set, in the column order of our own export.
PERSON_COLUMNS = (
    "name",
    "preferred_name",
    "email",
    "phone",
    "role",
    "department",
    "building",
    "floor",
    "room",
    "systems",
    "notes",
    "personal_notes",
    "birthday",
    "cadence_days",
)


@dataclass
class ParsedContact:
    """One person read from a file, with where it came from (for error messages)."""

    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    label: str = ""

    @property
    def where(self) -> str:
        return self.label or f"line {self.line}"

    def put(self, key: str, value: Any) -> None:
        """Keep a value unless it is empty; the first non-empty value for a key wins."""
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", []) or key in self.fields:
            return
        self.fields[key] = value


def join_name(*parts: str) -> str:
    """A full name from its parts, ignoring empty ones."""
    return " ".join(" ".join(parts).split())


def first_email(value: str) -> str:
    """The address to keep from a cell that may hold several (Google joins them with ' ::: ').

    Exchange address-book entries are skipped: they are not email addresses.
    """
    if ":::" not in value and value[:1] != "/" and ":" not in value:
        return value.strip()  # the common case: one plain address
    for candidate in (v.strip() for v in value.split(":::")):
        if candidate.lower().startswith("mailto:"):
            candidate = candidate[7:]
        if candidate and not is_exchange_address(candidate):
            return candidate
    return ""


def is_exchange_address(value: str) -> bool:
    """An Outlook/Exchange directory entry ("/o=ExchangeLabs/ou=.../cn=...")."""
    return bool(_EXCHANGE_DN.match(value.strip()))


def first_value(value: str) -> str:
    """The first of several values Google joins with ' ::: ' in one cell."""
    return value.split(":::")[0].strip()


def normalise_birthday(value: str, where: str, warnings: list[str]) -> str:
    """A birthday as YYYY-MM-DD, or "" if there is none; unknown shapes pass through unchanged.

    Passing an unknown shape through lets ``clean_fields`` reject the row with its usual message.
    A birthday without a year cannot be stored as a date, so it is skipped with a warning.
    """
    text = value.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text  # already YYYY-MM-DD, the common case; clean_fields checks it is a real date
    if not text or text in _OUTLOOK_NO_DATE:
        return ""
    for pattern, order in ((_ISO, "ymd"), (_BASIC, "ymd"), (_SLASHED, "mdy"), (_DOTTED, "dmy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            year = parts["y"]
            if len(year) == 2:
                year = ("19" if int(year) > 30 else "20") + year
            iso = f"{int(year):04d}-{int(parts['m']):02d}-{int(parts['d']):02d}"
            try:
                date.fromisoformat(iso)
            except ValueError:
                return text  # not a real day: clean_fields reports it as the file wrote it
            return iso
    if _NO_YEAR.match(text):
        warnings.append(
            f"{where}: birthday {quoted(text)} has no year; the birthday was not imported"
        )
        return ""
    return text


def split_systems(value: str, separator: str = ";") -> list[str]:
    """System names from one cell, e.g. "SAP; Jira; VPN"."""
    return [name.strip() for name in value.split(separator) if name.strip()]


MAX_PROBLEMS_SHOWN = 50


def capped(problems: list[str]) -> list[str]:
    """The first problems of a long list, and how many more there are."""
    if len(problems) <= MAX_PROBLEMS_SHOWN:
        return problems
    return [*problems[:MAX_PROBLEMS_SHOWN], f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more"]
