"""A ticket's rhetoric: fragments, hammering, pointed questions, scare quotes, sarcasm, blame."""

from __future__ import annotations

from itfriend.core.tone import score_ticket
from itfriend.core.tone.rhetoric import rhetoric


def whys(text: str) -> set[str]:
    return {signal.why for signal in rhetoric(text)}


def test_a_run_of_clipped_fragments_counts_but_one_short_sentence_does_not() -> None:
    assert any("fragments" in w for w in whys("Week two. No laptop. No word from anyone."))
    assert not any("fragments" in w for w in whys("Printer jammed. Could you look today?"))
    assert not any("fragments" in w for w in whys("Thanks so much. No rush at all."))


def test_the_same_opening_hammered_and_a_flat_contradiction() -> None:
    hammered = "I've rebooted. I've swapped the cable. I've rung twice."
    assert "the same opening hammered home" in whys(hammered)
    assert any("contradiction" in w for w in whys("They said it was sorted. It isn't."))
    assert not whys("I restarted the laptop. The screen came back after that.")


def test_pointed_questions_but_not_requests_for_help() -> None:
    assert "a pointed question" in whys("Did anyone actually read my email?")
    assert "a pointed question" in whys("Does anybody even check these things")
    assert "a pointed question" not in whys("Could someone actually come and look at it?")
    assert "a pointed question" not in whys("How do I add a printer?")


def test_scare_quotes_but_not_quoted_messages() -> None:
    assert any("scare" in w for w in whys("The 'repair' took three weeks."))
    assert not any("scare" in w for w in whys("The screen shows 'no signal' since lunch."))
    assert not any("scare" in w for w in whys("I get a 'printer offline' message."))


def test_lone_praise_is_sarcasm_only_inside_a_complaint() -> None:
    assert any("sarcasm" in w for w in whys("Superb. The update deleted none of the bugs."))
    assert not any("sarcasm" in w for w in whys("Great, thanks! It works now."))
    assert not any("sarcasm" in w for w in whys("Lovely. The new laptop works well."))


def test_harm_pinned_on_it_is_blame() -> None:
    assert any("blame" in w for w in whys("Your update broke the register app."))
    assert any("blame" in w for w in whys("Whatever you did yesterday wiped my desktop."))
    assert not any("blame" in w for w in whys("Could you check why it crashed?"))
    assert not any("blame" in w for w in whys("I think I broke the stapler, sorry."))


def test_rhetoric_alone_makes_a_ticket_without_stock_phrases_inflammatory() -> None:
    result = score_ticket(
        "Your 'upgrade' wiped the seating plans. Three lessons. Three. Did anyone even try it "
        "on a real classroom before pushing it out?"
    )
    assert result.inflammatory
    calm = score_ticket("The seating plan app logs me out after an hour. Could you have a look?")
    assert not calm.inflammatory
