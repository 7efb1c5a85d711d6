"""The heat of a ticket: the issue's example, each signal, and calm-but-urgent tickets."""

from __future__ import annotations

from itfriend.core.tone import INFLAMMATORY_AT, score_ticket

ISSUE_TICKET = (
    "Something's broken with my computer. I'm getting a message that my connection is not "
    "secure. I seriously can't get anything done until it's fixed!! How am I supposed to do my "
    "job when my computer is broken like this!?!?"
)


def test_the_issue_ticket_is_inflammatory() -> None:
    result = score_ticket(ISSUE_TICKET)
    assert result.inflammatory
    assert result.heat >= INFLAMMATORY_AT
    phrases = {r.phrase for r in result.reasons}
    assert {"How am I supposed to", "!!", "!?!?"} <= phrases


def test_reasons_point_at_the_phrases_in_the_text() -> None:
    result = score_ticket(ISSUE_TICKET)
    for reason in result.reasons:
        assert ISSUE_TICKET[reason.start : reason.end].startswith(reason.phrase.rstrip("…"))
        assert reason.why
    assert [r.points for r in result.reasons] == sorted(
        (r.points for r in result.reasons), reverse=True
    )


def test_calm_but_urgent_ticket_is_not_inflammatory() -> None:
    result = score_ticket(
        "URGENT: the payroll PC won't start and payroll must be submitted by 3pm today. Could "
        "someone come to the finance office as soon as possible please? Thanks, Mark"
    )
    assert not result.inflammatory
    assert any(r.why == "urgency" for r in result.reasons)


def test_plain_request_scores_near_zero() -> None:
    result = score_ticket("Hi, could you install the maths software on the laptops in room 4?")
    assert result.heat < 10
    assert not result.inflammatory


def test_a_message_in_capitals_is_shouting() -> None:
    calm = score_ticket("the scanner sends scans to the wrong folder, can you look at it")
    shouted = score_ticket("THE SCANNER SENDS SCANS TO THE WRONG FOLDER, CAN YOU LOOK AT IT")
    assert any("capitals" in r.why for r in shouted.reasons)
    assert shouted.heat > calm.heat + 20


def test_common_acronyms_are_not_shouting() -> None:
    result = score_ticket("My PC cannot open the PDF from the USB stick. Could you help?")
    assert not any("capitals" in r.why for r in result.reasons)


def test_sarcastic_praise_raises_the_heat() -> None:
    sincere = score_ticket("The new laptop arrived and works well. Thanks for setting it up.")
    sarcastic = score_ticket("The update wiped my files. Thanks a lot. Great job, really.")
    assert sincere.heat == 0
    assert any(r.why == "sarcasm" for r in sarcastic.reasons)
    assert sarcastic.inflammatory


def test_repetition_and_threats_add_up() -> None:
    result = score_ticket(
        "This is the third time I have reported the projector. If it is not fixed this week I "
        "am going to the director."
    )
    whys = {r.why for r in result.reasons}
    assert {"repeated problem or long wait", "blame or a threat aimed at IT"} <= whys
    assert result.inflammatory


def test_one_list_cannot_pile_up_past_its_cap() -> None:
    urgent = score_ticket("urgent asap immediately emergency critical deadline today tonight")
    assert sum(r.points for r in urgent.reasons if r.why == "urgency") <= 10
    assert not urgent.inflammatory


def test_empty_and_huge_texts_stay_in_range() -> None:
    assert score_ticket("").heat == 0
    rant = "YOU PEOPLE ARE USELESS!!! " * 500
    assert score_ticket(rant).heat <= 100


def test_it_words_alone_are_not_read_as_anger() -> None:
    result = score_ticket("The backup failed with an error and the server is offline.")
    assert result.heat < 10
