"""The Settings dialog, generated from the declared settings (``itfriend.core.settings.SETTINGS``).

Each group of settings is a page; every setting gets the editor its type calls for. Save checks
every value first and marks each bad one under its field, writing nothing until all are right,
then writes them at once (``Settings.update``). "Start at login" asks the autostart backend passed
in, rather than trusting the stored preference, because the user may have removed the entry.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.errors import ItfriendError, ValidationError
from itfriend.core.paths import AppPaths
from itfriend.core.settings import FILE_PROBLEM, SETTINGS, Setting, Settings
from itfriend.platform.launch import start_command
from itfriend.ui.common.events import Change, DataEvents
from itfriend.ui.common.tool_window import StatusLine
from itfriend.ui.settings.editors import Editor, grouped, make_editor

AUTOSTART_KEY = "app.autostart"
LABEL_WIDTH = 190
ERROR_STYLE = "color: #b3261e;"


class Autostart(Protocol):
    """Starting itfriend at login: an XDG .desktop file, a Run key or a LaunchAgent."""

    def enabled(self) -> bool: ...

    def enable(self, command: list[str]) -> None: ...

    def disable(self) -> None: ...


def label_of(setting: Setting) -> str:
    """The row label: the setting's description, without hints meant for the command line."""
    if setting.key == AUTOSTART_KEY:
        return "Start at login"
    return setting.description.replace(" (use \\n for new lines)", "")


class SettingsDialog(QDialog):
    """Signals:
    saved(): the settings were written (the app re-reads what it needs).
    """

    saved = Signal()

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        autostart: Autostart,
        parent: QWidget | None = None,
        *,
        command: list[str] | None = None,
        events: DataEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings — itfriend")
        self.resize(660, 440)
        self._settings = settings
        self._autostart = autostart
        self._command = command or start_command()
        self._events = events
        self.editors: dict[str, Editor] = {}
        self.field_errors: dict[str, QLabel] = {}
        self._page_of: dict[str, int] = {}
        self._shown: dict[str, Any] = {}  # what load() put in the editors

        self.pages = QListWidget(self)
        self.pages.setObjectName("settings_pages")
        self.pages.setFixedWidth(140)
        self.pages.setSpacing(3)
        self.stack = QStackedWidget(self)
        for title, group in grouped(SETTINGS).items():
            self.pages.addItem(title)
            self.stack.addWidget(self._page(group))
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.pages.setCurrentRow(0)

        self.data_folder = QLineEdit(str(paths.data), self)
        self.data_folder.setObjectName("settings_data_folder")
        self.data_folder.setReadOnly(True)
        self.open_folder = open_folder = QPushButton("Open folder", self)
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data)))
        )
        self.error = StatusLine("saving the settings", self, name="settings_error")
        self.error.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.error.hide()
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("settings_save")
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel", self)

        pages_row = QHBoxLayout()
        pages_row.addWidget(self.pages)
        pages_row.addWidget(self.stack, 1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Data folder", self))
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(open_folder)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(pages_row, 1)
        layout.addLayout(folder_row)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.load()

    def _page(self, group: list[Any]) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for setting in group:
            editor = make_editor(setting, page)
            editor.widget.setToolTip(f"{setting.description} ({setting.key})")
            error = QLabel(page)
            error.setObjectName(f"error_{setting.key}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            # The editor and its (usually hidden) error share one row, so no gap is left.
            cell = QWidget(page)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor.widget)
            cell_layout.addWidget(error)
            label = QLabel(label_of(setting), page)
            label.setWordWrap(True)
            label.setFixedWidth(LABEL_WIDTH)
            form.addRow(label, cell)
            self.editors[setting.key] = editor
            self.field_errors[setting.key] = error
            self._page_of[setting.key] = self.stack.count()
        outer = QVBoxLayout(page)
        outer.addLayout(form)
        outer.addStretch(1)
        return page

    def load(self) -> None:
        """Show the stored values (and whether itfriend really starts at login).

        A stored value that is not used (see ``Settings``) is told under its field, which
        shows the default in use; saving leaves that stored value alone unless it is changed.
        """
        for key, editor in self.editors.items():
            editor.write(self._settings.get(key))
        for key, problem in self._settings.problems.items():
            if key in self.field_errors:
                self.field_errors[key].setText(problem)
                self.field_errors[key].show()
            elif key == FILE_PROBLEM:
                self.error.show_error(problem)
        if AUTOSTART_KEY in self.editors:
            self.editors[AUTOSTART_KEY].write(self._autostart.enabled())
        self._shown = self.values()

    def values(self) -> dict[str, Any]:
        return {key: editor.read() for key, editor in self.editors.items()}

    def save(self) -> bool:
        """Check every value, then write them all; on any problem show it and keep the dialog."""
        values = self.values()
        problems: list[str] = []
        for key, value in values.items():
            label = self.field_errors[key]
            try:
                self.editors[key].setting.validate(value)
            except ValidationError as exc:
                label.setText(str(exc))
                label.show()
                problems.append(key)
            else:
                label.hide()
        if problems:
            self.pages.setCurrentRow(self._page_of[problems[0]])
            count = len(problems)
            noun = "settings need" if count > 1 else "setting needs"
            self.error.show_error(f"{count} {noun} fixing; nothing was saved.")
            return False
        unused = self._settings.problems
        try:
            self._apply_autostart(bool(values.get(AUTOSTART_KEY, False)))
            self._settings.update(
                {k: v for k, v in values.items() if k not in unused or v != self._shown[k]}
            )
        except (ItfriendError, OSError) as exc:
            self.error.show_error(exc)
            return False
        self.error.hide()
        self.saved.emit()
        if self._events is not None:
            # Settings live in a file, not the database, and are read by every thread: they
            # are written here, at once, and only announced like the writes of the write path.
            self._events.announce([Change.SETTINGS])
        self.accept()
        return True

    def _apply_autostart(self, wanted: bool) -> None:
        if AUTOSTART_KEY not in self.editors or wanted == self._autostart.enabled():
            return
        if wanted:
            self._autostart.enable(self._command)
        else:
            self._autostart.disable()
