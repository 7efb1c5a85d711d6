"""The People window: a searchable, sortable table of everyone, and a detail pane to edit them.

The list is read on a pool thread (``TaskRunner``) so that 100,000 people never freeze the tray;
filtering happens in Python on the loaded rows (see ``people.model``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.people_search.index import PeopleIndex
from itfriend.core.services import Services
from itfriend.core.wording import plural
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.timers import NamedTimer, OneAtATime
from itfriend.ui.common.tool_window import ToolWindow
from itfriend.ui.log.dialog import LogContactDialog
from itfriend.ui.people.detail import PersonDetail
from itfriend.ui.people.feed_rows import PeopleRowRefresh
from itfriend.ui.people.files import PeopleFileActions
from itfriend.ui.people.model import PeopleTableModel
from itfriend.ui.people.table import PeopleTable, overdue_icon

FILTER_DELAY_MS = 80


class PeopleWindow(ToolWindow):
    """Everyone you support, with search, sorting, editing, import and export.

    Signals:
    loaded(): the table was (re)filled from the database.
    """

    loaded = Signal()

    def __init__(self, services: Services, events: DataEvents, parent: QWidget | None = None):
        super().__init__(services, events, "the People window", parent)
        self.setWindowTitle("People — itfriend")
        self.resize(1100, 650)
        self._loads = OneAtATime(self._start_load)
        self._pending_person: int | None = None
        self.log_dialog: LogContactDialog | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("people_search")
        self.search.setPlaceholderText("Search name, email, role, department or building…")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("people_count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._count_width = -1
        self.add_button = QPushButton("Add", self)
        self.delete_button = QPushButton("Delete", self)
        self.import_button = QPushButton("Import…", self)
        self.export_button = QPushButton("Export…", self)

        self.model = PeopleTableModel(overdue_icon(), self)
        self.model.default_cadence = services.people.default_cadence
        self.model.background_sorter = self._sort_in_background
        self.table = PeopleTable(self.model, self)

        self.detail = PersonDetail(services, events, self)
        self.feed_rows = PeopleRowRefresh(self.model, services.people, self.tasks, self)
        self.feed_rows.applied.connect(self._rows_refreshed)
        self.files = PeopleFileActions(services, self.writes, self)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        for button in (self.add_button, self.delete_button, self.import_button, self.export_button):
            top.addWidget(button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([500, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.status.hide()

        self._filter_timer = NamedTimer(
            "people_filter_timer", FILTER_DELAY_MS, self._apply_filter, self
        )
        self.search.textChanged.connect(lambda _text: self._filter_timer.start())
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.add_button.clicked.connect(self.add_person)
        self.delete_button.clicked.connect(self.delete_person)
        self.import_button.clicked.connect(self.files.import_file)
        self.export_button.clicked.connect(self.files.export_file)
        self.detail.saved.connect(self._select_after_reload)
        self.detail.log_requested.connect(self.open_log_dialog)
        self.detail.missing.connect(
            lambda person_id: self.status.say(f"There is no person #{person_id}.")
        )
        events.people_changed.connect(self._people_changed)
        events.contacts_changed.connect(self._contacts_changed)
        events.follow_ups_changed.connect(self.detail.refresh_activity)
        self._update_buttons()
        self.reload()

    # --- loading -----------------------------------------------------------------------------

    @property
    def _loading(self) -> bool:
        return self._loads.running

    def reload(self) -> None:
        """Read every person again on a pool thread; the table keeps its filter and sort."""
        if self.tasks.closed:
            return  # closed (e.g. replaced after a restore): a late change signal reads nothing
        self._loads.request()

    def _start_load(self) -> None:
        self.count.setText("Loading…")
        people = self._services.people
        column, descending = self.model.sort_column, self.model.sort_descending
        self.tasks.run(
            lambda: PeopleIndex.build(people.list(), column, descending),
            self._loaded,
            self._load_failed,
        )

    def _loaded(self, index: PeopleIndex) -> None:
        current = self._pending_person or self.detail.person_id
        self.model.set_index(index)
        self._pending_person = None
        self._update_count()
        if current is not None:
            self._show_row_of(current)
        if not self._loads.finished():
            self.loaded.emit()

    def _sort_in_background(self, index: PeopleIndex, column: int, descending: bool) -> None:
        self.tasks.run(lambda: index.sorted_by(column, descending), self._sorted)

    def _sorted(self, index: PeopleIndex) -> None:
        if (index.column, index.descending) != (self.model.sort_column, self.model.sort_descending):
            return  # another header was clicked meanwhile; its sort is on the way
        self.model.set_index(index)
        if self.detail.person_id is not None:
            self._show_row_of(self.detail.person_id)

    def _load_failed(self, exc: BaseException) -> None:
        self.count.setText("Could not load")
        self.show_error(f"The people could not be read: {error_text(exc, 'reading the people')}")
        self._loads.finished()

    def _people_changed(self) -> None:
        # From the change feed (a write anywhere), the rows it names; from a window, everyone.
        if self.tasks.closed:
            return  # closed (e.g. replaced after a restore): nothing to refresh
        feed = self._events.feed_rows
        ids = feed.rows_of("people") if feed is not None else None
        if ids is not None and self.feed_rows.worth_it(ids):
            self.feed_rows.refresh(ids)
            if self.detail.person_id in ids:
                self.detail.refresh_activity()
        else:
            self.reload()

    def _rows_refreshed(self) -> None:
        self._update_count()
        shown = self.detail.person_id
        if shown is not None and shown not in self.model.index_shown.position:
            self.detail.show_person(None)  # removed elsewhere: nothing left to edit
            self._update_buttons()
        elif shown is not None:
            self._show_row_of(shown, scroll=False)

    def _contacts_changed(self) -> None:
        # The feed names the people whose last contact moved with the contact (their rows come
        # with people_changed); a window's own write says only that contacts changed.
        if self.tasks.closed:
            return
        if self._events.feed_rows is None:
            self.reload()
        self.detail.refresh_activity()

    # --- searching and selecting -------------------------------------------------------------

    def _apply_filter(self) -> None:
        current = self.detail.person_id
        self.model.set_filter(self.search.text())
        self._update_count()
        if current is not None:
            self._show_row_of(current, scroll=True)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        everyone = plural(total, "person", "people")
        self._fit_count(f"{total} of {everyone}")
        self.count.setText(everyone if shown == total else f"{shown} of {everyone}")

    def _fit_count(self, widest: str) -> None:
        """Give the count label a fixed size that fits its widest text for this total.

        A label whose size changes asks its window for a new layout; typing would then move the
        search box and repaint the top bar on every keystroke. A fixed size asks for nothing.
        """
        metrics = self.count.fontMetrics()
        texts = (widest, "Loading…", "Could not load")
        margins = self.count.contentsMargins()
        width = max(map(metrics.horizontalAdvance, texts)) + margins.left() + margins.right() + 4
        if width != self._count_width:
            self._count_width = width
            self.count.setFixedSize(width, self.count.sizeHint().height())

    def show_person(self, person_id: int) -> None:
        """Show this person: select them in the table (clearing a search that hides them)."""
        self.detail.show_person(person_id)
        if self._loading:
            self._pending_person = person_id
            return
        if self.model.row_of(person_id) < 0 and self.model.filter_text:
            self.search.clear()
            self._apply_filter()
        self._show_row_of(person_id)

    def _show_row_of(self, person_id: int, scroll: bool = True) -> None:
        self.table.select_person(person_id, scroll)
        self._update_buttons()

    def _select_after_reload(self, person_id: int) -> None:
        self._pending_person = person_id

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        person = self.model.person_at(current.row())
        if person is not None and person.id != self.detail.person_id:
            self.detail.show_person(person.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.detail.person_id is not None)

    def open_log_dialog(self, person_id: int) -> LogContactDialog:
        """Log a contact with this person (the window refreshes on ``contacts_changed``)."""
        if self.log_dialog is not None:
            self.log_dialog.close()
        self.log_dialog = LogContactDialog(self._services, self._events, self, person_id)
        self.log_dialog.show()
        return self.log_dialog

    # --- add and delete ----------------------------------------------------------------------

    def add_person(self) -> None:
        self.table.selectionModel().clearSelection()
        self.detail.show_person(None)
        self._update_buttons()
        self.detail.form.lines["name"].setFocus()

    def delete_person(self) -> None:
        person_id = self.detail.person_id
        if person_id is None:
            return
        name = self.detail.title.text()
        question = f"Delete {name} with their whole history and follow-ups?\nThis cannot be undone."
        if not self.ask("Delete person", question):
            return
        people = self._services.people
        self.write(
            lambda: people.remove(person_id),
            [Change.PEOPLE, Change.FOLLOW_UPS],
            lambda _removed: self._removed(person_id),
        )

    def _removed(self, person_id: int) -> None:
        if self.detail.person_id == person_id:
            self.detail.show_person(None)
        self._update_buttons()

    # --- lifetime ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the filter timer and the worker threads (at app exit, and after each test)."""
        self._filter_timer.stop()
        if self.log_dialog is not None:
            self.log_dialog.close()
        self.detail.stop()
        super().shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing only hides the window: the app keeps running in the tray.
        self._filter_timer.stop()
        super().closeEvent(event)
