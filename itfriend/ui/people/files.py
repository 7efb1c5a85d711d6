"""Import… and Export… of the People window: pick a file, do the work on a pool thread, report.

The file formats and the checking of a contacts file belong to ``itfriend.core.contacts_io``; a
file it refuses raises ImportFileError, whose message (with the problem lines) is shown as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from itfriend.core.services import Services
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change
from itfriend.ui.common.write_path import WritePath

FORMATS = {".csv": "csv", ".json": "json", ".vcf": "vcard"}
OPEN_FILTER = "Contacts (*.csv *.json *.vcf);;All files (*)"
SAVE_FILTER = "CSV (*.csv);;JSON (*.json);;vCard (*.vcf)"


def format_of(path: Path, chosen_filter: str = "") -> tuple[Path, str]:
    """The export format from the file name, else from the chosen filter (adding its suffix)."""
    if path.suffix.lower() in FORMATS:
        return path, FORMATS[path.suffix.lower()]
    for suffix, fmt in FORMATS.items():
        if suffix in chosen_filter:
            return path.with_name(path.name + suffix), fmt
    return path.with_name(path.name + ".csv"), "csv"


SHOWN_WARNINGS = 5  # more would make the message box taller than the screen


def describe(result: Any) -> str:
    """A one-line account of what an import or export did, whatever shape the result has."""
    if result is None:
        return "Done."
    summary = getattr(result, "summary", None)
    if callable(summary):
        warnings = list(getattr(result, "warnings", []))
        shown = [f"• {warning}" for warning in warnings[:SHOWN_WARNINGS]]
        if len(warnings) > SHOWN_WARNINGS:
            shown.append(f"… and {len(warnings) - SHOWN_WARNINGS} more")
        return "\n".join([str(summary()), *shown])
    if isinstance(result, int):
        return f"{result} people."
    return str(result)


class PeopleFileActions(QObject):
    """Signals:
    finished(str): an import or export ended; the text says what happened (or what went wrong).
    """

    finished = Signal(str)

    def __init__(self, services: Services, writes: WritePath, parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._writes = writes
        self._parent = parent

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self._parent, "Import contacts", "", OPEN_FILTER)
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> None:
        from itfriend.core.contacts_io import import_contacts

        services = self._services
        self._writes.write(
            lambda: import_contacts(services, path, dry_run=False),
            [Change.PEOPLE, Change.CONTACTS],
            self._imported,
            lambda exc: self._failed("Import contacts", exc),
        )

    def export_file(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self._parent, "Export contacts", "contacts.csv", SAVE_FILTER
        )
        if name:
            path, fmt = format_of(Path(name), chosen)
            self.export_path(path, fmt)

    def export_path(self, path: Path, fmt: str) -> None:
        from itfriend.core.contacts_io import export_contacts

        services = self._services
        self._writes.read(
            lambda: export_contacts(services, path, fmt),
            lambda result: self._exported(path, result),
            lambda exc: self._failed("Export contacts", exc),
        )

    def _imported(self, result: Any) -> None:
        message = f"Imported: {describe(result)}"
        QMessageBox.information(self._parent, "Import contacts", message)
        self.finished.emit(message)

    def _exported(self, path: Path, result: Any) -> None:
        message = f"Exported to {path.name}: {describe(result)}"
        QMessageBox.information(self._parent, "Export contacts", message)
        self.finished.emit(message)

    def _failed(self, title: str, exc: BaseException) -> None:
        text = error_text(exc, f"the {title.split()[0].lower()}")  # "the import"
        QMessageBox.warning(self._parent, title, text)
        self.finished.emit(f"{title} failed: {text}")
