"""Imports checked contacts all or nothing: check, plan, write; and the report of what happened.

Every contact is checked with ``clean_fields`` before anything is written (``check_contacts``,
here), and a single bad one rejects the file. The checked people are then matched to those
itfriend knows (``matching.plan_import``) and the plan is written in one transaction, in bulk
(``writing.write_plan``). This module is the import's front: ``ImportPlan``, ``plan_import`` and
``write_plan`` are re-exported here, where callers have always found them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from itfriend.core.contacts_io.csv_text import SEPARATOR_NAMES
from itfriend.core.contacts_io.encodings import encoding_name
from itfriend.core.contacts_io.matching import ImportPlan as ImportPlan
from itfriend.core.contacts_io.matching import plan_import as plan_import
from itfriend.core.contacts_io.records import ParsedContact, capped
from itfriend.core.contacts_io.writing import write_plan as write_plan
from itfriend.core.errors import ImportFileError, ValidationError
from itfriend.core.person_fields import MAX_SYSTEM_NAME, clean_fields
from itfriend.core.wording import plural

MAX_EMAIL = 320  # the column's size, and RFC 5321's limit
MAX_PROBLEM = 200  # characters of a problem line


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    created: int
    updated: int
    dry_run: bool
    warnings: list[str] = field(default_factory=list)
    # How the file was read: the codec name (as --encoding takes it) and, for CSV, the separator.
    encoding: str = ""
    delimiter: str | None = None

    def summary(self) -> str:
        def people(n: int) -> str:
            return plural(n, "person", "people")

        if self.dry_run:
            text = (
                f"Dry run: would add {people(self.created)} and update {self.updated}; "
                "nothing was written."
            )
        else:
            text = f"Added {people(self.created)} and updated {self.updated}."
        if self.encoding:
            text += f" Read as {encoding_name(self.encoding)}"
            if self.delimiter:
                text += f", separated by {SEPARATOR_NAMES.get(self.delimiter, self.delimiter)}"
            text += "."
        if self.warnings:
            text += f" {plural(len(self.warnings), 'warning')}."
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "dry_run": self.dry_run,
            "warnings": list(self.warnings),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
        }


def check_contacts(contacts: Sequence[ParsedContact], file_name: str) -> list[dict[str, Any]]:
    """The cleaned fields of every contact; raise ImportFileError listing every bad one."""
    problems: list[str] = []
    cleaned_all: list[dict[str, Any]] = []
    first_seen: dict[str, ParsedContact] = {}
    for contact in contacts:
        fields = contact.fields
        try:
            # A contact without a name must fail as one, with clean_fields' own message.
            cleaned = clean_fields(fields if "name" in fields else {"name": "", **fields})
            email = cleaned.get("email")
            if email and len(email) > MAX_EMAIL:
                raise ValidationError(f"email is too long (at most {MAX_EMAIL} characters)")
            if "systems" in cleaned:
                _check_system_names(cleaned["systems"])
        except ValidationError as exc:
            problems.append(_shortened(f"{contact.where}: {exc}"))
            continue
        if email:
            if email in first_seen:
                problems.append(
                    f"{contact.where}: {email} is also on {first_seen[email].where} "
                    "(each person once per file)"
                )
                continue
            first_seen[email] = contact
        cleaned_all.append(cleaned)
    if problems:
        count = plural(len(problems), "bad entry", "bad entries")
        raise ImportFileError(
            f"{file_name} has {count}; nothing was imported. Fix these and import again:",
            capped(problems),
        )
    return cleaned_all


def _shortened(problem: str) -> str:
    """A problem as one readable line: a message quoting a value 5,000 characters long (a cadence
    of 5,000 digits) is cut, so the list stays a line per bad entry."""
    if len(problem) <= MAX_PROBLEM:
        return problem
    return problem[: MAX_PROBLEM - 25] + f"... ({len(problem):,} characters)"


def _check_system_names(names: list[str]) -> None:
    for name in names:
        if len(name) > MAX_SYSTEM_NAME:
            raise ValidationError(
                f"system name '{name[:30]}...' is too long (at most {MAX_SYSTEM_NAME} characters)"
            )
