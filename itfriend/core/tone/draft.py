"""The tone check of a draft reply: what might hurt or lose the reader, with kinder wording.

Serious problems (condescension, blame, brush-offs, curt replies, heavy jargon, very hard reading,
far too long) make the draft not ok; smaller ones (no greeting, no next step, one technical word)
are shown as advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itfriend.core.tone.jargon import find_jargon
from itfriend.core.tone.phrases import PhraseHit, shipped
from itfriend.core.tone.readability import reading_grade

CURT_WORDS = 12
LONG_WORDS, TOO_LONG_WORDS = 200, 350
HARD_GRADE, TOO_HARD_GRADE = 13.0, 16.0
JARGON_SERIOUS = 2  # distinct unexplained terms
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class DraftIssue:
    """One problem in a draft: kind, phrase, a kinder suggestion, and whether it is serious."""

    kind: str
    phrase: str
    suggestion: str
    serious: bool
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "phrase": self.phrase,
            "suggestion": self.suggestion,
            "serious": self.serious,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class DraftCheck:
    """The verdict on a draft: ``ok`` when nothing serious is flagged."""

    ok: bool
    issues: tuple[DraftIssue, ...]
    words: int
    reading_grade: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "issues": [i.to_json() for i in self.issues],
            "words": self.words,
            "reading_grade": self.reading_grade,
        }


def check_draft(text: str, *, recipient: str = "", data_dir: Path | None = None) -> DraftCheck:
    """Check a draft reply. ``recipient`` is the reader's name (a greeting may use it instead of
    "Hi"); ``data_dir`` is the data folder, whose ``words/jargon.txt`` extends the jargon list."""
    words = len(_WORD.findall(text))
    issues: list[DraftIssue] = []
    for kind, name in (
        ("condescension", "draft_condescension"),
        ("blame", "draft_blame"),
        ("dismissive", "draft_dismissive"),
    ):
        issues += [_phrase_issue(kind, hit) for hit in shipped(name).find(text)]
    has_next_step = bool(shipped("draft_next_step").find(text))
    greeted = _greets(text, recipient)
    if not has_next_step:
        issues += [
            DraftIssue(
                "dismissive",
                hit.text,
                "say what happens next, or how they can come back to you if it is not fixed",
                True,
                hit.start,
                hit.end,
            )
            for hit in shipped("draft_closing").find(text)
        ]
    if words <= CURT_WORDS and not greeted and not has_next_step:
        issues.append(
            DraftIssue(
                "curt",
                text.strip(),
                "greet them, say what you did and what happens next",
                True,
                0,
                len(text),
            )
        )
    issues += _jargon_issues(text, data_dir)
    grade = reading_grade(text, words)
    if grade is not None and grade >= HARD_GRADE:
        issues.append(
            DraftIssue(
                "hard_reading",
                f"reading grade {grade:g}",
                "use shorter sentences and everyday words",
                grade >= TOO_HARD_GRADE,
            )
        )
    if words > LONG_WORDS:
        issues.append(
            DraftIssue(
                "too_long",
                f"{words} words",
                "keep to what they need to do and when; link to details",
                words > TOO_LONG_WORDS,
            )
        )
    if not greeted:
        hello = f"Hi {recipient.split()[0]}," if recipient.strip() else "Hi (their name),"
        issues.append(DraftIssue("no_greeting", _opening(text), f'start with "{hello}"', False))
    if not has_next_step:
        issues.append(
            DraftIssue(
                "no_next_step",
                "",
                'say what happens next and when, e.g. "I\'ll check on it again tomorrow at 10"',
                False,
            )
        )
    issues = _dedupe(issues)
    return DraftCheck(not any(i.serious for i in issues), tuple(issues), words, grade)


def _phrase_issue(kind: str, hit: PhraseHit) -> DraftIssue:
    return DraftIssue(kind, hit.text, hit.value or "reword it kindly", True, hit.start, hit.end)


def _jargon_issues(text: str, data_dir: Path | None) -> list[DraftIssue]:
    hits = find_jargon(text, data_dir)
    serious = len(hits) >= JARGON_SERIOUS
    return [
        DraftIssue(
            "jargon",
            hit.term,
            f'say it in everyday words, or explain "{hit.term}" in brackets',
            serious,
            hit.start,
            hit.end,
        )
        for hit in hits
    ]


def _greets(text: str, recipient: str) -> bool:
    opening = text.strip()[:60]
    hits = shipped("draft_greeting").find(opening)
    if any(hit.start <= 2 for hit in hits):
        return True
    names = [part for part in recipient.split() if len(part) > 1]
    first_words = " ".join(_WORD.findall(opening)[:3]).lower()
    return any(name.lower() in first_words for name in names)


def _opening(text: str) -> str:
    return " ".join(text.split()[:5])


def _dedupe(issues: list[DraftIssue]) -> list[DraftIssue]:
    """One issue per place: a longer phrase of one kind hides a shorter one it contains."""
    kept: list[DraftIssue] = []
    for issue in sorted(issues, key=lambda i: (i.start, -(i.end - i.start))):
        if issue.end > issue.start and any(
            k.kind == issue.kind and k.start <= issue.start and issue.end <= k.end for k in kept
        ):
            continue
        kept.append(issue)
    return kept
