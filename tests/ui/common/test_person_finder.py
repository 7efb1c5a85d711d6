"""Finding a person by typing: the ranking, and matching off the GUI thread for big lists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from itfriend.ui.common.fuzzy_match import SCORE_AT_MOST, best_matches
from itfriend.ui.common.person_finder import IN_BACKGROUND_ABOVE, Candidate, PersonFinder

TEXTS = [
    "grace hopper grace@example.org engineering",
    "ada lovelace ada@example.org finance",
    "alan turing alan@example.org research",
    "barbara liskov  engineering",
]


def test_literal_matches_come_first_and_all_words_must_match() -> None:
    assert sorted(best_matches("engineering", TEXTS, 8) or []) == [0, 3]
    assert best_matches("engineering lisk", TEXTS, 8) == [3]
    assert best_matches("ADA@example", TEXTS, 8) == [1]


def test_a_typo_still_finds_the_person() -> None:
    assert (best_matches("grce hoper", TEXTS, 8) or [])[:1] == [0]
    assert (best_matches("alen turng", TEXTS, 8) or [])[:1] == [2]


def test_nothing_alike_finds_nobody() -> None:
    assert best_matches("zzzzqqq", TEXTS, 8) == []
    assert best_matches("   ", TEXTS, 8) == []


def test_many_literal_matches_are_ranked_by_where_the_word_appears() -> None:
    texts = [f"someone {i} sam{i}@example.org sales" for i in range(SCORE_AT_MOST + 10)]
    texts.append("sam smith sam@example.org sales")
    assert (best_matches("sam", texts, 3) or [])[:1] == [len(texts) - 1]


def test_a_long_fuzzy_pass_stops_when_no_longer_wanted() -> None:
    texts = [f"person {i} example" for i in range(20_000)]
    assert best_matches("qwxz", texts, 5, still_wanted=lambda: False) is None


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
