"""The Cool-down window, driven through its real widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.services import Services
from itfriend.core.tone import INFLAMMATORY_AT
from itfriend.ui.common.events import DataEvents
from itfriend.ui.cool_down.tone_view import marked_text
from itfriend.ui.cool_down.window import CoolDownWindow, looks_like_ticket

# The example: it must be judged inflammatory.
ANGRY = (
    "Something's broken with my computer. I'm getting a message that my connection is not "
    "secure. I seriously can't get anything done until it's fixed!! How am I supposed to do my "
    "job when my computer is broken like this!?!?"
)
CALM = "Hello, when you have a moment could you look at the projector in room 12? Thank you."


@pytest.fixture
def opened(
    qtbot: QtBot, services: Services, events: DataEvents
) -> Iterator[tuple[CoolDownWindow, list[int]]]:
    replies: list[int] = []
    window = CoolDownWindow(services, events, open_reply=replies.append)
    qtbot.addWidget(window)
    window.show()
    yield window, replies
    window.shutdown()


def paste_and_score(qtbot: QtBot, window: CoolDownWindow, text: str) -> None:
    with qtbot.waitSignal(window.scored, timeout=10_000):
        window.ticket.setPlainText(text)


def test_the_example_ticket_shows_as_inflammatory_with_its_phrases_marked(
    qtbot: QtBot, opened: tuple[CoolDownWindow, list[int]]
) -> None:
    window, _ = opened
    paste_and_score(qtbot, window, ANGRY)
    assert window.heat.value() >= INFLAMMATORY_AT
    assert window.verdict.text().startswith("Inflammatory")
    reasons = [window.reasons.item(i).text() for i in range(window.reasons.count())]
    assert any("How am I supposed to" in r and "exasperation" in r for r in reasons)
    marked = marked_text(window.ticket)
    assert {"How am I supposed to", "seriously", "!!", "!?!?"} <= set(marked)

    paste_and_score(qtbot, window, CALM)
    assert window.heat.value() < INFLAMMATORY_AT
    assert window.verdict.text().startswith("Not inflammatory")
    assert "!?!?" not in marked_text(window.ticket)


def test_marks_stay_on_their_words_after_an_emoji(
    qtbot: QtBot, opened: tuple[CoolDownWindow, list[int]]
) -> None:
    window, _ = opened
    paste_and_score(qtbot, window, "😡😡 " + ANGRY)
    assert "How am I supposed to" in marked_text(window.ticket)


def test_the_suggested_length_follows_the_heat_and_a_typed_one_wins(
    qtbot: QtBot, opened: tuple[CoolDownWindow, list[int]], services: Services
) -> None:
    window, _ = opened
    paste_and_score(qtbot, window, CALM)
    calm_minutes = window.minutes.value()
    assert calm_minutes == services.cool_downs.minutes_for(window.heat.value())
    paste_and_score(qtbot, window, ANGRY)
    hot_minutes = window.minutes.value()
    assert hot_minutes == services.cool_downs.minutes_for(window.heat.value())
    assert hot_minutes > calm_minutes

    window.label.setText("INC-1234")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.running.tree.topLevelItemCount() == 1, timeout=10_000)
    [row] = services.cool_downs.running()
    assert (row.label, row.minutes) == ("INC-1234", hot_minutes)
    assert window.ticket.toPlainText() == "" and "INC-1234" in window.status.text()

    paste_and_score(qtbot, window, ANGRY)
    window.minutes.setValue(3)
    paste_and_score(qtbot, window, ANGRY + " Again!")
    assert window.minutes.value() == 3  # the length typed in is kept while the text changes
    window.label.setText("INC-77")
    window.start_cool_down()
    qtbot.waitUntil(lambda: window.running.tree.topLevelItemCount() == 2, timeout=10_000)
    assert {r.label: r.minutes for r in services.cool_downs.running()}["INC-77"] == 3


def start(services: Services, label: str, minutes: int) -> int:
    return services.cool_downs.start(label, ANGRY, minutes).id


def listed(window: CoolDownWindow) -> list[tuple[str, str]]:
    tree = window.running.tree
    return [
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(2))  # type: ignore[union-attr]
        for i in range(tree.topLevelItemCount())
    ]


def test_several_cool_downs_run_at_once_soonest_first(
    qtbot: QtBot,
    opened: tuple[CoolDownWindow, list[int]],
    services: Services,
    events: DataEvents,
    clock: FakeClock,
) -> None:
    window, _ = opened
    start(services, "INC-2", 12)
    start(services, "INC-1", 5)
    start(services, "", 8)
    events.schedule_changed.emit()
    qtbot.waitUntil(lambda: len(listed(window)) == 3)
    assert listed(window)[0] == ("INC-1", "5 min")
    assert [name for name, _ in listed(window)] == ["INC-1", "cool-down #3", "INC-2"]
    assert window.running.ticking  # times are redrawn once a minute while shown

    clock.advance(minutes=6)
    tick = window.running.findChild(QTimer, "cool-down-list-tick")  # found by its name
    assert tick is not None
    tick.timeout.emit()
    assert listed(window) == [("INC-1", "time's up"), ("cool-down #3", "2 min"), ("INC-2", "6 min")]
    window.hide()
    assert not window.running.ticking  # nothing to redraw while hidden


def test_replying_early_asks_once(
    qtbot: QtBot,
    opened: tuple[CoolDownWindow, list[int]],
    services: Services,
    events: DataEvents,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, replies = opened
    first = start(services, "INC-1", 5)
    second = start(services, "INC-2", 10)
    events.schedule_changed.emit()
    qtbot.waitUntil(lambda: len(listed(window)) == 2)
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.running.select_cool_down(first)
    qtbot.mouseClick(window.running.reply_button, Qt.MouseButton.LeftButton)
    assert (len(asked), replies) == (1, [])  # said no: nothing opens
    qtbot.mouseClick(window.running.reply_button, Qt.MouseButton.LeftButton)
    assert (len(asked), replies) == (2, [first])
    qtbot.mouseClick(window.running.reply_button, Qt.MouseButton.LeftButton)
    assert (len(asked), replies) == (2, [first, first])  # confirmed once: not asked again

    # Once its time is up a cool-down opens its reply without asking.
    clock.advance(minutes=10)
    window.running.select_cool_down(second)
    qtbot.mouseClick(window.running.reply_button, Qt.MouseButton.LeftButton)
    assert (len(asked), replies) == (2, [first, first, second])


def test_stopping_a_cool_down_ends_it(
    qtbot: QtBot, opened: tuple[CoolDownWindow, list[int]], services: Services, events: DataEvents
) -> None:
    window, _ = opened
    cool_down_id = start(services, "INC-9", 5)
    events.schedule_changed.emit()
    qtbot.waitUntil(lambda: len(listed(window)) == 1)
    window.running.select_cool_down(cool_down_id)
    with qtbot.waitSignal(events.schedule_changed):
        qtbot.mouseClick(window.running.stop_button, Qt.MouseButton.LeftButton)
    assert services.cool_downs.get(cool_down_id).state == "ended"
    qtbot.waitUntil(lambda: listed(window) == [])
    assert "Stopped the cool-down on INC-9" in window.status.text()
    assert not window.running.ticking


def test_clipboard_text_is_offered_when_it_looks_like_a_ticket(
    qtbot: QtBot, opened: tuple[CoolDownWindow, list[int]]
) -> None:
    window, _ = opened
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("/home/someone/notes.txt")
    assert not window.offer_text(clipboard.text())
    assert window.ticket.toPlainText() == ""
    clipboard.setText(ANGRY)
    with qtbot.waitSignal(window.scored, timeout=10_000):
        assert window.offer_text(clipboard.text())
    assert window.ticket.toPlainText() == ANGRY and window.heat.value() >= INFLAMMATORY_AT
    assert not window.offer_text(CALM)  # what the technician already pasted stays
    assert (
        looks_like_ticket(CALM) and not looks_like_ticket("INC-1234") and not looks_like_ticket("")
    )


def test_an_empty_ticket_cannot_be_started(
    qtbot: QtBot, opened: tuple[CoolDownWindow, list[int]], services: Services
) -> None:
    window, _ = opened
    assert not window.start_button.isEnabled()
    window.ticket.setPlainText("   ")
    assert not window.start_button.isEnabled()
    window.start_cool_down()
    assert services.cool_downs.running() == []
