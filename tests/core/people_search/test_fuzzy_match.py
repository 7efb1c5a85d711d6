"""Ranking people for what was typed: literal matches first, typo-tolerant otherwise."""

from __future__ import annotations

from itfriend.core.people_search.candidates import candidates_of
from itfriend.core.people_search.fuzzy_match import SCORE_AT_MOST, best_matches

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


def test_candidates_show_name_and_details_and_match_in_lowercase() -> None:
    from tests.core.people_search.test_people_index import people

    rows = people(8)
    candidates = candidates_of(rows)
    assert [c.id for c in candidates] == [r.id for r in rows]
    with_email = next(c for c, r in zip(candidates, rows, strict=True) if r.email)
    row = rows[with_email.id]
    assert with_email.label == f"{row.name} — {row.department} · {row.email}"
    assert with_email.text == f"{row.name} {row.email} {row.department}".lower()
    without = next(c for c, r in zip(candidates, rows, strict=True) if not r.email)
    assert without.label == f"{rows[without.id].name} — {rows[without.id].department}"
