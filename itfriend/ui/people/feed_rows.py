"""Refreshes the People table's rows that a write elsewhere changed (the change feed names them),
instead of reading 100,000 people again.

The changed people are read on a pool thread, and the new rows are merged into the table's index
there too (``PeopleIndex.patched``); the table then repaints those rows, or shows the merged index
when rows moved, came or went. A reload or sort that lands meanwhile makes the merge stale: it is
done again on the new index.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from itfriend.core.errors import NotFoundError

if TYPE_CHECKING:
    from itfriend.core.people import PeopleService, PersonRow
    from itfriend.core.people_search.index import PeopleIndex
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.people.model import PeopleTableModel

# More changed people than this at once (an import, a bulk edit): reading them all is cheaper.
MOST_ROWS = 200

Patch = tuple["PeopleIndex", "PeopleIndex", bool, frozenset[int]]


class PeopleRowRefresh(QObject):
    """Signals:
    applied(): the table shows the refreshed rows.
    """

    applied = Signal()

    def __init__(
        self,
        model: PeopleTableModel,
        people: PeopleService,
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._people = people
        self._tasks = tasks

    @staticmethod
    def worth_it(person_ids: Collection[int]) -> bool:
        """Whether refreshing these rows beats reading everyone again."""
        return len(person_ids) <= MOST_ROWS

    def refresh(self, person_ids: Collection[int]) -> None:
        if not person_ids:
            return
        ids = frozenset(person_ids)
        base = self._model.index_shown
        people = self._people

        def merge() -> Patch:
            changed, removed = _read_rows(people, ids)
            index, in_place = base.patched(changed, removed)
            return base, index, in_place, ids

        self._tasks.run(merge, self._apply)

    def _apply(self, patch: Patch) -> None:
        base, index, in_place, ids = patch
        if self._model.index_shown is not base:
            self.refresh(ids)  # the table was reloaded or sorted meanwhile: merge into that
            return
        self._model.patch(index, in_place, ids)
        self.applied.emit()


def _read_rows(people: PeopleService, ids: frozenset[int]) -> tuple[list[PersonRow], list[int]]:
    changed: list[PersonRow] = []
    removed: list[int] = []
    for person_id in sorted(ids):
        try:
            changed.append(people.row(person_id))
        except NotFoundError:
            removed.append(person_id)
    return changed, removed
