"""The picker's small form: one line per value the chosen template needs and nobody gave.

Typed values are kept by name while the picker is open, so switching between two templates
that both need ``new_date`` does not lose it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

# Friendlier labels for the values most templates ask for; others show their own name.
LABELS = {
    "person.first_name": "First name",
    "person.name": "Name",
    "person.email": "Email",
    "person.department": "Department",
    "person.building": "Building",
    "me.name": "Your name",
    "me.phone": "Your phone",
    "me.email": "Your email",
    "me.signature": "Your signature",
    "ticket.number": "Ticket number",
    "ticket.title": "Ticket title",
}


def label_for(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").replace(".", " ").capitalize())


class MissingValuesForm(QWidget):
    """Signals:
    changed(): a value was typed.
    submitted(str): Enter was pressed in the field of this value.
    """

    changed = Signal()
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._fields: dict[str, QLineEdit] = {}
        self._typed: dict[str, str] = {}
        self.hide()

    def set_needed(self, names: list[str]) -> None:
        """Show one field for each of ``names`` (rebuilt only when the names change)."""
        if names == list(self._fields):
            return
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._fields = {}
        for name in names:
            field = QLineEdit(self)
            field.setObjectName(f"value_{name}")
            field.setText(self._typed.get(name, ""))
            field.setPlaceholderText(name)
            field.textEdited.connect(lambda text, key=name: self._edited(key, text))
            field.returnPressed.connect(lambda key=name: self.submitted.emit(key))
            self._fields[name] = field
            self._layout.addRow(QLabel(label_for(name), self), field)
        self.setVisible(bool(names))

    def values(self) -> dict[str, str]:
        """The values typed in the fields shown, without the empty ones."""
        return {
            name: field.text().strip()
            for name, field in self._fields.items()
            if field.text().strip()
        }

    def names(self) -> list[str]:
        """The values asked for, in the order their fields are shown."""
        return list(self._fields)

    def field(self, name: str) -> QLineEdit | None:
        return self._fields.get(name)

    def first_empty(self, after: str | None = None) -> QLineEdit | None:
        """The first empty field (after the one named ``after``, if given)."""
        names = list(self._fields)
        start = names.index(after) + 1 if after in names else 0
        for name in names[start:]:
            if not self._fields[name].text().strip():
                return self._fields[name]
        return None

    def clear(self) -> None:
        """Forget every typed value (the picker opens afresh)."""
        self._typed = {}
        for field in self._fields.values():
            field.clear()

    def _edited(self, name: str, text: str) -> None:
        self._typed[name] = text
        self.changed.emit()
