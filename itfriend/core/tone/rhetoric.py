"""How an angry ticket is built, beyond the words it uses: its rhetoric.

Angry people rarely use the same stock phrases, but they write in recognisable ways: short clipped
fragments ("Day five. Still nothing."), the same opening hammered again ("I've restarted it. I've
unplugged it. I've ..."), pointed questions ("did anyone actually test this?"), IT's own words held
up in scare quotes (the 'fix'), and one-word praise that means the opposite ("Marvellous.").
These signals look at the shape of the text, so they carry over to tickets no list foresaw.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from itfriend.core.tone import sentiment

FRAGMENT_WORDS = 4  # a sentence this short, with no request or thanks in it, is a clipped fragment
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
# Words that make a short sentence a courtesy or a request rather than a clipped retort.
_COURTEOUS = frozenset(
    [
        "please",
        "thanks",
        "thank",
        "cheers",
        "hi",
        "hello",
        "hey",
        "morning",
        "afternoon",
        "evening",
        "dear",
        "regards",
        "sorry",
        "rush",
        "appreciated",
        "grateful",
        "best",
        "kind",
        "could",
        "would",
        "can",
    ]
)
# Words that sharpen a question into a pointed one ("is anyone actually ...?").
_POINTED = re.compile(
    r"\b(?:even|actually|exactly|at all|really|honestly|seriously|genuinely|on earth|"
    r"how come|how is it|how is that|what(?:'?s| is) the (?:actual |real )?point)\b",
    re.IGNORECASE,
)
# Questions opening with these ask for help, and are not pointed.
_REQUEST = re.compile(
    r"^(?:\W*)(?:could|can|would|will|may|might|please|is there|are there|any|do you know|"
    r"does anyone know|what should|how do|how can|should|who should|where)\b",
    re.IGNORECASE,
)
_QUESTION_WORDS = frozenset(
    [
        "why",
        "how",
        "what",
        "whats",
        "what's",
        "who",
        "did",
        "does",
        "do",
        "is",
        "are",
        "has",
        "have",
        "was",
        "were",
    ]
)
_QUOTED = re.compile(r"(?<![\w])(['‘\"“])([^'‘’\"“”\n]{2,40}?)(['’\"”])(?![\w])")
# A quotation after these words reports what a screen or a person said; it is not a scare quote.
_REPORTING = re.compile(
    r"(?:says?|saying|said|message|error|shows?|showing|reads?|called|named|labell?ed|titled|"
    r"choose|chose|select|click|clicked|press|type|typed|option|button|tab|folder|file|menu|"
    r"pops? up|popped up|appears?|like|as)\W*$",
    re.IGNORECASE,
)
# "It was not." / "It isn't fixed." on its own: the writer flatly contradicting what they were told.
_RETORT = re.compile(
    r"^(?:it|that|this|they|nothing)\s+(?:is|was|has|did|does|are|were|have)(?:\s+not|n['’]?t)"
    r"(?:\s+(?:fixed|sorted|working|done|resolved|better|fine))?\s*[.!]*$",
    re.IGNORECASE,
)
# ... or when followed by what it is: "a 'no signal' message", "the 'Save' button".
_REPORTED_AFTER = re.compile(
    r"\s*(?:message|error|warning|screen|box|prompt|pop-?up|button|option|tab|menu|light|"
    r"status|sign|notice|banner|setting|folder|file|link|icon|page|window)s?\b",
    re.IGNORECASE,
)
_PRAISE_AT = 2.0  # VADER valence from which a lone word reads as praise ("good" is 1.9)


@dataclass(frozen=True)
class Signal:
    """One piece of rhetoric found in a ticket."""

    start: int
    end: int
    text: str
    why: str
    points: int


def rhetoric(text: str) -> list[Signal]:
    """Every rhetorical signal of anger in ``text``."""
    found = sentiment.sentences(text)
    return (
        _fragments(found)
        + _hammering(found)
        + _pointed_questions(found)
        + _scare_quotes(text)
        + _sarcastic_praise(found)
        + _harm_blamed_on_it(text)
    )


@lru_cache(maxsize=1024)
def _words(sentence: str) -> tuple[str, ...]:
    """The lowered words of a sentence (cached: each signal reads the same sentences)."""
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(sentence))


_NEGATION = re.compile(r"\b(?:not|no|none|nothing|never|nobody|without)\b|n['’]?t\b", re.I)


def _complains(sentence: str) -> bool:
    """A sentence that reports something wrong: negated, or negative in VADER's lexicon."""
    return bool(_NEGATION.search(sentence)) or sentiment.rough_valence(sentence) < 0


def _fragments(found: list[sentiment.Sentence]) -> list[Signal]:
    """Two or more clipped fragments: one short sentence is normal, a run of them is a retort."""
    clipped = [
        s
        for s in found
        if 0 < len(_words(s.text)) <= FRAGMENT_WORDS and not _COURTEOUS & set(_words(s.text))
    ]
    if len(clipped) < 2:
        return []
    return [
        Signal(s.start, s.end, s.text, "clipped fragments (exasperation)", 6) for s in clipped[:3]
    ]


