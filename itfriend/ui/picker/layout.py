"""The picker's widgets and how they are laid out; the behaviour lives in ``picker``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.templates import RenderedMessage, TemplateRecord
from itfriend.ui.common.person_finder import PersonFinder
from itfriend.ui.picker.form import MissingValuesForm

HINT = "Enter inserts · Ctrl+Shift+C copies · Ctrl+M opens a mail · Tab: person, values · Esc"


class PickerLayout:
    """Builds the picker's children on ``window`` and offers small setters for what they show."""

    def __init__(self, window: QWidget) -> None:
        frame = QFrame(window)
        frame.setObjectName("picker_frame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(window)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)

        self.search = QLineEdit(frame)
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("Find a template: name, abbreviation or words in it…")
        self.results = QListWidget(frame)
        self.results.setObjectName("picker_results")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down work from the search
        self.finder = PersonFinder(frame)
        self.finder.search.setPlaceholderText("For whom? (optional) name, email, department…")
        self.finder.results.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.finder.results.setMaximumHeight(80)
        self.person = QLabel(frame)
        self.person.setObjectName("picker_person")
        self.clear_person = QPushButton("×", frame)
        self.clear_person.setToolTip("Nobody")
        self.clear_person.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_person.setFixedWidth(28)
        self.form = MissingValuesForm(frame)
        self.log_contact = QCheckBox("&Log an email contact with this person", frame)
        self.log_contact.setObjectName("picker_log_contact")
        self.log_contact.setChecked(True)
        self.subject = QLabel(frame)
        self.subject.setObjectName("picker_subject")
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QPlainTextEdit(frame)
        self.preview.setObjectName("picker_preview")
        self.preview.setReadOnly(True)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.note = QLabel(frame)
        self.note.setObjectName("picker_note")
        self.note.setWordWrap(True)
        self.status = QLabel(frame)
        self.status.setObjectName("picker_status")
        self.status.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.status.setWordWrap(True)
        self.insert_button = QPushButton("Insert", frame)
        self.copy_button = QPushButton("Copy", frame)
        self.copy_button.setToolTip("Ctrl+Shift+C")
        self.mail_button = QPushButton("Mail", frame)
        self.mail_button.setToolTip("Ctrl+M")
        for button in (self.insert_button, self.copy_button, self.mail_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
        hint = QLabel(HINT, frame)
        hint.setStyleSheet("color: gray;")

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person, 1)
        person_row.addWidget(self.clear_person)
        left.addWidget(self.finder)
        left.addLayout(person_row)
        right = QVBoxLayout()
        right.addWidget(self.subject)
        right.addWidget(self.preview, 1)
        right.addWidget(self.note)
        right.addWidget(self.form)
        right.addWidget(self.log_contact)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        for button in (self.mail_button, self.copy_button, self.insert_button):
            buttons.addWidget(button)
        inner = QVBoxLayout(frame)
        inner.addLayout(columns, 1)
        inner.addWidget(self.status)
        inner.addLayout(buttons)
        window.resize(820, 460)
        QWidget.setTabOrder(self.search, self.finder.search)

    def show_templates(self, records: list[TemplateRecord]) -> None:
        self.results.clear()
        for record in records:
            detail = " · ".join(p for p in (record.category, record.abbreviation) if p)
            item = QListWidgetItem(f"{record.name}  —  {detail}" if detail else record.name)
            item.setToolTip(record.subject)
            self.results.addItem(item)

    def show_person(self, label: str | None) -> None:
        self.person.setText(f"For {label}" if label else "For nobody in particular")
        self.clear_person.setVisible(bool(label))
        self.log_contact.setEnabled(bool(label))

    def show_preview(
        self, message: RenderedMessage | None, note: str, *, clear_status: bool = True
    ) -> None:
        self.subject.setText(f"Subject: {message.subject}" if message else "")
        self.preview.setPlainText(message.body if message else "")
        self.note.setText(note)
        if clear_status:
            self.status.clear()
