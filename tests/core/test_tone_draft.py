"""The tone check of a draft reply: the issue's example and each kind of flag."""

from __future__ import annotations

from pathlib import Path

from itfriend.core.tone import check_draft, user_jargon_file

ISSUE_REPLY = (
    "We clearly told you last week in our weekly update that you were going to need to update "
    "your computer before X date if you wanted your computer to remain functional. We have a long "
    "backlog of tickets for the day. We'll get to you sometime this afternoon or maybe tomorrow."
)
KIND_REPLY = (
    "Hi Sarah, thanks for letting me know, and sorry the printer has been playing up. I'll come "
    "to the staff room at 11:30 today to replace the roller. Best wishes, Sam"
)


def kinds(text: str, **kwargs: object) -> dict[str, list[tuple[str, bool]]]:
    found: dict[str, list[tuple[str, bool]]] = {}
    for issue in check_draft(text, **kwargs).issues:  # type: ignore[arg-type]
        found.setdefault(issue.kind, []).append((issue.phrase, issue.serious))
    return found


def test_the_issue_reply_is_not_ok() -> None:
    result = check_draft(ISSUE_REPLY)
    assert not result.ok
    flagged = {(i.kind, i.phrase.lower()) for i in result.issues if i.serious}
    assert ("condescension", "clearly") in flagged
    assert ("dismissive", "sometime") in flagged
    assert all(i.suggestion for i in result.issues)


def test_a_kind_clear_reply_is_ok() -> None:
    result = check_draft(KIND_REPLY)
    assert result.ok
    assert result.issues == ()


def test_condescension_and_blame_are_serious() -> None:
    found = kinds("Hi Tom, as I already said, you should have saved it first. I'll look today.")
    assert found["condescension"] == [("as I already said", True)]
    assert found["blame"] == [("you should have", True)]


def test_closing_without_next_step_is_dismissive() -> None:
    assert ("Closing", True) in kinds("Hi Jo, this is not something IT looks after. Closing.")[
        "dismissive"
    ]
    assert "dismissive" not in kinds(
        "Hi Jo, the printer is fixed and I'm closing the ticket. Let me know if it jams again."
    )


def test_a_curt_reply_is_not_ok() -> None:
    assert kinds("Restart it.")["curt"] == [("Restart it.", True)]
    assert not check_draft("Done").ok


def test_one_jargon_word_is_advice_two_are_serious() -> None:
    one = check_draft("Hi Ann, I cleared the cache on your laptop. Please try again now.")
    assert one.ok
    assert [(i.kind, i.phrase) for i in one.issues] == [("jargon", "cache")]
    two = check_draft("Hi Ann, I renewed the DHCP lease on the VLAN. Please try again now.")
    assert not two.ok
    assert {i.phrase for i in two.issues if i.kind == "jargon"} == {"DHCP lease", "VLAN"}


def test_common_and_explained_acronyms_are_not_jargon() -> None:
    text = (
        "Hi Ann, I've put the PDF on a USB stick for you, and MFA (the code on your phone) is "
        "now on. I'll check with you tomorrow."
    )
    assert "jargon" not in kinds(text)


def test_the_user_can_extend_the_jargon_list(tmp_path: Path) -> None:
    text = "Hi Ann, the quibbleflux on your laptop was reset. I'll check it tomorrow."
    assert "jargon" not in kinds(text, data_dir=tmp_path)
    user_list = user_jargon_file(tmp_path)
    user_list.parent.mkdir(parents=True)
    user_list.write_text("# our own words\nquibbleflux\n", encoding="utf-8")
    assert kinds(text, data_dir=tmp_path)["jargon"] == [("quibbleflux", False)]


def test_greeting_by_name_counts_and_a_missing_one_is_advice() -> None:
    assert "no_greeting" not in kinds(
        "Priya - your laptop is ready. I'll bring it at 2pm.", recipient="Priya Shah"
    )
    found = kinds("Your laptop is ready. I'll bring it at 2pm.", recipient="Priya Shah")
    assert found["no_greeting"] == [("Your laptop is ready. I'll", False)]
    issue = next(
        i
        for i in check_draft(
            "Your laptop is ready. I'll bring it at 2pm.", recipient="Priya Shah"
        ).issues
    )
    assert "Hi Priya," in issue.suggestion


def test_no_next_step_is_advice() -> None:
    result = check_draft("Hi Ann, the printer in the hall was out of paper, so I filled it.")
    assert result.ok
    assert [i.kind for i in result.issues] == ["no_next_step"]


def test_long_hard_reading_is_flagged() -> None:
    sentence = (
        "Institutional authentication infrastructure modernisation necessitates "
        "comprehensive reconfiguration of organisational credentials. "
    )
    result = check_draft("Hi Ann, " + sentence * 40 + "I'll call you tomorrow.")
    flagged = {i.kind: i.serious for i in result.issues}
    assert flagged["hard_reading"] is True
    assert flagged["too_long"] is True
    assert result.reading_grade is not None and result.reading_grade >= 16