def _hammering(found: list[sentiment.Sentence]) -> list[Signal]:
    """Sentences hammering the same opening word ("Still ... Still ... Still"), or a word thrown
    back on its own right after the sentence that used it ("It's Thursday. Thursday!")."""
    signals: list[Signal] = []
    openings = [(_words(s.text)[:1] or [""])[0] for s in found]
    for index in range(len(found) - 2):
        trio = openings[index : index + 3]
        if trio[0] and trio[0] not in {"the", "a", "it", "this"} and len(set(trio)) == 1:
            first, last = found[index], found[index + 2]
            why = "the same opening hammered home"
            signals.append(Signal(first.start, last.end, trio[0], why, 10))
            break
    for before, after in itertools.pairwise(found):
        echo = _words(after.text)
        if 1 <= len(echo) <= 2 and len(echo[0]) >= 3 and echo[0] in _words(before.text):
            signals.append(Signal(after.start, after.end, after.text, "a word thrown back", 8))
            break
    for sentence in found:
        if _RETORT.match(sentence.text):
            why = "a flat contradiction (hammered home)"
            signals.append(Signal(sentence.start, sentence.end, sentence.text, why, 8))
            break
    return signals


def _pointed_questions(found: list[sentiment.Sentence]) -> list[Signal]:
    """Questions that accuse rather than ask ("why is it always us?", "did anyone even try?")."""
    signals: list[Signal] = []
    for sentence in found:
        asks = sentence.text.rstrip().endswith("?")
        words = _words(sentence.text)
        if not words or _REQUEST.match(sentence.text):
            continue
        pointed = _POINTED.search(sentence.text) is not None
        # Typed in a hurry, a question often loses its "?": its opening word still shows it.
        asks = asks or words[0] in _QUESTION_WORDS
        why_question = words[0] in {"why", "who"} and sentence.text.rstrip().endswith("?")
        if (asks and pointed) or why_question:
            signals.append(
                Signal(sentence.start, sentence.end, sentence.text, "a pointed question", 9)
            )
    return signals[:2]


def _scare_quotes(text: str) -> list[Signal]:
    """Short quotations of what IT said or did, held up to doubt: the 'fix', 'should be fine'."""
    signals: list[Signal] = []
    for match in _QUOTED.finditer(text):
        if _REPORTING.search(text[max(0, match.start() - 25) : match.start()]):
            continue
        if _REPORTED_AFTER.match(text, match.end()):
            continue
        if len(_words(match.group(2))) > 6:
            continue
        why = "scare quotes around IT's words (sarcasm)"
        signals.append(Signal(match.start(), match.end(), match.group(), why, 8))
    return signals[:2]


# IT, or what IT did, as the subject of a verb of damage: "your update wiped", "whatever you did
# broke", "IT has locked". Up to four words may come between, but no other subject: in "could
# you check why it crashed" the crash is not blamed on the reader.
_HARM = re.compile(
    r"(?:\b(?i:whatever you did|what you did|you've|you have|your|you|someone in IT|the IT team)\b"
    r"|\bIT\b)"  # "IT" in capitals only: "it" is every other word
    r"((?:\s+[\w'’‘]+){0,4}?)\s+(?i:has\s+|have\s+)?"
    r"(?i:broke|broken|wiped|deleted|lost|ruined|removed|locked|disabled|messed|wrecked|"
    r"killed|trashed|changed|cut off|made a mess)\b"
)
_OTHER_SUBJECT = re.compile(
    r"\b(?:i|it|we|they|he|she|check|see|tell|know|think|help|could|can|would|please)\b", re.I
)


def _harm_blamed_on_it(text: str) -> list[Signal]:
    """Damage pinned on IT ("your 'fix' wiped my bookmarks"): blame, however it is worded."""
    for match in _HARM.finditer(text):
        if _OTHER_SUBJECT.search(match.group(1)):
            continue
        return [Signal(match.start(), match.end(), match.group(), "blame: harm pinned on IT", 12)]
    return []


def _sarcastic_praise(found: list[sentiment.Sentence]) -> list[Signal]:
    """A lone word of praise ("Marvellous.", "Great,") inside a complaint reads as sarcasm."""
    if len(found) < 2 or not any(_complains(s.text) for s in found):
        return []
    lexicon: dict[str, float] = sentiment.analyzer().lexicon
    signals: list[Signal] = []
    for sentence in found:
        words = _words(sentence.text)
        if not words or _COURTEOUS & set(words) or words[-1] in {"luck", "news"}:
            continue
        opener = re.match(r"\W*(\w+)\s*([,.!])", sentence.text)
        lone = len(words) <= 3 or (opener is not None and opener.group(1).lower() == words[0])
        if lone and lexicon.get(words[0], 0.0) >= _PRAISE_AT:
            end = sentence.start + len(sentence.text.split()[0])
            why = "praise that means the opposite (sarcasm)"
            signals.append(Signal(sentence.start, end, sentence.text.split()[0], why, 18))
    return signals[:1]
