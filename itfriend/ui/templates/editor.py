"""Editing one template: its fields, a live preview and its problems shown as they are typed.

The preview fills the template in for a sample person and the technician's own settings; a
value nobody would give shows as ``[name]`` so that its place is visible. Problems (a syntax
error with its line, an unsafe expression, an unknown variable such as ``person.frist_name``)
come from ``check_template_text`` on every change.

The template being edited may be someone else's, so its preview is filled in on a pool thread
(a hostile one runs there until the render limits stop it, never on the GUI thread). While one
preview is being made, edits only mark it out of date: the next one starts with the latest text.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.clock import Clock
from itfriend.core.settings import Settings
from itfriend.core.templates import (
    TemplateDraft,
    TemplateRecord,
    check_template_text,
    missing_values,
    one_render_budget,
    render_template,
    template_values,
)
from itfriend.core.templates.rendering import SAMPLE_PERSON
from itfriend.ui.common.tasks import TaskRunner


def draft_problems(draft: TemplateDraft) -> list[str]:
    """What is wrong with the subject and the body, each with where it is (run on a pool
    thread: compiling a large template takes a while)."""
    found = [f"Subject: {p}" for p in check_template_text(draft.subject)]
    found += [f"Body {p}" for p in check_template_text(draft.body)]
    return found


def check_and_preview(draft: TemplateDraft, values: dict[str, object]) -> tuple[list[str], str]:
    """The problems of ``draft`` and, when it has none, its preview (run on a pool thread)."""
    problems = draft_problems(draft)
    return problems, ("" if problems else preview_text(draft, values))


def preview_text(draft: TemplateDraft, values: dict[str, object]) -> str:
    """The preview of ``draft`` filled in with ``values``, missing ones shown as ``[name]``
    (run on a pool thread)."""
    try:
        with one_render_budget():  # both renders take one render's time limit in all
            marked = {name: f"[{name}]" for name in missing_values(draft, values)}
            message = render_template(draft, {**values, **marked})  # dotted keys nest
    except Exception as exc:  # a template may fail while filling in: show why, keep editing
        return f"(cannot preview: {exc})"
    return f"Subject: {message.subject}\n\n{message.body}"


class TemplateEditor(QWidget):
    """Signals:
    changed(): a field was edited (the problems and the preview follow).
    preview_updated(): the problems and the preview show the fields as they are now.
    """

    changed = Signal()
    preview_updated = Signal()

    def __init__(self, settings: Settings, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock
        self.name = QLineEdit(self)
        self.name.setObjectName("editor_name")
        self.category = QLineEdit(self)
        self.category.setObjectName("editor_category")
        self.abbreviation = QLineEdit(self)
        self.abbreviation.setObjectName("editor_abbreviation")
        self.subject = QLineEdit(self)
        self.subject.setObjectName("editor_subject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("editor_body")
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("editor_problems")
        self.problems_label.setStyleSheet("color: #b3261e;")
        self.problems_label.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("editor_preview")
        self.preview.setReadOnly(True)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Category", self.category)
        form.addRow("&Abbreviation", self.abbreviation)
        form.addRow("&Subject", self.subject)
        split = QSplitter(self)
        split.addWidget(self.body)
        split.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.problems_label)
        for line in (self.name, self.category, self.abbreviation, self.subject):
            line.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        self._loading = False
        self.tasks = TaskRunner(self, max_threads=1)
        self._previewing = False  # a preview is being made on the pool thread
        self._outdated = False  # the fields changed since it was started
        self._problems: list[str] = []  # those of the fields as the last check saw them

    def load(self, template: TemplateRecord | TemplateDraft | None) -> None:
        """Show ``template`` (None: empty fields for a new one)."""
        self._loading = True
        self.name.setText(template.name if template else "")
        self.category.setText(template.category if template else "")
        self.abbreviation.setText(template.abbreviation if template else "")
        self.subject.setText(template.subject if template else "")
        self.body.setPlainText(template.body if template else "")
        self._loading = False
        self.refresh()

    def draft(self) -> TemplateDraft:
        return TemplateDraft(
            name=self.name.text(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            category=self.category.text(),
            abbreviation=self.abbreviation.text(),
        )

    def problems(self) -> list[str] | None:
        """What is wrong with the subject and the body, each with where it is; None while they
        are being checked (``preview_ready`` is False then)."""
        return list(self._problems) if self.preview_ready else None

    def refresh(self) -> None:
        self._outdated = True
        if not self._previewing:
            self._start_preview()

    @property
    def preview_ready(self) -> bool:
        """Whether the preview shows the fields as they are now."""
        return not self._previewing and not self._outdated

    def _start_preview(self) -> None:
        self._outdated = False
        if self.tasks.closed:
            return
        draft = self.draft()
        values = template_values(None, self._settings, {}, clock=self._clock)
        values["person"] = dict(SAMPLE_PERSON)
        self._previewing = True
        self.tasks.run(
            lambda: check_and_preview(draft, values),
            self._show_preview,
            lambda exc: self._show_preview(([], f"(cannot preview: {exc})")),
        )

    def _show_preview(self, checked: tuple[list[str], str]) -> None:
        self._previewing = False
        if self._outdated:  # edited meanwhile: this one is already old
            self._start_preview()
            return
        self._problems, text = checked
        self.problems_label.setText("\n".join(self._problems))
        self.problems_label.setVisible(bool(self._problems))
        self.preview.setPlainText(text)
        self.preview_updated.emit()

    def _edited(self) -> None:
        if self._loading:
            return
        self.refresh()
        self.changed.emit()
