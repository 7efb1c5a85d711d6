"""The Announce dialog: a template to a group, checked per recipient, then sent, opened or saved.

The technician picks a template (announcements first), fills the values it still needs (nothing
is ever sent with a blank), checks the message each recipient gets and who is skipped, and picks
how it goes: by SMTP (one personal message each, or one in Bcc), in the mail client (mailto:), or
as .eml files. Before a send that would exceed ``announce.monthly_limit`` it asks. Previews and
delivery run on pool threads (``core.announcements.preview`` and ``core.announcements.delivery``);
the widgets only show the results.
"""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.announcements import CadenceError
from itfriend.core.announcements.delivery import (
    Delivery,
    PasswordLookup,
    deliver,
    describe_report,
)
from itfriend.core.announcements.preview import Preview, build_preview
from itfriend.core.errors import ItfriendError, ValidationError
from itfriend.core.when import parse_moment
from itfriend.platform.secrets import SMTP_PASSWORD, SecretStore
from itfriend.ui.announce.form import DeliveryChoice, ValuesForm, ask_password
from itfriend.ui.common.events import Change
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.timers import Latest, NamedTimer
from itfriend.ui.common.tool_window import StatusLine, confirm
from itfriend.ui.common.write_path import WritePath

if TYPE_CHECKING:
    from itfriend.core.announcements import DeliveryReport
    from itfriend.core.services import Services
    from itfriend.core.templates import TemplateRecord
    from itfriend.ui.common.events import DataEvents

PREVIEW_DELAY_MS = 250
PASSWORD_HINT = "itfriend secret set smtp"


def announcement_first(records: list[TemplateRecord]) -> list[TemplateRecord]:
    """Announcement templates (maintenance, back up) before the rest, in the stored order."""
    return sorted(records, key=lambda r: r.category.lower() != "announcements")


class _Progress(QObject):
    """Carries the worker's "N more recipients sent" to the GUI thread (a queued signal).

    Signals:
    sent(int): a message to this many recipients went out.
    """

    sent = Signal(int)


