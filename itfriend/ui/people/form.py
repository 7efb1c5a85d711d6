"""The editable fields of one person, and the place their validation error is shown.

The form only holds text; checking it is the core's job (``PeopleService.edit`` raises a
ValidationError naming the bad field), and the form shows that message without touching the edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.models import Person

LINE_FIELDS = (
    ("name", "Name"),
    ("preferred_name", "Preferred name"),
    ("role", "Role"),
    ("department", "Department"),
    ("building", "Building"),
    ("floor", "Floor"),
    ("room", "Room"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("systems", "Systems"),
    ("birthday", "Birthday"),
)
TEXT_FIELDS = (("notes", "Notes"), ("personal_notes", "Personal notes"))
ERROR_STYLE = "color: #b3261e; font-weight: bold;"


class PersonForm(QWidget):
    """Line edits, a cadence spin box and two note boxes for every editable field of a person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: dict[str, QLineEdit] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        # Two label-field pairs a row: the whole person fits beside the table without scrolling.
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        fields: list[tuple[str, QWidget]] = []
        for key, label in LINE_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{key}")
            self.lines[key] = edit
            fields.append((label, edit))
        self.lines["systems"].setPlaceholderText("comma separated, e.g. SAP, Outlook")
        self.lines["birthday"].setPlaceholderText("YYYY-MM-DD")
        self.lines["email"].setPlaceholderText("name@example.org")
        self.cadence = QSpinBox(self)
        self.cadence.setObjectName("field_cadence_days")
        self.cadence.setRange(0, 3650)
        self.cadence.setSuffix(" days")
        self.cadence.setToolTip("How often you want to be in touch; 0 uses the default")
        fields.append(("Contact every", self.cadence))
        for key, label in TEXT_FIELDS:
            box = QPlainTextEdit(self)
            box.setObjectName(f"field_{key}")
            box.setTabChangesFocus(True)
            box.setFixedHeight(72)
            self.texts[key] = box
            fields.append((label, box))
        for number, (label, widget) in enumerate(fields):
            row, column = divmod(number, 2)
            grid.addWidget(QLabel(label, self), row, column * 2, _label_alignment(widget))
            grid.addWidget(widget, row, column * 2 + 1)
        self.error = QLabel(self)
        self.error.setObjectName("person_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.error)

    def set_default_cadence(self, days: int) -> None:
        self.cadence.setSpecialValueText(f"default ({days} days)")

    def set_person(self, person: Person | None) -> None:
        """Fill the fields from a person, or clear them for a new one."""
        self.clear_error()
        values: dict[str, str] = {key: "" for key, _ in (*LINE_FIELDS, *TEXT_FIELDS)}
        cadence = 0
        if person is not None:
            for key in values:
                if key not in ("systems", "birthday", "email"):
                    values[key] = str(getattr(person, key) or "")
            values["email"] = person.email or ""
            values["systems"] = ", ".join(s.name for s in person.systems)
            values["birthday"] = person.birthday.isoformat() if person.birthday else ""
            cadence = person.cadence_days or 0
        for key, edit in self.lines.items():
            edit.setText(values[key])
        for key, box in self.texts.items():
            box.setPlainText(values[key])
        self.cadence.setValue(cadence)

    def values(self) -> dict[str, Any]:
        """Every field as the core's ``PeopleService.edit`` takes it."""
        values: dict[str, Any] = {key: edit.text() for key, edit in self.lines.items()}
        values["systems"] = [s.strip() for s in values["systems"].split(",") if s.strip()]
        values["birthday"] = values["birthday"].strip() or None
        values["cadence_days"] = self.cadence.value() or None
        for key, box in self.texts.items():
            values[key] = box.toPlainText()
        return values

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    @property
    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""


def _label_alignment(widget: QWidget) -> Qt.AlignmentFlag:
    """Labels sit level with a line edit, and at the top of a taller note box."""
    if isinstance(widget, QPlainTextEdit):
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
