"""The Templates window: list and search the templates, edit one with a live preview, create,
duplicate, delete (after asking), import and export files in the documented format.

The file dialogs and the delete question are attributes (``choose_import_path``,
``choose_export_path``, ``confirm``) so that tests can answer them without a modal dialog.

Saving, duplicating and importing run on a pool thread: each fills the template in for a sample
person first (a hostile file is refused then), which a template may make take until the render
limits stop it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.errors import ItfriendError, ValidationError
from itfriend.core.services import Services
from itfriend.core.templates import TemplateRecord
from itfriend.ui.common.events import DataEvents
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.templates.editor import TemplateEditor, draft_problems

FILE_FILTER = "Template files (*.md *.txt);;All files (*)"


class TemplatesWindow(QWidget):
    """Signals:
    saved(str): a template was saved (or imported, duplicated) under this name.
    """

    saved = Signal(str)

    def __init__(
        self, services: Services, events: DataEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Templates — itfriend")
        self.resize(980, 620)
        self._templates = services.templates
        self._events = events
        self.tasks = TaskRunner(self, max_threads=1)
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
        self.status = QLabel(self)
        self.status.setObjectName("templates_status")
        self.status.setWordWrap(True)
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
        self.reload()
        if self.list.count():
            self.select_template(self.list.item(0).text())
        else:
            self.new_template()

    # --- the list ----------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the templates matching the search; keep (or move to) ``select``."""
        wanted = select or self.original_name
        records = self._templates.list(self.search.text())
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
        try:
            self._templates.delete(name)
        except ItfriendError as exc:
            self.status.setText(str(exc))
            return
        self.original_name = None
        self.reload()
        if self.list.count():
            self.select_template(self.list.item(0).text())
        else:
            self.new_template()
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
        try:
            # The file dialog already asked before replacing an existing file.
            written = self._templates.export_file(name, path, overwrite=True)
        except ItfriendError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"Exported '{name}' to {written}.")

    def _do(self, action: Callable[[], str], verb: str) -> bool:
        """Run ``action`` (which returns the template's name) on the pool thread, then show it;
        False when it could not start (one is still running)."""
        if self.tasks.busy:
            self.status.setText("Still saving the last change; try again in a moment.")
            return False
        self.status.setText("Checking the template…")
        self.tasks.run(action, lambda name: self._done(name, verb), self._failed)
        return True

    def _done(self, name: str, verb: str) -> None:
        self.reload(select=name)
        self.select_template(name)
        self.original_name = name
        self.status.setText(f"{verb} '{name}'.")
        self.saved.emit(name)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc) if isinstance(exc, ItfriendError) else f"Not done: {exc}")

    # --- questions ---------------------------------------------------------------------------

    def _ask_import_path(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Import a template", "", FILE_FILTER)
        return Path(chosen) if chosen else None

    def _ask_export_path(self, name: str) -> Path | None:
        suggested = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip() + ".md"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export a template", suggested, FILE_FILTER)
        return Path(chosen) if chosen else None

    def _ask_confirmation(self, question: str) -> bool:
        answer = QMessageBox.question(self, "itfriend", question)
        return answer == QMessageBox.StandardButton.Yes
