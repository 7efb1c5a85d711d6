"""What a person finder matches against: one label and one lowercase line per person.

Built off the GUI thread: for 100,000 people this costs more than a frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from itfriend.core.rows.people import PersonRow


@dataclass(frozen=True)
class Candidate:
    """A person as a finder lists them (``label``) and matches them (``text``, lowercase)."""

    id: int
    label: str
    text: str


def candidates_of(rows: Sequence[PersonRow]) -> list[Candidate]:
    """One candidate per person: "name email department" to match, "name — details" to show."""
    found = []
    for row in rows:
        details = " · ".join(part for part in (row.department, row.email or "") if part)
        label = f"{row.name} — {details}" if details else row.name
        text = " ".join((row.name, row.email or "", row.department)).lower()
        found.append(Candidate(row.id, label, text))
    return found
