"""Checked people held column by column, the form in which new people are inserted.

A list of one dict per person costs a dict to build, merge and take apart for every row; at
100,000 people that was a large part of an import. Held as columns (one list of values per field),
rows for the driver's ``executemany`` are zipped together in one pass, without a dict per person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from itfriend.core.person_fields import TEXT_FIELDS

# What a new person gets for a field the file leaves out: what PeopleService.add gives.
DEFAULTS: dict[str, Any] = {key: "" for key in TEXT_FIELDS} | {
    "email": None,
    "birthday": None,
    "cadence_days": None,
    "systems": None,
}


@dataclass
class PeopleColumns:
    """``count`` people: each field in ``values`` holds one value per person, in file order.

    A person without a value for a field holds that field's default there (``DEFAULTS``: "" for
    text, None otherwise); ``systems``, when present, holds a list of names or None per person.
    Fields nobody has may be left out of ``values`` altogether.
    """

    count: int
    values: dict[str, list[Any]]

    @classmethod
    def from_dicts(cls, people: Sequence[dict[str, Any]]) -> PeopleColumns:
        """The columns of cleaned people (``clean_fields`` results), defaults for missing keys."""
        keys = {key for person in people for key in person}
        values = {
            key: [person.get(key, DEFAULTS.get(key)) for person in people] for key in sorted(keys)
        }
        return cls(len(people), values)

    def select(self, keep: Sequence[bool]) -> PeopleColumns:
        """The people whose ``keep`` flag is true, in the same order."""
        values = {key: list(compress(column, keep)) for key, column in self.values.items()}
        return PeopleColumns(sum(keep), values)

    def fields_of(self, index: int) -> dict[str, Any]:
        """What the file says of one person: the fields holding a value other than "" or None.

        Only for columns made from a file's cells, where "" and None mean an empty cell (as the
        CSV fast path makes them); an update keeps what the file leaves empty.
        """
        fields = {key: column[index] for key, column in self.values.items()}
        return {key: value for key, value in fields.items() if value is not None and value != ""}
