"""Finding a person by typing: matching off the GUI thread for big lists, and picking."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from itfriend.core.people_search.candidates import Candidate
from itfriend.ui.common.person_finder import IN_BACKGROUND_ABOVE, PersonFinder


@pytest.fixture
def finder(qtbot: QtBot) -> Iterator[PersonFinder]:
    widget = PersonFinder()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.stop()


def test_big_lists_are_matched_in_the_background(qtbot: QtBot, finder: PersonFinder) -> None:
    count = IN_BACKGROUND_ABOVE + 1000
    finder.set_candidates(
        [Candidate(i, f"Person {i}", f"person {i} p{i}@example.org") for i in range(count)]
    )
    with qtbot.waitSignal(finder.matched, timeout=10_000):
        qtbot.keyClicks(finder.search, "p5999@")
    assert finder.results.count() == 1
    assert finder.results.item(0).text() == "Person 5999"
    with qtbot.waitSignal(finder.picked, timeout=5_000) as picked:
        qtbot.keyClick(finder.search, Qt.Key.Key_Return)
    assert picked.args == [5999, "Person 5999"]
