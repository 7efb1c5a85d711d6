"""The Cool-down window: paste an angry ticket, see how heated it is and why, and wait a little.

The heat is worked out off the GUI thread a moment after typing stops; the phrases that drove it
are highlighted in the ticket. Starting a cool-down takes the suggested length (it grows with the
heat) or the one typed in. The running cool-downs are listed below (``CoolDownList``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from itfriend.core.tone import score_ticket, warm_up
from itfriend.ui.common.events import Change
from itfriend.ui.common.tool_window import ToolWindow
from itfriend.ui.cool_down.countdown import cool_down_name
from itfriend.ui.cool_down.tickets import CoolDownList
from itfriend.ui.cool_down.tone_view import SERIOUS, DebouncedTask, mark_spans

if TYPE_CHECKING:
    from itfriend.core.cool_downs import CoolDownRow
    from itfriend.core.services import Services
    from itfriend.core.tone import TicketHeat
    from itfriend.ui.common.events import DataEvents

SCORE_DELAY_MS = 250
MOST_CHARS = 50_000


def looks_like_ticket(text: str) -> bool:
    """Whether clipboard text is worth pre-filling: a few words of prose, not a path or a code."""
    words = text.split()
    return len(words) >= 4 and len(text) <= MOST_CHARS and any(c.isalpha() for c in text)


class CoolDownWindow(ToolWindow):
    """Score a ticket, start its cool-down, see those running and reply early if you must.

    ``open_reply(cool_down_id)`` opens the reply window (the app opens it through its navigator).

    Signals:
    scored(object): the pasted ticket's score is shown (TicketHeat and minutes, or None).
    """

    scored = Signal(object)

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        open_reply: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, events, "the cool-down window", parent)
        self.setWindowTitle("Cool down — itfriend")
        self.resize(620, 680)
        self._open_reply = open_reply
        self._heat: TicketHeat | None = None
        self._minutes_typed = False

        self.label = QLineEdit()
        self.label.setPlaceholderText("Label or ticket number, e.g. INC-1234")
        self.ticket = QPlainTextEdit()
        self.ticket.setPlaceholderText("Paste the ticket here")
        self.heat = QProgressBar()
        self.heat.setRange(0, 100)
        self.heat.setFormat("Heat %v/100")
        self.verdict = QLabel("Paste a ticket to see how heated it is.")
        self.reasons = QListWidget()
        self.reasons.setMaximumHeight(130)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setSuffix(" min")
        self.minutes.valueChanged.connect(self._minutes_edited)
        self.start_button = QPushButton("Start cool-down")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start_cool_down)
        self.running = CoolDownList(services, events, self.writes, open_reply)
        self.running.message.connect(self.status.say)
        self.running.failed.connect(self.show_error)
        self._layout()

        self._scoring = DebouncedTask(self.tasks, self._score_work, SCORE_DELAY_MS, "score", self)
        self._scoring.done.connect(self._scored)
        self._scoring.done.connect(self.scored)  # after it is shown
        self._scoring.failed.connect(self.show_error)
        self.ticket.textChanged.connect(self._ticket_changed)
        # The tone check of the reply will need textstat (a slow import): load it now, aside.
        self.tasks.run(warm_up, lambda _: None, lambda _: None)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Ticket:"))
        top.addWidget(self.label, 1)
        start = QHBoxLayout()
        start.addWidget(QLabel("Cool down for"))
        start.addWidget(self.minutes)
        start.addStretch(1)
        start.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.ticket, 2)
        layout.addWidget(self.heat)
        layout.addWidget(self.verdict)
        layout.addWidget(self.reasons)
        layout.addLayout(start)
        layout.addWidget(self.running, 1)
        layout.addWidget(self.status)

    # --- the ticket and its heat ---------------------------------------------------------

    def offer_text(self, text: str) -> bool:
        """Pre-fill the ticket with ``text`` (the clipboard's) if it looks like one and the field
        is empty; returns whether it was taken."""
        if self.ticket.toPlainText().strip() or not looks_like_ticket(text):
            return False
        self.ticket.setPlainText(text.strip())
        return True

    def _ticket_changed(self) -> None:
        has_text = bool(self.ticket.toPlainText().strip())
        self.start_button.setEnabled(has_text)
        if has_text:
            self._scoring.request()
        else:
            self._scoring.cancel()
            self._scored(None)

    def _score_work(self) -> Callable[[], tuple[TicketHeat, int]]:
        text = self.ticket.toPlainText()
        cool_downs = self._services.cool_downs
        return lambda: (heat := score_ticket(text), cool_downs.minutes_for(heat.heat))

    def _scored(self, result: tuple[TicketHeat, int] | None) -> None:
        self.reasons.clear()
        if result is None:
            self._heat = None
            self.heat.setValue(0)
            self.verdict.setText("Paste a ticket to see how heated it is.")
            mark_spans(self.ticket, [])
            return
        heat, minutes = result
        self._heat = heat
        self.heat.setValue(heat.heat)
        self.verdict.setText(
            "Inflammatory: cool down before you reply."
            if heat.inflammatory
            else "Not inflammatory: a calm reply can go now."
        )
        for reason in heat.reasons:
            self.reasons.addItem(f"“{reason.phrase}”: {reason.why} (+{reason.points})")
        mark_spans(self.ticket, [(r.start, r.end, SERIOUS) for r in heat.reasons])
        if not self._minutes_typed:
            self.minutes.blockSignals(True)
            self.minutes.setValue(minutes)
            self.minutes.blockSignals(False)

    def _minutes_edited(self) -> None:
        self._minutes_typed = True  # the technician's length wins over the suggestion from now on

    # --- starting a cool-down -------------------------------------------------------------

    def start_cool_down(self) -> None:
        text = self.ticket.toPlainText()
        if not text.strip():
            return
        label = self.label.text().strip()
        # Untouched, the length follows the heat of exactly this text (the service scores it).
        minutes = self.minutes.value() if self._minutes_typed else None
        cool_downs = self._services.cool_downs
        self.start_button.setEnabled(False)
        self.write(lambda: cool_downs.start(label, text, minutes), [Change.SCHEDULE], self._started)

    def _started(self, row: CoolDownRow) -> None:
        self.status.say(
            f"Cooling down on {cool_down_name(row)} for {row.minutes} min. "
            "You will be told when the time is up."
        )
        self.label.clear()
        self.ticket.clear()
        self._minutes_typed = False

    def error_shown(self) -> None:
        self.start_button.setEnabled(bool(self.ticket.toPlainText().strip()))

    def shutdown(self) -> None:
        """Wait for the worker threads (at app exit, and after each test)."""
        self.running.stop()
        self._scoring.cancel()
        super().shutdown()
