"""The Reply window: the tone check of the draft, and the draft kept as you type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from itfriend.core.services import Services
from itfriend.core.tone import warm_up
from itfriend.ui.common.events import DataEvents
from itfriend.ui.cool_down.reply_window import ReplyWindow
from itfriend.ui.cool_down.tone_view import marked_text

TICKET = (
    "Something's broken with my computer. I'm getting a message that my connection is not "
    "secure. I seriously can't get anything done until it's fixed!! How am I supposed to do my "
    "job when my computer is broken like this!?!?"
)
# The issue's example of a reply that is not ok.
UNKIND = (
    "We clearly told you last week in our weekly update that you were going to need to update "
    "your computer before X date if you wanted your computer to remain functional. We have a long "
    "backlog of tickets for the day. We'll get to you sometime this afternoon or maybe tomorrow."
)
KIND = (
    "Hi Sam, thanks for letting us know, and sorry for the trouble. The message appears because "
    "your computer still needs last week's update. I will come to your desk at 2 pm today to "
    "install it with you; it takes about ten minutes. If that time does not suit you, reply here "
    "and we will find another."
)


@pytest.fixture(scope="module", autouse=True)
def readability_loaded() -> None:
    """textstat's import takes seconds; do it once, not inside the first check's wait."""
    warm_up()


def open_reply(
    qtbot: QtBot, services: Services, events: DataEvents, cool_down_id: int
) -> ReplyWindow:
    window = ReplyWindow(services, events, cool_down_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.draft.isEnabled() or not window.replied_button.isEnabled())
    return window


@pytest.fixture
def cool_down(services: Services) -> int:
    return services.cool_downs.start("INC-1234", TICKET, minutes=5).id


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, events: DataEvents, cool_down: int
) -> Iterator[ReplyWindow]:
    shown = open_reply(qtbot, services, events, cool_down)
    yield shown
    shown.shutdown()


def issue_texts(window: ReplyWindow) -> list[str]:
    return [window.issues.item(i).text() for i in range(window.issues.count())]


def test_the_ticket_is_shown_beside_the_draft_with_its_heat_marked(
    qtbot: QtBot, window: ReplyWindow
) -> None:
    assert window.ticket.toPlainText() == TICKET and window.ticket.isReadOnly()
    assert "INC-1234" in window.windowTitle()
    qtbot.waitUntil(lambda: "How am I supposed to" in marked_text(window.ticket))


def test_the_example_reply_is_not_ok_with_kinder_suggestions(
    qtbot: QtBot, window: ReplyWindow
) -> None:
    with qtbot.waitSignal(window.checked, timeout=10_000):
        window.draft.setPlainText(UNKIND)
    assert window.check is not None and not window.check.ok
    assert window.verdict.text().startswith("Not OK")
    texts = issue_texts(window)
    clearly = next(t for t in texts if "“clearly”" in t)
    assert clearly.startswith("⚠ condescension") and "leave it out" in clearly
    assert any("“maybe tomorrow”" in t and "give a time" in t for t in texts)
    assert any(t.startswith("no greeting") for t in texts)  # advice, not serious
    assert {"clearly", "backlog", "maybe tomorrow"} <= set(marked_text(window.draft))

    with qtbot.waitSignal(window.checked, timeout=10_000):
        window.draft.setPlainText(KIND)
    assert window.check is not None and window.check.ok
    assert window.verdict.text().startswith("OK")
    assert "clearly" not in marked_text(window.draft)


def test_the_greeting_check_uses_the_name_typed(qtbot: QtBot, window: ReplyWindow) -> None:
    with qtbot.waitSignal(window.checked, timeout=10_000):
        window.draft.setPlainText(
            "Sam, the update is installed. I will check on it tomorrow at 10."
        )
    with qtbot.waitSignal(window.checked, timeout=10_000):
        window.recipient.setText("Sam Lee")
    assert not any(t.startswith("no greeting") for t in issue_texts(window))


def test_the_draft_is_saved_as_you_type_and_restored(
    qtbot: QtBot, services: Services, events: DataEvents, window: ReplyWindow, cool_down: int
) -> None:
    qtbot.keyClicks(window.draft, "Hi Sam, ")
    qtbot.waitUntil(lambda: services.cool_downs.get(cool_down).draft == "Hi Sam, ", timeout=10_000)
    qtbot.keyClicks(window.draft, "on my way")
    window.close()  # closing saves what the wait had not saved yet
    window.shutdown()
    assert services.cool_downs.get(cool_down).draft == "Hi Sam, on my way"

    again = open_reply(qtbot, services, events, cool_down)
    try:
        assert again.draft.toPlainText() == "Hi Sam, on my way"
    finally:
        again.shutdown()


def test_copy_and_mark_replied(
    qtbot: QtBot, services: Services, events: DataEvents, window: ReplyWindow, cool_down: int
) -> None:
    window.draft.setPlainText(KIND)
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == KIND
    with qtbot.waitSignal(events.schedule_changed):
        qtbot.mouseClick(window.replied_button, Qt.MouseButton.LeftButton)
    row = services.cool_downs.get(cool_down)
    assert (row.state, row.draft) == ("replied", KIND)
    assert not window.draft.isEnabled() and "replied" in window.status.text()
    assert services.cool_downs.running() == []

    again = open_reply(qtbot, services, events, cool_down)
    try:
        assert again.draft.toPlainText() == KIND and not again.replied_button.isEnabled()
        assert "Already replied" in again.status.text()
    finally:
        again.shutdown()
