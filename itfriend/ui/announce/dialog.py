"""The Announce dialog: a template to a group, checked per recipient, then sent, opened or saved.

The technician picks a template (announcements first), fills the values it still needs (nothing
is ever sent with a blank), checks the message each recipient gets and who is skipped, and picks
how it goes: by SMTP (one personal message each, or one in Bcc), in the mail client (mailto:), or
as .eml files. Before a send that would exceed ``announce.monthly_limit`` it asks. Previews and
delivery run on pool threads (``core.announcements.preview`` and ``core.announcements.delivery``);
the widgets only show the results.

The composing lives in ``announce.compose`` (``Composer``) and the carrying out in
``announce.sending`` (``Sender``); this module joins them: what may be sent when, how it goes, and
what the technician is told and asked along the way.
"""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.announcements import CadenceError
from itfriend.core.announcements.delivery import Delivery, PasswordLookup, describe_report
from itfriend.core.errors import ItfriendError
from itfriend.ui.announce.compose import Composer
from itfriend.ui.announce.form import DeliveryChoice, ask_password
from itfriend.ui.announce.sending import Sender, back_up_moment
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.tool_window import StatusLine, confirm
from itfriend.ui.common.write_path import WritePath

if TYPE_CHECKING:
    from itfriend.core.announcements import DeliveryReport
    from itfriend.core.announcements.preview import Preview
    from itfriend.core.services import Services
    from itfriend.ui.common.events import DataEvents

PASSWORD_HINT = "itfriend secret set smtp"


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
        self._open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self._runner = TaskRunner(self)
        self._writes = WritePath(self._runner, events, self._show_error)
        self._sender = Sender(
            services, self._writes, password_lookup, password_store, ssl_context, self
        )
        self._resume_id: int | None = None
        self._sending = False

        self.choice = DeliveryChoice()
        self.compose = Composer(
            services, group_name, self._writes, self.choice.bcc.isChecked, template_name
        )
        self.compose.listed.connect(self.choice.set_back_up_templates)
        self.compose.started.connect(self._update_buttons)
        self.compose.ready.connect(self._preview_ready)
        # The composer's widgets, under the names the dialog always had.
        self.template, self.values = self.compose.template, self.compose.values
        self.recipients, self.message = self.compose.recipients, self.compose.message
        self.cadence = self.compose.cadence
        self.choice.bcc.toggled.connect(self.compose.schedule)
        self.choice.changed.connect(self._update_buttons)
        self.status = StatusLine("the announcement", self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.deliver)
        self._sender.sent.connect(lambda n: self.progress.setValue(self.progress.value() + n))

        layout = QVBoxLayout(self)
        layout.addWidget(self.compose, 1)
        layout.addWidget(self.choice)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignRight)
        self._update_buttons()
        self.compose.load()

    # --- the preview ---------------------------------------------------------------------

    @property
    def preview(self) -> Preview | None:
        """The messages as last composed (None before the first preview)."""
        return self.compose.preview

    def select_template(self, name: str) -> None:
        self.compose.select_template(name)

    def schedule_preview(self) -> None:
        self.compose.schedule()

    def refresh_preview(self) -> None:
        self.compose.refresh()

    def _preview_ready(self, preview: Preview) -> None:
        self._resume_id = None
        self.choice.set_can_remind("end" in preview.fields)
        if preview.missing:
            self.status.setText("Fill in: " + ", ".join(preview.missing))
        elif preview.composition is not None and not preview.composition.messages:
            self.status.setText("Nobody in this group has an email address.")
        else:
            self.status.setText("")
        self._update_buttons()
        self.previewed.emit()

    # --- delivery ------------------------------------------------------------------------

    def _ready(self) -> bool:
        composition = self.preview.composition if self.preview else None
        return bool(composition and composition.messages) and not (
            self.compose.previewing or self._sending
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
            wanted = self.choice.remind.isEnabled() and self.choice.remind.isChecked()
            end = self.values.filled().get("end", "")
            back_up_at = back_up_moment(wanted, end, self._services.clock.now())
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

    def _start(self, delivery: Delivery) -> None:
        assert self.preview is not None and self.preview.composition is not None
        composition = self.preview.composition
        self.progress.setRange(0, len(composition.recipients))
        self.progress.setValue(0)
        self.progress.setVisible(delivery.method == "smtp")
        self.status.setText("Sending…" if delivery.method == "smtp" else "Preparing…")
        self._sending = True
        self._update_buttons()
        self._sender.send(
            composition, delivery, self._delivered, lambda exc: self._delivery_failed(exc, delivery)
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
        self.status.setText("Storing the password in the keyring…")
        self._sender.store_password(password, lambda: self._start(delivery))

    def _confirm_cadence(self, message: str) -> bool:
        question = (
            f"{message[0].upper()}{message[1:]}.\n\nPeople who hear from IT too often learn to "
            "ignore it. Send anyway?"
        )
        return confirm(self, "Send anyway?", question)

    def _show_error(self, exc: BaseException) -> None:
        self.compose.previewing = self._sending = False
        self.status.show_error(exc)
        self.failed.emit(self.status.text())
        self._update_buttons()

    def shutdown(self) -> None:
        """Wait for the worker threads (when the dialog closes, and after each test)."""
        self.compose.stop()
        self._runner.close()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)
