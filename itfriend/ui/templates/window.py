"""The Templates window: list and search the templates, edit one with a live preview, create,
duplicate, delete (after asking), import and export files in the documented format.

The file dialogs and the delete question are attributes (``choose_import_path``,
``choose_export_path``, ``confirm``) so that tests can answer them without a modal dialog.

Everything that reads or writes the templates runs on a pool thread, one task at a time, through
the write path. Saving, duplicating and importing each fill the template in for a sample person
first (a hostile file is refused then), which a template may make take until the render limits
stop it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.errors import ItfriendError, ValidationError
from itfriend.core.services import Services
from itfriend.core.templates import TemplateRecord
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import DataEvents
from itfriend.ui.common.timers import Latest
from itfriend.ui.common.tool_window import ToolWindow
from itfriend.ui.templates.editor import TemplateEditor, draft_problems

FILE_FILTER = "Template files (*.md *.txt);;All files (*)"


class TemplatesWindow(ToolWindow):
    """Signals:
    saved(str): a template was saved (or imported, duplicated) under this name.
    listed(): the list shows the templates matching the search.
    """

    saved = Signal(str)
    listed = Signal()

    def __init__(
        self, services: Services, events: DataEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, events, "the Templates window", parent, max_threads=1)
        self.setWindowTitle("Templates — itfriend")
        self.resize(980, 620)
        self._templates = services.templates
        self._lists = Latest()
        self._select_next: str | None = None
        self._after_listing: list[Callable[[], None]] = []
        self._busy_with: str | None = None  # a save, duplicate, import or delete on its way
        self.original_name: str | None = None  # None: the editor holds a new template
        self.choose_import_path: Callable[[], Path | None] = self._ask_import_path
        self.choose_export_path: Callable[[str], Path | None] = self._ask_export_path
        self.confirm: Callable[[str], bool] = self._ask_confirmation

        self.search = QLineEdit(self)
        self.search.setObjectName("templates_search")
        self.search.setPlaceholderText("Search name, category, abbreviation, text…")
        self.list = QListWidget(self)
        self.list.setObjectName("templates_list")
        self.editor = TemplateEditor(services.settings, services.clock, self)
        self.status.setObjectName("templates_status")
        buttons = QHBoxLayout()
        actions = (
            ("&New", "Ctrl+N", self.new_template),
            ("&Duplicate", "Ctrl+D", self.duplicate),
            ("Delete…", "Del", self.delete),
            ("&Import…", "Ctrl+O", self.import_file),
            ("&Export…", "Ctrl+E", self.export_file),
            ("&Save", "Ctrl+S", self.save),
        )
        self.buttons: dict[str, QPushButton] = {}
        for label, keys, slot in actions:
            button = QPushButton(label, self)
            button.setToolTip(keys)
            button.clicked.connect(slot)
            self.buttons[label.replace("&", "").rstrip("…").lower()] = button
            buttons.addWidget(button)
            if keys != "Del":  # Del would delete while editing text; the button asks anyway
                QShortcut(QKeySequence(keys), self, slot)
        buttons.insertStretch(5, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list, 1)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.search.textChanged.connect(lambda _text: self.reload())
        events.templates_changed.connect(self.reload)  # written elsewhere (the change feed)
        self.list.currentItemChanged.connect(self._selected)
        self.reload(then=self._select_first)

    # --- the list ----------------------------------------------------------------------------

    def reload(self, select: str | None = None, then: Callable[[], None] | None = None) -> None:
        """Read the templates matching the search (off the GUI thread); keep (or move to)
        ``select``, then call ``then``.

        Only the newest list is shown (typing searches on each key); what an older reload was
        asked to do afterwards is done after the newest one, so that no save goes unreported.
        """
        if select is not None:
            self._select_next = select
        if then is not None:
            self._after_listing.append(then)
        templates, search = self._templates, self.search.text()
        self.read(lambda: templates.list(search), self._lists.only_latest(self._listed))

    def _listed(self, records: list[TemplateRecord]) -> None:
        wanted = self._select_next or self.original_name
        self._select_next = None
        self.list.blockSignals(True)
        self.list.clear()
        for record in records:
            item = QListWidgetItem(record.name)
            item.setData(Qt.ItemDataRole.UserRole, record)
            item.setToolTip(" · ".join(p for p in (record.category, record.abbreviation) if p))
            self.list.addItem(item)
            if record.name == wanted:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        after, self._after_listing = self._after_listing, []
        for then in after:
            then()
        self.listed.emit()

    def _select_first(self) -> None:
        if self.list.count():
            self.select_template(self.list.item(0).text())
        else:
            self.new_template()

    def names(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        record: TemplateRecord = item.data(Qt.ItemDataRole.UserRole)
        self.original_name = record.name
        self.editor.load(record)
        self.status.clear()

    def select_template(self, name: str) -> None:
        """Show the template ``name`` in the editor (if the search lists it)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.text() == name:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                self._selected(item)
                return

    # --- actions -----------------------------------------------------------------------------

    def new_template(self) -> None:
        self.list.clearSelection()
        self.original_name = None
        self.editor.load(None)
        self.status.setText("A new template: give it a name, a subject and a text, then Save.")
        self.editor.name.setFocus()

    def save(self) -> bool:
        """Save the editor's template; on a problem say what and keep every field as typed."""
        problems = self.editor.problems()  # None while being checked: checked with the save
        if problems:
            self.status.setText("Not saved: " + problems[0])
            return False
        draft, original = self.editor.draft(), self.original_name

        def checked_save() -> str:
            found = draft_problems(draft) if problems is None else []
            if found:
                raise ValidationError("Not saved: " + found[0])
            return self._templates.save(draft, original).name

        return self._do(checked_save, "Saved")

    def duplicate(self) -> None:
        if self.original_name is not None:
            self._do(lambda: self._templates.duplicate(str(self.original_name)).name, "Copied as")

    def delete(self) -> None:
        name = self.original_name
        if name is None or not self.confirm(
            f"Delete the template '{name}'? This cannot be undone."
        ):
            return
        if self._still_busy():
            return
        templates = self._templates
        self._busy_with = "delete"
        self.write(lambda: templates.delete(name), on_done=self._deleted, on_error=self._failed)

    def _deleted(self, name: str) -> None:
        self._busy_with = None
        self.original_name = None
        self.reload(then=lambda: self._after_delete(name))

    def _after_delete(self, name: str) -> None:
        self._select_first()
        self.status.setText(f"Deleted '{name}'.")

    def import_file(self) -> None:
        path = self.choose_import_path()
        if path is not None:
            self._do(lambda: self._templates.import_file(path).name, "Imported")

    def export_file(self) -> None:
        name = self.original_name
        if name is None:
            self.status.setText("Save the template before exporting it.")
            return
        path = self.choose_export_path(name)
        if path is None:
            return
        templates = self._templates
        # The file dialog already asked before replacing an existing file.
        self.read(
            lambda: templates.export_file(name, path, overwrite=True),
            lambda written: self.status.setText(f"Exported '{name}' to {written}."),
        )

    def _do(self, action: Callable[[], str], verb: str) -> bool:
        """Run ``action`` (which returns the template's name) on the pool thread, then show it;
        False when it could not start (one is still running)."""
        if self._still_busy():
            return False
        self._busy_with = verb
        self.status.setText("Checking the template…")
        self.write(action, on_done=lambda name: self._done(name, verb), on_error=self._failed)
        return True

    def _still_busy(self) -> bool:
        if self._busy_with is not None:
            self.status.setText("Still saving the last change; try again in a moment.")
        return self._busy_with is not None

    def _done(self, name: str, verb: str) -> None:
        self._busy_with = None
        self.original_name = name
        self.reload(select=name, then=lambda: self._show_done(name, verb))

    def _show_done(self, name: str, verb: str) -> None:
        self.select_template(name)
        self.status.setText(f"{verb} '{name}'.")
        self.saved.emit(name)

    def _failed(self, exc: BaseException) -> None:
        self._busy_with = None
        known = isinstance(exc, ItfriendError)
        self.status.setText(str(exc) if known else f"Not done: {error_text(exc, 'saving')}")

    # --- questions ---------------------------------------------------------------------------

    def _ask_import_path(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Import a template", "", FILE_FILTER)
        return Path(chosen) if chosen else None

    def _ask_export_path(self, name: str) -> Path | None:
        suggested = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip() + ".md"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export a template", suggested, FILE_FILTER)
        return Path(chosen) if chosen else None

    def _ask_confirmation(self, question: str) -> bool:
        return self.ask("itfriend", question)