class AnnounceDialog(QDialog):
    """Compose a template to one group, preview it per recipient, and deliver it.

    ``password_lookup`` reads the SMTP password (the keyring by default) and ``password_store``
    keeps one typed in the prompt; ``open_url`` opens a mailto: link (the desktop's mail client
    by default); ``ssl_context`` chooses which certificate authorities are trusted.

    Signals:
    previewed(): a fresh preview (or the list of values still needed) is shown.
    delivered(object): a DeliveryReport after sending, opening or saving.
    failed(str): delivery failed with this message.
    """

    previewed = Signal()
    delivered = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        group_name: str,
        *,
        template_name: str | None = None,
        password_lookup: PasswordLookup | None = None,
        password_store: Callable[[str], None] | None = None,
        open_url: Callable[[str], bool] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Announce to {group_name} — itfriend")
        self.resize(820, 640)
        self._services = services
        self._events = events
        self.group_name = group_name
        self._wanted_template = template_name
        # The keyring stays behind platform/: read on a pool thread when a connection logs in.
        secrets = SecretStore()
        self._password_lookup = password_lookup or (lambda: secrets.get(SMTP_PASSWORD))
        self._password_store = password_store or (lambda text: secrets.set(SMTP_PASSWORD, text))
        self._open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self._ssl_context = ssl_context
        self._runner = TaskRunner(self)
        self._writes = WritePath(self._runner, events, self._show_error)
        self._previews = Latest()  # the technician typed on: only the newest preview is shown
        self._resume_id: int | None = None
        self._previewing = False
        self._sending = False
        self.preview: Preview | None = None
        self._progress_carrier = _Progress(self)

        self.template = QComboBox()
        self.template.currentIndexChanged.connect(self._template_changed)
        self.values = ValuesForm()
        self.values.changed.connect(self.schedule_preview)
        self.recipients = QListWidget()
        self.recipients.currentItemChanged.connect(self._show_message)
        self.message = QPlainTextEdit()
        self.message.setReadOnly(True)
        self.choice = DeliveryChoice()
        self.choice.bcc.toggled.connect(self.schedule_preview)
        self.choice.changed.connect(self._update_buttons)
        self.cadence = QLabel()
        self.cadence.setWordWrap(True)
        self.status = StatusLine("the announcement", self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.deliver)
        self._progress_carrier.sent.connect(
            lambda n: self.progress.setValue(self.progress.value() + n)
        )

        self._timer = NamedTimer(
            "announce_preview_timer", PREVIEW_DELAY_MS, self.refresh_preview, self
        )

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.recipients)
        split.addWidget(self.message)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"To the group <b>{group_name}</b>, with the template:"))
        layout.addWidget(self.template)
        layout.addWidget(self.values)
        layout.addWidget(split, 1)
        layout.addWidget(self.cadence)
        layout.addWidget(self.choice)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignRight)
        self._update_buttons()
        self._runner.run(services.templates.list, self._templates_loaded, self._show_error)

    # --- template and values -------------------------------------------------------------

    def _templates_loaded(self, records: list[TemplateRecord]) -> None:
        self.template.blockSignals(True)
        self.template.clear()
        for record in announcement_first(records):
            self.template.addItem(record.name, record.name)
        self.choice.set_back_up_templates([r.name for r in records])
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
        self.refresh_preview()

    def schedule_preview(self) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        """Find the values still needed and compose the messages, off the GUI thread."""
        self._timer.stop()
        template = self.template.currentText()
        if not template:
            return
        values, bcc = self.values.filled(), self.choice.bcc.isChecked()
        services, group = self._services, self.group_name
        self._previewing = True
        self._update_buttons()
        self._runner.run(
            lambda: build_preview(services, group, template, values, bcc),
            self._previews.only_latest(self._preview_ready),
            self._show_error,
        )

    def _preview_ready(self, preview: Preview) -> None:
        self._previewing = False
        self.preview = preview
        self._resume_id = None
        self.values.set_fields(list(preview.fields), keep=True)
        self.choice.set_can_remind("end" in preview.fields)
        self._fill_recipients(preview)
        check = preview.cadence
        self.cadence.setText(f"⚠ {check.message()}" if check and check.exceeded else "")
        if preview.missing:
            self.status.setText("Fill in: " + ", ".join(preview.missing))
        elif preview.composition is not None and not preview.composition.messages:
            self.status.setText("Nobody in this group has an email address.")
        else:
            self.status.setText("")
        self._update_buttons()
        self.previewed.emit()

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

    # --- delivery ------------------------------------------------------------------------

    def _ready(self) -> bool:
        composition = self.preview.composition if self.preview else None
        return bool(composition and composition.messages) and not (
            self._previewing or self._sending
        )

    def _update_buttons(self) -> None:
        method = self.choice.method()
        label = {"smtp": "Send", "mailto": "Open in mail client", "eml": "Save .eml files…"}
        self.send_button.setText("Retry the rest" if self._resume_id else label[method])
        self.send_button.setEnabled(self._ready())

    def deliver(self, *, force: bool | None = None) -> None:
        """Deliver the previewed messages the chosen way, asking first if it is too often."""
        preview = self.preview
        if preview is None or preview.composition is None or not self._ready():
            return
        check = preview.cadence
        if force is None:
            force = False
            if check is not None and check.exceeded and self._resume_id is None:
                if not self._confirm_cadence(check.message()):
                    self.status.setText("Not sent: the group has heard from you often lately.")
                    return
                force = True
        method = self.choice.method()
        folder: Path | None = None
        if method == "eml":
            chosen = QFileDialog.getExistingDirectory(self, "Save the .eml files in")
            if not chosen:
                return
            folder = Path(chosen)
        try:
            back_up_at = self._back_up_moment()
        except ItfriendError as exc:
            self._show_error(exc)
            return
        delivery = Delivery(
            method,
            force=force or self._resume_id is not None,
            folder=folder,
            resume=self._resume_id,
            back_up_at=back_up_at,
            back_up_template=self.choice.back_up_template.currentText(),
        )
        self._start(delivery)

    def _back_up_moment(self) -> datetime | None:
        if not (self.choice.remind.isEnabled() and self.choice.remind.isChecked()):
            return None
        now = self._services.clock.now()
        moment = parse_moment(self.values.filled().get("end", ""), now)
        if moment <= now:
            raise ValidationError("the back-up notice reminder needs an end time in the future")
        return moment

    def _start(self, delivery: Delivery) -> None:
        assert self.preview is not None and self.preview.composition is not None
        composition = self.preview.composition
        services, lookup, context = self._services, self._password_lookup, self._ssl_context
        sent = self._progress_carrier.sent.emit
        self.progress.setRange(0, len(composition.recipients))
        self.progress.setValue(0)
        self.progress.setVisible(delivery.method == "smtp")
        self.status.setText("Sending…" if delivery.method == "smtp" else "Preparing…")
        self._sending = True
        self._update_buttons()
        # A back-up notice reminder may be set with the delivery: the schedule changes.
        self._writes.write(
            lambda: deliver(services, composition, delivery, lookup, sent, context),
            [Change.SCHEDULE],
            self._delivered,
            lambda exc: self._delivery_failed(exc, delivery),
        )

    def _delivered(self, report: DeliveryReport) -> None:
        self._sending = False
        self.progress.hide()
        self._resume_id = report.announcement_id if report.pending else None
        if report.url:
            self._open_url(report.url)
        self.status.setText(describe_report(report))
        self._update_buttons()
        self.delivered.emit(report)

    def _delivery_failed(self, exc: BaseException, delivery: Delivery) -> None:
        self._sending = False
        self.progress.hide()
        self._update_buttons()
        if isinstance(exc, CadenceError):
            if self._confirm_cadence(exc.check.message()):
                self._start(dataclasses.replace(delivery, force=True))
            return
        self.status.show_error(exc)
        message = self.status.text()
        self.failed.emit(message)
        if PASSWORD_HINT in message and delivery.method == "smtp":
            self._offer_password(message, delivery)

    def _offer_password(self, message: str, delivery: Delivery) -> None:
        password = ask_password(self, message)
        if not password:
            return
        store = self._password_store
        self.status.setText("Storing the password in the keyring…")
        self._runner.run(lambda: store(password), lambda _: self._start(delivery), self._show_error)

    def _confirm_cadence(self, message: str) -> bool:
        question = (
            f"{message[0].upper()}{message[1:]}.\n\nPeople who hear from IT too often learn to "
            "ignore it. Send anyway?"
        )
        return confirm(self, "Send anyway?", question)

    def _show_error(self, exc: BaseException) -> None:
        self._previewing = self._sending = False
        self.status.show_error(exc)
        self.failed.emit(self.status.text())
        self._update_buttons()

    def shutdown(self) -> None:
        """Wait for the worker threads (when the dialog closes, and after each test)."""
        self._timer.stop()
        self._runner.close()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)
