"""The composing half of the Announce dialog: which template, with which values, to whom.

It is apart from the delivery because it is the part that changes while the technician types:
edits are gathered for ``PREVIEW_DELAY_MS``, the messages are composed on a pool thread through
the dialog's write path (``core.announcements.preview``), and an answer overtaken by a newer edit
is dropped. What it shows — the values still needed, each recipient's message, who is skipped and
whether the group hears from IT too often — is what the dialog then offers to send.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.announcements.preview import Preview, build_preview
from itfriend.ui.announce.form import ValuesForm
from itfriend.ui.common.timers import Latest, NamedTimer

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.core.templates import TemplateRecord
    from itfriend.ui.common.write_path import WritePath

PREVIEW_DELAY_MS = 250


def announcement_first(records: list[TemplateRecord]) -> list[TemplateRecord]:
    """Announcement templates (maintenance, back up) before the rest, in the stored order."""
    return sorted(records, key=lambda r: r.category.lower() != "announcements")


class Composer(QWidget):
    """``template``, ``values``, ``recipients`` beside the selected one's ``message``, ``cadence``.

    ``bcc`` says whether one message in Bcc is wanted (it changes what is composed). Failures go
    to the write path's report (the dialog's status line).

    Signals:
    listed(list): the names of the templates, once read.
    started(): a preview is being made (``previewing`` is True).
    ready(object): the Preview now shown (``preview``).
    """

    listed = Signal(list)
    started = Signal()
    ready = Signal(object)

    def __init__(
        self,
        services: Services,
        group_name: str,
        writes: WritePath,
        bcc: Callable[[], bool],
        template_name: str | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._group_name = group_name
        self._writes = writes
        self._bcc = bcc
        self._wanted_template = template_name
        self._latest = Latest()  # the technician typed on: only the newest preview is shown
        self.previewing = False
        self.preview: Preview | None = None

        self.template = QComboBox()
        self.template.currentIndexChanged.connect(self._template_changed)
        self.values = ValuesForm()
        self.values.changed.connect(self.schedule)
        self.recipients = QListWidget()
        self.recipients.currentItemChanged.connect(self._show_message)
        self.message = QPlainTextEdit()
        self.message.setReadOnly(True)
        self.cadence = QLabel()
        self.cadence.setWordWrap(True)
        self._timer = NamedTimer("announce_preview_timer", PREVIEW_DELAY_MS, self.refresh, self)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.recipients)
        split.addWidget(self.message)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"To the group <b>{group_name}</b>, with the template:"))
        layout.addWidget(self.template)
        layout.addWidget(self.values)
        layout.addWidget(split, 1)
        layout.addWidget(self.cadence)

    def load(self) -> None:
        """Read the templates (off the GUI thread), then preview the one asked for or the first."""
        self._writes.read(self._services.templates.list, self._templates_loaded)

    def _templates_loaded(self, records: list[TemplateRecord]) -> None:
        self.template.blockSignals(True)
        self.template.clear()
        for record in announcement_first(records):
            self.template.addItem(record.name, record.name)
        self.listed.emit([r.name for r in records])
        wanted = self._wanted_template
        index = self.template.findText(wanted, Qt.MatchFlag.MatchFixedString) if wanted else -1
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(False)
        self._template_changed()

    def select_template(self, name: str) -> None:
        index = self.template.findText(name, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.template.setCurrentIndex(index)

    def _template_changed(self) -> None:
        self.values.set_fields([], keep=False)
        self.refresh()

    def schedule(self) -> None:
        """Compose again once the typing pauses."""
        self._timer.start()

    def refresh(self) -> None:
        """Find the values still needed and compose the messages, off the GUI thread."""
        self._timer.stop()
        template = self.template.currentText()
        if not template:
            return
        values, bcc = self.values.filled(), self._bcc()
        services, group = self._services, self._group_name
        self.previewing = True
        self.started.emit()
        self._writes.read(
            lambda: build_preview(services, group, template, values, bcc),
            self._latest.only_latest(self._preview_ready),
        )

    def _preview_ready(self, preview: Preview) -> None:
        self.previewing = False
        self.preview = preview
        self.values.set_fields(list(preview.fields), keep=True)
        self._fill_recipients(preview)
        check = preview.cadence
        self.cadence.setText(f"⚠ {check.message()}" if check and check.exceeded else "")
        self.ready.emit(preview)

    def _fill_recipients(self, preview: Preview) -> None:
        self.recipients.clear()
        self.message.clear()
        composition = preview.composition
        if composition is None:
            self.message.setPlainText("The preview appears once every value is filled in.")
            return
        for recipient in composition.recipients:
            item = QListWidgetItem(f"{recipient.name} <{recipient.email}>")
            item.setData(Qt.ItemDataRole.UserRole, recipient.email)
            self.recipients.addItem(item)
        for person in composition.skipped:
            item = QListWidgetItem(f"{person.name} — skipped: no email address")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recipients.addItem(item)
        if composition.recipients:
            self.recipients.setCurrentRow(0)

    def _show_message(self, item: QListWidgetItem | None) -> None:
        composition = self.preview.composition if self.preview else None
        email = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        message = composition.message_for(str(email)) if composition and email else None
        if message is None:
            self.message.clear()
            return
        to = "everyone in Bcc" if composition and composition.bcc else str(email)
        self.message.setPlainText(f"To: {to}\nSubject: {message.subject}\n\n{message.body}")

    def stop(self) -> None:
        """No preview after this (the dialog closes)."""
        self._timer.stop()
