"""The Reply window: the ticket beside the draft reply, with a tone check as you type.

The check runs off the GUI thread a moment after typing stops; each flag is listed with its
kinder wording and its phrase is highlighted in the draft. The draft is saved a little after
each change (and when the window closes), so a crash or a closed window loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.cool_downs import REPLIED
from itfriend.core.tone import check_draft, score_ticket
from itfriend.core.wording import plural
from itfriend.ui.common.events import Change
from itfriend.ui.common.tool_window import ToolWindow
from itfriend.ui.cool_down.countdown import cool_down_name
from itfriend.ui.cool_down.tone_view import ADVICE, SERIOUS, DebouncedTask, mark_spans

if TYPE_CHECKING:
    from itfriend.core.cool_downs import CoolDownRow
    from itfriend.core.services import Services
    from itfriend.core.tone import DraftCheck, TicketHeat
    from itfriend.ui.common.events import DataEvents

CHECK_DELAY_MS = 400
SAVE_DELAY_MS = 800


class ReplyWindow(ToolWindow):
    """Write the reply to a cooled-down ticket, see how it reads, copy it, mark it replied.

    Signals:
    checked(object): the tone check of the draft is shown (a DraftCheck, or None).
    """

    checked = Signal(object)

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        cool_down_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, events, "the reply window", parent)
        self.setWindowTitle("Reply — itfriend")
        self.resize(900, 560)
        self.cool_down_id = cool_down_id
        self._row: CoolDownRow | None = None
        self.check: DraftCheck | None = None

        self.ticket = QPlainTextEdit()
        self.ticket.setReadOnly(True)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("Their name (for the greeting check)")
        self.draft = QPlainTextEdit()
        self.draft.setPlaceholderText("Write your reply here")
        self.draft.setEnabled(False)  # until the saved draft is loaded: nothing typed is lost
        self.verdict = QLabel("Write your reply; its tone is checked as you type.")
        self.verdict.setWordWrap(True)
        self.issues = QListWidget()
        self.issues.setWordWrap(True)
        self.copy_button = QPushButton("Copy reply")
        self.copy_button.clicked.connect(self.copy_reply)
        self.replied_button = QPushButton("Mark replied")
        self.replied_button.clicked.connect(self.mark_replied)
        self._layout()

        self._checking = DebouncedTask(self.tasks, self._check_work, CHECK_DELAY_MS, "tone", self)
        self._checking.done.connect(self._checked)
        self._checking.done.connect(self.checked)  # after it is shown
        self._checking.failed.connect(self.show_error)
        # The draft's own saves: nothing else shows a draft, so they announce no change.
        self._saving = DebouncedTask(self.tasks, self._save_work, SAVE_DELAY_MS, "save", self)
        self._saving.failed.connect(self.show_error)
        self.draft.textChanged.connect(self._draft_changed)
        self.recipient.textChanged.connect(self._checking.request)
        cool_downs = services.cool_downs
        self.read(lambda: cool_downs.get(cool_down_id), self._loaded)

    def _layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Ticket"))
        left_layout.addWidget(self.ticket)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        to = QHBoxLayout()
        to.addWidget(QLabel("To:"))
        to.addWidget(self.recipient, 1)
        right_layout.addLayout(to)
        right_layout.addWidget(self.draft, 3)
        right_layout.addWidget(self.verdict)
        right_layout.addWidget(self.issues, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.replied_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # --- loading ---------------------------------------------------------------------------

    def _loaded(self, row: CoolDownRow) -> None:
        self._row = row
        self.setWindowTitle(f"Reply to {cool_down_name(row)} — itfriend")
        self.ticket.setPlainText(row.ticket_text)
        self.draft.blockSignals(True)
        self.draft.setPlainText(row.draft)
        self.draft.blockSignals(False)
        self.draft.setEnabled(row.state != REPLIED)
        self.replied_button.setEnabled(row.state != REPLIED)
        if row.state == REPLIED:
            self.status.setText("Already replied to; this is the reply that was sent.")
        self.draft.setFocus()
        text = row.ticket_text
        self.tasks.run(lambda: score_ticket(text), self._ticket_scored, lambda _: None)
        if row.draft.strip():
            self._checking.run_now()

    def _ticket_scored(self, heat: TicketHeat) -> None:
        mark_spans(self.ticket, [(r.start, r.end, SERIOUS) for r in heat.reasons])

    # --- the draft: checked and saved as you type ----------------------------------------

    def _draft_changed(self) -> None:
        self._saving.request()
        if self.draft.toPlainText().strip():
            self._checking.request()
        else:
            self._checking.cancel()
            self._checked(None)

    def _check_work(self) -> Callable[[], DraftCheck]:
        text = self.draft.toPlainText()
        recipient = self.recipient.text().strip()
        data_dir = self._services.paths.data
        return lambda: check_draft(text, recipient=recipient, data_dir=data_dir)

    def _save_work(self) -> Callable[[], CoolDownRow]:
        text, cool_down_id = self.draft.toPlainText(), self.cool_down_id
        cool_downs = self._services.cool_downs
        return lambda: cool_downs.save_draft(cool_down_id, text)

    def _checked(self, check: DraftCheck | None) -> None:
        self.check = check
        self.issues.clear()
        if check is None:
            self.verdict.setText("Write your reply; its tone is checked as you type.")
            mark_spans(self.draft, [])
            return
        if check.ok:
            self.verdict.setText(
                "OK: nothing serious found." + (" Some advice below." if check.issues else "")
            )
        else:
            serious = sum(1 for issue in check.issues if issue.serious)
            self.verdict.setText(
                f"Not OK: {plural(serious, 'serious problem')}. Kinder wording below."
            )
        self.verdict.setStyleSheet("" if check.ok else "color: #a33; font-weight: bold;")
        # Serious problems first: they are what makes the reply not OK.
        for issue in sorted(check.issues, key=lambda i: not i.serious):
            where = f"“{issue.phrase}”: " if issue.phrase else ""
            mark = "⚠ " if issue.serious else ""
            item = QListWidgetItem(
                f"{mark}{issue.kind.replace('_', ' ')}: {where}{issue.suggestion}"
            )
            item.setToolTip(issue.suggestion)
            self.issues.addItem(item)
        mark_spans(
            self.draft,
            [(i.start, i.end, SERIOUS if i.serious else ADVICE) for i in check.issues],
        )

    # --- buttons ---------------------------------------------------------------------------

    def copy_reply(self) -> None:
        QGuiApplication.clipboard().setText(self.draft.toPlainText())
        self.status.setText("Reply copied: paste it into the ticket.")

    def mark_replied(self) -> None:
        if self._row is None:
            return
        self._saving.cancel()
        text, cool_down_id = self.draft.toPlainText(), self.cool_down_id
        cool_downs = self._services.cool_downs
        self.replied_button.setEnabled(False)
        self.write(lambda: cool_downs.replied(cool_down_id, text), [Change.SCHEDULE], self._replied)

    def _replied(self, row: CoolDownRow) -> None:
        self._row = row
        self.draft.setEnabled(False)
        self.status.say(f"Marked {cool_down_name(row)} as replied.")

    def error_shown(self) -> None:
        self.replied_button.setEnabled(self._row is not None and self._row.state != REPLIED)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving.pending:
            self._saving.run_now()  # the last words typed are kept
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Save what is pending, then wait for the worker threads (at app exit, after tests)."""
        if self._saving.pending:
            self._saving.run_now()
        self._checking.cancel()
        super().shutdown()
