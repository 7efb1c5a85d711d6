"""The table view of the People window: set up for 100,000 rows, selectable by person id."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from itfriend.ui.people.model import OVERDUE_COLOUR, PeopleTableModel

COLUMN_WIDTHS = (165, 130, 75)  # the last column (last contact) takes the rest
ROW_HEIGHT = 24


def overdue_icon() -> QIcon:
    """A small red dot: marks overdue people without shouting."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(OVERDUE_COLOUR)
    painter.drawEllipse(4, 4, 8, 8)
    painter.end()
    return QIcon(pixmap)


class PeopleTable(QTableView):
    """A read-only, row-selecting, sortable view of a ``PeopleTableModel``."""

    def __init__(self, model: PeopleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people_table")
        self.setModel(model)
        self.people = model
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        rows = self.verticalHeader()
        rows.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)

    def select_person(self, person_id: int, scroll: bool = True) -> bool:
        """Make this person's row current without announcing it; False if it is not shown."""
        row = self.people.row_of(person_id)
        selection = self.selectionModel()
        if row < 0:
            selection.clearSelection()
            return False
        index = self.people.index(row, 0)
        selection.blockSignals(True)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        selection.blockSignals(False)
        self.viewport().update()
        if scroll:
            self.scrollTo(index)
        return True
