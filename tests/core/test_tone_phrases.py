"""Phrase lists: placeholders, sentence anchors, apostrophes, overlaps, weights."""

from __future__ import annotations

from itfriend.core.tone.phrases import PhraseList, parse_entries


def compile_list(*lines: str) -> PhraseList:
    return PhraseList(parse_entries(list(lines)))


def test_placeholders_match_numbers_ordinals_days_and_times() -> None:
    phrases = compile_list("for {n} days", "{nth} time", "since {day}", "by {time}")
    text = "Broken for four days, the 3rd time since Monday; fix it by 3pm or for 12 days more."
    assert [h.text for h in phrases.find(text)] == [
        "for four days",
        "3rd time",
        "since Monday",
        "by 3pm",
        "for 12 days",
    ]


def test_whole_words_only_and_curly_apostrophes() -> None:
    phrases = compile_list("still", "i'm done")
    assert phrases.find("The distiller is stillborn") == []
    assert [h.text for h in phrases.find("I’m done. Still.")] == ["I’m done", "Still"]


def test_anchored_entries_match_at_sentence_start_only() -> None:
    phrases = compile_list("^ again,")
    assert [h.start for h in phrases.find("Again, no. It locks again, then works.")] == [0]
    assert len(phrases.find("It works. Again, the remote.")) == 1


def test_longest_overlapping_entry_wins_and_values_are_kept() -> None:
    phrases = compile_list("joke | 14", "a complete joke | 20", "thanks", "thanks")
    hits = phrases.find("This is a complete joke, thanks")
    assert [(h.text, h.value) for h in hits] == [("a complete joke", "20"), ("thanks", "")]
    assert phrases.weight(hits[0], 5) == 20
    assert phrases.weight(hits[1], 5) == 5
    assert len(phrases.entries) == 3


def test_contractions_typed_without_the_apostrophe_still_match() -> None:
    phrases = compile_list("can't believe", "what's the point", "we're busy")
    assert [h.text for h in phrases.find("cant believe it. whats the point")] == [
        "cant believe",
        "whats the point",
    ]
    # 're and 'll keep their apostrophe: "were" and "well" are words of their own.
    assert phrases.find("we were busy") == []


def test_general_placeholders_for_months_intensifiers_and_ease() -> None:
    phrases = compile_list("since {month}", "it's {very}{easy}", "as previously {said}")
    text = "Broken since September. It's really quite straightforward, as previously explained."
    assert [h.text for h in phrases.find(text)] == [
        "since September",
        "It's really quite straightforward",
        "as previously explained",
    ]


def test_entries_starting_with_a_number_are_found_by_number_words_and_digits() -> None:
    phrases = compile_list("{n} days without", "{nth} visit")
    text = "Four days without email, 12 days without a phone, the 3rd visit and the fifth visit."
    assert [h.text for h in phrases.find(text)] == [
        "Four days without",
        "12 days without",
        "3rd visit",
        "fifth visit",
    ]
