"""People rows in display order with their search keys: what the People table filters and shows.

Plain Python, no Qt, so that it can be built on a pool thread: sorting 100,000 rows and making
their keys takes a few hundred milliseconds, which the GUI thread must not spend.

The keys are made after sorting, so that they lie in memory in the order a filter scans them:
scanning 100,000 strings scattered in memory by a sort costs several times more (in cache
misses) than scanning them in allocation order, and that is the difference between a smooth and
a sticky search box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from itfriend.core.people import PersonRow

NAME, DEPARTMENT, BUILDING, LAST_CONTACT = range(4)
# "Never" sorts as the longest time without contact.
_NEVER = 10**9

# Each column sorts by one value; ties keep name order because the sort is stable and always
# starts from the rows in name order.
_COLUMN_KEYS: dict[int, Callable[[PersonRow], Any]] = {
    DEPARTMENT: lambda r: r.department.lower(),
    BUILDING: lambda r: r.building.lower(),
    LAST_CONTACT: lambda r: _NEVER if r.days_since_contact is None else r.days_since_contact,
}


def search_key(row: PersonRow) -> str:
    """What the filter matches against: name, email, role, department and building."""
    return "\n".join((row.name, row.email or "", row.role, row.department, row.building)).lower()


@dataclass(frozen=True)
class PeopleIndex:
    """Rows in display order, their lowercase search keys, and each person's position."""

    rows: list[PersonRow]
    keys: list[str]
    position: dict[int, int]
    by_name: list[PersonRow]
    column: int
    descending: bool

    @classmethod
    def build(
        cls, rows: Sequence[PersonRow], column: int = NAME, descending: bool = False
    ) -> PeopleIndex:
        by_name = sorted(rows, key=lambda r: (r.name.lower(), r.id))
        return cls._ordered(by_name, column, descending)

    @classmethod
    def empty(cls) -> PeopleIndex:
        return cls([], [], {}, [], NAME, False)

    def sorted_by(self, column: int, descending: bool) -> PeopleIndex:
        """The same rows in another order."""
        return self._ordered(self.by_name, column, descending)

    @classmethod
    def _ordered(cls, by_name: list[PersonRow], column: int, descending: bool) -> PeopleIndex:
        if column == NAME or column not in _COLUMN_KEYS:
            column = NAME
            rows = by_name[::-1] if descending else list(by_name)
        else:
            rows = sorted(by_name, key=_COLUMN_KEYS[column], reverse=descending)
        keys = [search_key(row) for row in rows]
        position = {row.id: number for number, row in enumerate(rows)}
        return cls(rows, keys, position, by_name, column, descending)

    def matching(self, words: Sequence[str], among: Sequence[int] | None = None) -> list[int]:
        """Positions (ascending) whose key contains every word; ``among`` narrows the search."""
        keys = self.keys
        if among is None:
            first, *others = words
            found = [i for i, key in enumerate(keys) if first in key]
        else:
            found, others = list(among), list(words)
        for word in others:  # each pass only looks at what the last one kept
            found = [i for i in found if word in keys[i]]
        return found
