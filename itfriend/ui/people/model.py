"""The table model of the People window: all rows kept in a Python list, filtered in Python.

With 100,000 people a QSortFilterProxyModel calls back into Python for every row on every
keystroke; here each row carries a precomputed lowercase search key, a keystroke is one list
comprehension over plain strings, and the view is reset once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap

from itfriend.core.people import PersonRow
from itfriend.core.people_search.index import BUILDING, DEPARTMENT, LAST_CONTACT, NAME, PeopleIndex

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Name", "Department", "Building", "Last contact")
OVERDUE_COLOUR = QColor("#b3261e")
# Roles as plain ints: comparing the enum members costs more than the rest of ``data``.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_SERVED = frozenset((_DISPLAY, _DECORATION, _FOREGROUND, int(Qt.ItemDataRole.ToolTipRole)))
# Sorting 100,000 rows takes a few hundred milliseconds: too long for the GUI thread.
SORT_IN_BACKGROUND_ABOVE = 5_000


def days_ago_text(days: int | None) -> str:
    """How long ago a contact was, as people say it: "today", "yesterday", "12 days ago"."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def overdue_tooltip(row: PersonRow, default_cadence: int | None = None) -> str:
    cadence = row.cadence_days or default_cadence
    every = f" (every {cadence} days)" if cadence else ""
    if row.days_since_contact is None:
        return f"Overdue: never contacted{every}"
    return f"Overdue: last contact {days_ago_text(row.days_since_contact)}{every}"


class PeopleTableModel(QAbstractTableModel):
    """People rows for a QTableView, with Python-side filtering and sorting.

    The rows live in a ``PeopleIndex`` (display order plus search keys, built off the GUI
    thread by whoever loads them); the rows shown are a list of positions into it, ascending.
    """

    def __init__(self, overdue_icon: QIcon | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._index = PeopleIndex.empty()
        self._sort_wanted = (NAME, False)
        # Called as (index, column, descending) to sort a big list off the GUI thread; the
        # result comes back through ``set_index``.
        self.background_sorter: Callable[[PeopleIndex, int, bool], None] | None = None
        self._visible: Sequence[int] = range(0)
        self._filter = ""
        self._overdue_icon = overdue_icon or QIcon()
        self._blank_icon = _blank_icon()
        self._overdue_brush = QBrush(OVERDUE_COLOUR)
        self.default_cadence: int | None = None
        self._days_texts: dict[int | None, str] = {}

    # --- data in ---------------------------------------------------------------------------

    @property
    def sort_column(self) -> int:
        return self._sort_wanted[0]

    @property
    def sort_descending(self) -> bool:
        return self._sort_wanted[1]

    def set_rows(self, rows: Sequence[PersonRow]) -> None:
        """Replace every row, sorting them here (for small lists; see ``set_index``)."""
        self.set_index(PeopleIndex.build(rows, self.sort_column, self.sort_descending))

    def set_index(self, index: PeopleIndex) -> None:
        """Show these rows (built on a pool thread), keeping the filter and the wanted sort."""
        if (index.column, index.descending) != self._sort_wanted:
            if self._sorts_in_background(index):
                self.background_sorter(index, *self._sort_wanted)  # type: ignore[misc]
            else:
                index = index.sorted_by(*self._sort_wanted)
        self.beginResetModel()
        self._index = index
        self._apply(self._filter, narrowing=False)
        self.endResetModel()

    @property
    def index_shown(self) -> PeopleIndex:
        """The rows shown now (filtered or not): the base of a ``patch``."""
        return self._index

    def patch(self, index: PeopleIndex, in_place: bool, changed_ids: Iterable[int]) -> None:
        """Show ``index``, made by ``PeopleIndex.patched`` from ``index_shown``. In place, only
        the changed rows' cells are repainted (the view keeps its selection and scrolling);
        otherwise the rows are shown anew as by ``set_index``."""
        if not in_place:
            self.set_index(index)
            return
        self._index = index
        last_column = len(COLUMNS) - 1
        for person_id in changed_ids:
            row = self.row_of(person_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def set_filter(self, text: str) -> None:
        """Show only rows whose search key contains every word of ``text``."""
        wanted = text.strip().lower()
        if wanted == self._filter:
            return
        # Typing one more letter only narrows the match: search the rows shown, not all of them.
        narrowing = bool(self._filter) and wanted.startswith(self._filter)
        self.beginResetModel()
        self._apply(wanted, narrowing)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; a big list is sorted by ``background_sorter`` if one is set."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_wanted = (column, order == Qt.SortOrder.DescendingOrder)
        if self._sorts_in_background(self._index):
            self.background_sorter(self._index, *self._sort_wanted)  # type: ignore[misc]
        else:
            self.set_index(self._index.sorted_by(*self._sort_wanted))

    def _sorts_in_background(self, index: PeopleIndex) -> bool:
        return self.background_sorter is not None and len(index.rows) > SORT_IN_BACKGROUND_ABOVE

    # --- data out --------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter

    def total_count(self) -> int:
        return len(self._index.rows)

    def person_at(self, row: int) -> PersonRow | None:
        return self._index.rows[self._visible[row]] if 0 <= row < len(self._visible) else None

    def row_of(self, person_id: int) -> int:
        """The visible row of a person, or -1."""
        position = self._index.position.get(person_id)
        if position is None:
            return -1
        row = bisect_left(self._visible, position)
        return row if row < len(self._visible) and self._visible[row] == position else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # The view asks for seven roles per cell on every repaint (~700 calls): roles not served
        # return first, and nothing here builds a string.
        if role not in _SERVED or not index.isValid():
            return None
        person = self._index.rows[self._visible[index.row()]]
        column = index.column()
        if role == _DISPLAY:
            if column == NAME:
                return person.name
            if column == DEPARTMENT:
                return person.department
            if column == BUILDING:
                return person.building
            return self._days_text(person.days_since_contact)
        if role == _DECORATION:
            if column != NAME:
                return None
            # Everyone gets an icon (most an empty one) so that the names line up.
            return self._overdue_icon if person.overdue else self._blank_icon
        if not person.overdue:
            return None
        if role == _FOREGROUND:
            return self._overdue_brush if column == LAST_CONTACT else None
        return overdue_tooltip(person, self.default_cadence)  # the tooltip role

    def _days_text(self, days: int | None) -> str:
        """``days_ago_text``, made once per distinct value (a few hundred for everyone)."""
        text = self._days_texts.get(days)
        if text is None:
            text = self._days_texts[days] = days_ago_text(days)
        return text

    # --- internals -------------------------------------------------------------------------

    def _apply(self, wanted: str, narrowing: bool) -> None:
        """Set the visible positions for this filter; the caller resets the model around it.

        When narrowing, the rows shown already hold every word of the last filter: only the
        words that are new (or grew) are looked for among them.
        """
        words = wanted.split()
        if not words:
            self._visible = range(len(self._index.rows))
        elif narrowing:
            known = set(self._filter.split())
            new = [word for word in words if word not in known]
            if new:
                self._visible = self._index.matching(new, self._visible)
        else:
            self._visible = self._index.matching(words)
        self._filter = wanted


def _blank_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)
