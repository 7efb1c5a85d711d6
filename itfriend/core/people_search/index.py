"""People rows in display order with their search keys: what the People table filters and shows.

Plain Python, no Qt, so that it can be built on a pool thread: sorting 100,000 rows and making
their keys takes a few hundred milliseconds, which the GUI thread must not spend.

The keys are made after sorting, so that they lie in memory in the order a filter scans them:
scanning 100,000 strings scattered in memory by a sort costs several times more (in cache
misses) than scanning them in allocation order, and that is the difference between a smooth and
a sticky search box.

For the same reason each index also lists, for every character in the keys, the positions whose
key holds it: the first letter typed matches most of 100,000 people, and answering it from that
list costs nothing, where scanning every key costs about as much as repainting the table.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from itertools import compress, repeat
from operator import contains
from typing import Any

from itfriend.core.people import PersonRow

NAME, DEPARTMENT, BUILDING, LAST_CONTACT = range(4)
# "Never" sorts as the longest time without contact.
_NEVER = 10**9
# Characters most keys are made of; any other character is found by a cheaper route (see
# ``char_positions``). Whitespace is left out: a typed word never holds any.
_COMMON = "abcdefghijklmnopqrstuvwxyz0123456789.@-_'"

# Each column sorts by one value; ties keep name order because the sort is stable and always
# starts from the rows in name order.
_COLUMN_KEYS: dict[int, Callable[[PersonRow], Any]] = {
    DEPARTMENT: lambda r: r.department.lower(),
    BUILDING: lambda r: r.building.lower(),
    LAST_CONTACT: lambda r: _NEVER if r.days_since_contact is None else r.days_since_contact,
}


def _name_key(row: PersonRow) -> tuple[str, int]:
    return (row.name.lower(), row.id)


def search_key(row: PersonRow) -> str:
    """What the filter matches against: name, email, role, department and building."""
    return "\n".join((row.name, row.email or "", row.role, row.department, row.building)).lower()


def char_positions(keys: Sequence[str]) -> dict[str, Sequence[int]]:
    """For each non-blank character found in ``keys``, the ascending positions of the keys
    holding it; a character missing from the result is in no key.

    The loops run in C (``map``/``compress``): about 8 ms per character for 100,000 keys. A
    character in every key gets a ``range``, which costs no memory.
    """
    joined = "".join(keys)
    # Removing ASCII bytes never splits a UTF-8 sequence, so what is left decodes to the rare
    # characters; the common ones are looked up one by one (memchr).
    rare = joined.encode().translate(None, _COMMON.encode()).decode()
    found = {c for c in _COMMON if c in joined} | {c for c in set(rare) if not c.isspace()}
    everyone = range(len(keys))
    table: dict[str, Sequence[int]] = {}
    for char in sorted(found):
        rows = array("i", compress(everyone, map(contains, keys, repeat(char))))
        table[char] = everyone if len(rows) == len(keys) else rows
    return table


@dataclass(frozen=True)
class PeopleIndex:
    """Rows in display order, their lowercase search keys, each person's position, and the
    positions holding each character (``char_positions``)."""

    rows: list[PersonRow]
    keys: list[str]
    position: dict[int, int]
    by_name: list[PersonRow]
    column: int
    descending: bool
    by_char: dict[str, Sequence[int]]

    @classmethod
    def build(
        cls, rows: Sequence[PersonRow], column: int = NAME, descending: bool = False
    ) -> PeopleIndex:
        by_name = sorted(rows, key=_name_key)
        return cls._ordered(by_name, column, descending)

    @classmethod
    def empty(cls) -> PeopleIndex:
        return cls([], [], {}, [], NAME, False, {})

    def sorted_by(self, column: int, descending: bool) -> PeopleIndex:
        """The same rows in another order."""
        return self._ordered(self.by_name, column, descending)

    def patched(
        self, changed: Sequence[PersonRow], removed: Collection[int] = ()
    ) -> tuple[PeopleIndex, bool]:
        """This index with ``changed`` rows replaced or added and ``removed`` ids left out
        (what the change feed says changed), and whether every row kept its place.

        When each changed row keeps its place and its search key (a logged contact, with the
        table sorted by name), the new index shares everything but the two row lists, which
        are copied (the old index may be in use on another thread), and costs next to nothing.
        Otherwise the rows are ordered again: no database read, but the keys and the character
        table are rebuilt (a few hundred milliseconds for 100,000 people: call it off the GUI
        thread).
        """
        if not removed and all(self._keeps_place(row) for row in changed):
            rows, by_name = list(self.rows), list(self.by_name)
            for row in changed:
                old = rows[self.position[row.id]]
                rows[self.position[row.id]] = row
                by_name[bisect_left(by_name, _name_key(old), key=_name_key)] = row
            return replace(self, rows=rows, by_name=by_name), True
        gone = {row.id for row in changed}.union(removed)
        kept = [row for row in self.by_name if row.id not in gone]
        # Nearly sorted already: the sort merges the few new rows in (linear time).
        by_name = sorted([*kept, *changed], key=_name_key)
        return self._ordered(by_name, self.column, self.descending), False

    def _keeps_place(self, row: PersonRow) -> bool:
        place = self.position.get(row.id)
        if place is None:
            return False
        old = self.rows[place]
        if _name_key(row) != _name_key(old) or search_key(row) != self.keys[place]:
            return False
        sort_key = _COLUMN_KEYS.get(self.column)
        return sort_key is None or sort_key(row) == sort_key(old)

    @classmethod
    def _ordered(cls, by_name: list[PersonRow], column: int, descending: bool) -> PeopleIndex:
        if column == NAME or column not in _COLUMN_KEYS:
            column = NAME
            rows = by_name[::-1] if descending else list(by_name)
        else:
            rows = sorted(by_name, key=_COLUMN_KEYS[column], reverse=descending)
        keys = [search_key(row) for row in rows]
        position = {row.id: number for number, row in enumerate(rows)}
        return cls(rows, keys, position, by_name, column, descending, char_positions(keys))

    def matching(self, words: Sequence[str], among: Sequence[int] | None = None) -> Sequence[int]:
        """Positions (ascending) whose key contains every word, taken from ``among`` if given.

        Without ``among`` the search starts from a one-letter word's positions if there is one,
        else scans every key. The result may be shared with the index: do not change it.
        """
        unique = sorted(set(words), key=len, reverse=True)
        # A word inside another typed word matches wherever that one does; the longest words
        # go first because they keep the fewest positions for the next pass.
        checks = [w for n, w in enumerate(unique) if not any(w in o for o in unique[:n])]
        keys = self.keys
        found: Sequence[int]
        if among is not None:
            found = among
        else:
            singles = [w for w in checks if len(w) == 1]
            if singles:
                first = min(singles, key=lambda w: len(self.by_char.get(w, ())))
                found = self.by_char.get(first, ())
            else:
                first = checks[0]
                found = [i for i, key in enumerate(keys) if first in key]
            checks.remove(first)
        for word in checks:  # each pass only looks at what the last one kept
            found = [i for i in found if word in keys[i]]
        return found
