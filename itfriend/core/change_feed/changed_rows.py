"""What one read of the change feed changed, by table: the ids of the rows, or "all of it".

Readers refresh what this names and nothing else: the People window re-reads the people whose
ids are here instead of 100,000 (a coarse change, row id None, means "reload the table").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from itfriend.core.change_feed.feed import Change


@dataclass(frozen=True)
class ChangedRows:
    """Changed row ids by table; a table in ``whole`` changed in ways the ids do not say.
    ``everything`` is set after :class:`~itfriend.core.change_feed.feed.ReloadAll`."""

    ids: dict[str, frozenset[int]] = field(default_factory=dict)
    whole: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def from_changes(cls, changes: Iterable[Change]) -> ChangedRows:
        ids: dict[str, set[int]] = {}
        whole: set[str] = set()
        for change in changes:
            if change.row_id is None:
                whole.add(change.table)
            else:
                ids.setdefault(change.table, set()).add(change.row_id)
        return cls({table: frozenset(rows) for table, rows in ids.items()}, frozenset(whole))

    @classmethod
    def all_tables(cls) -> ChangedRows:
        return cls(everything=True)

    def touches(self, table: str) -> bool:
        return self.everything or table in self.whole or table in self.ids

    def rows_of(self, table: str) -> frozenset[int] | None:
        """The changed ids of ``table`` (empty: it did not change), or None: reload it whole."""
        if self.everything or table in self.whole:
            return None
        return self.ids.get(table, frozenset())
