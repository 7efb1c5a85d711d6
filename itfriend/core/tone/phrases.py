"""Phrase lists from ``resources/words``, compiled into one regular expression each.

A list has one entry a line (``#`` starts a comment). An entry is a phrase, matched
case-insensitively as whole words, optionally followed by ``| value``: a weight (a number) or a
kinder suggestion (text).
A few placeholders keep the lists general instead of spelling out every variant: ``{n}`` is a
number ("3", "three", "several"), ``{nth}`` an ordinal ("third", "4th"), ``{day}`` a weekday,
``{month}`` a month or a school holiday, ``{time}`` a clock time ("3pm", "11:30"), ``{said}`` a verb
of telling ("explained", "mentioned"), ``{very}`` any run of intensifiers, possibly none ("really
quite "), ``{easy}`` a word calling a task easy, ``{others}`` other people held up as an example
("most people", "everyone else") and ``{doc}`` a document one is told to read ("guide", "policy").
An entry starting with ``^`` matches only at the start of a sentence. A curly apostrophe matches a
straight one, and the apostrophe of a contraction may be left out ("dont", "ive", "whats"), as
people often do when typing in a hurry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from itfriend.core.resources import read_word_list

_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    "|a few|a couple of|several|many|multiple|countless|\\d+"
)
_ORDINALS = (
    "second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|umpteenth|nth|\\d+(?:st|nd|rd|th)"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_TIME = "\\d{1,2}(?:[:.]\\d{2})?\\s?(?:am|pm)|\\d{1,2}[:.]\\d{2}|noon|midday"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    "|christmas|easter|half[ -]term|the holidays|the summer|the new year"
)
_SAID = "explained|mentioned|stated|said|advised|outlined|noted|pointed out|told you"
_VERY = (
    "(?:(?:very|really|quite|so|pretty|fairly|honestly|actually|extremely|incredibly|super|all"
    "|rather|perfectly|just|genuinely|totally|completely|not)\\s+)*"
)
_EASY = "easy|simple|straightforward|obvious|self-explanatory|basic|trivial"
_OTHERS = (
    "most people|most staff|most users|most teachers|most colleagues|everyone else|everybody else"
    "|other staff|other people|other users|anyone else"
)
_DOC = (
    "guide|guides|instructions|manual|policy|email|emails|bulletin|handbook|faq|notice|newsletter"
    "|documentation|article|memo|announcement|update"
)
_PLACEHOLDERS = {
    "{n}": f"(?:{_NUMBER_WORDS})",
    "{nth}": f"(?:{_ORDINALS})",
    "{day}": f"(?:{_DAYS})",
    "{month}": f"(?:{_MONTHS})",
    "{time}": f"(?:{_TIME})",
    "{said}": f"(?:{_SAID})",
    "{very}": _VERY,
    "{easy}": f"(?:{_EASY})",
    "{others}": f"(?:{_OTHERS})",
    "{doc}": f"(?:{_DOC})",
}
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in _PLACEHOLDERS))
_DIGIT = "#digit"  # the index key under which entries starting with a number are filed


def _starts(alternatives: str) -> tuple[str, ...]:
    """The words an alternation of plain words can start with (``_DIGIT`` for ``\\d``)."""
    keys = {_DIGIT if alt.startswith("\\d") else alt.split()[0] for alt in alternatives.split("|")}
    return tuple(sorted(keys))


# The first words each simple placeholder can start with, so that entries beginning with one are
# only tried where such a word starts ("{n} days" where a number or "several" is).
_PLACEHOLDER_STARTS = {
    "{n}": _starts(_NUMBER_WORDS),
    "{nth}": (*_starts(_ORDINALS.partition("|\\d")[0]), _DIGIT),
    "{day}": _starts(_DAYS),
    "{time}": (_DIGIT, "noon", "midday"),
}


@dataclass(frozen=True)
class PhraseHit:
    """One place where an entry matched: its span, the text there and the entry's value."""

    start: int
    end: int
    text: str
    entry: str
    value: str


class PhraseList:
    """A compiled list: finds every non-overlapping entry in a text, the longest where two overlap.

    One alternation of every entry would be tried at every character of a long ticket; instead each
    entry is filed under its first word and only tried where a word like it starts. An entry that
    begins with a placeholder is filed under each word the placeholder can start with (``_DIGIT``
    standing for any number); entries that begin with an anchor share one small alternation.
    """

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries
        self._by_first_word: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        generic: list[str] = []
        for index, (phrase, _value) in enumerate(entries):
            first = _FIRST_WORD.match(phrase)
            leading = _PLACEHOLDER.match(phrase)
            if first is None and (leading is None or leading.group() not in _PLACEHOLDER_STARTS):
                generic.append(f"(?P<e{index}>{_entry_pattern(phrase)})")
                continue
            regex = re.compile(_bounded(_entry_pattern(phrase)), _FLAGS)
            keys = (
                _first_word_keys(phrase, first)
                if first is not None
                else _PLACEHOLDER_STARTS[leading.group()]  # type: ignore[union-attr]
            )
            for key in keys:
                self._by_first_word.setdefault(key, []).append((index, regex))
        self._generic = re.compile(_bounded("|".join(generic)), _FLAGS) if generic else None

    def find(self, text: str, words: list[tuple[int, str]] | None = None) -> list[PhraseHit]:
        """Every entry found in ``text``; pass ``words_of(text)`` when searching several lists."""
        found: list[tuple[int, int, int]] = []
        numbered = self._by_first_word.get(_DIGIT)
        for position, word in words if words is not None else words_of(text):
            candidates = self._by_first_word.get(word, ())
            if numbered and word[0].isdigit():
                candidates = [*candidates, *numbered]
            for index, regex in candidates:
                match = regex.match(text, position)
                if match is not None:
                    found.append((match.start(), match.end(), index))
        if self._generic is not None:
            for match in self._generic.finditer(text):
                assert match.lastgroup is not None
                found.append((match.start(), match.end(), int(match.lastgroup[1:])))
        hits: list[PhraseHit] = []
        for start, end, index in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
            if hits and start < hits[-1].end:
                continue
            entry, value = self.entries[index]
            hits.append(PhraseHit(start, end, text[start:end], entry, value))
        return hits

    def weight(self, hit: PhraseHit, default: int) -> int:
        """The weight written after an entry (``again | 4``), or ``default``."""
        return int(hit.value) if hit.value.strip().lstrip("-").isdigit() else default


_FLAGS = re.IGNORECASE | re.MULTILINE
# The first word of an entry (None when it starts with a placeholder or ^) and of the text.
_FIRST_WORD = re.compile(r"[a-z0-9]+(?=$|[^a-z0-9{])")
_TEXT_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+")


def _first_word_keys(phrase: str, first: re.Match[str]) -> tuple[str, ...]:
    """The words a text may start the entry with: "don't" is also typed "dont"."""
    contraction = _CONTRACTION.match(phrase, first.end())
    if contraction is None:
        return (first.group(),)
    suffix = re.match(r"'([a-z]+)", phrase[first.end() :])
    assert suffix is not None
    return (first.group(), first.group() + suffix.group(1))


def words_of(text: str) -> list[tuple[int, str]]:
    """Where each word starts, with the word lowered: the keys ``PhraseList.find`` looks up."""
    return [(m.start(), m.group().lower()) for m in _TEXT_WORD.finditer(text)]


def _bounded(pattern: str) -> str:
    return rf"(?<![\w'])(?:{pattern})(?![\w'])"


def _entry_pattern(phrase: str) -> str:
    parts: list[str] = []
    if phrase.startswith("^"):
        phrase = phrase[1:].lstrip()
        parts.append(r"(?:^|(?<=[.!?]\s)|(?<=[.!?]))")
    position = 0
    for match in _PLACEHOLDER.finditer(phrase):
        parts.append(_literal(phrase[position : match.start()]))
        parts.append(_PLACEHOLDERS[match.group()])
        position = match.end()
    parts.append(_literal(phrase[position:]))
    return "".join(parts)


# The apostrophe of these contractions is often left out ("cant", "ive", "whats"); those of 'll
# and 're are kept, because "ill", "well", "were" and "hell" are words of their own.
_CONTRACTION = re.compile(r"'(?=(?:t|ve|m|s|d)\b)")


def _literal(text: str) -> str:
    parts = _CONTRACTION.split(text)
    optional = "['’]?".join(re.escape(part).replace("'", "['’]") for part in parts)
    return optional.replace("\\ ", "\\s+")


def parse_entries(lines: list[str]) -> list[tuple[str, str]]:
    """Split ``phrase | value`` lines; the phrase is lowered and its spaces normalised."""
    entries: dict[str, str] = {}
    for line in lines:
        phrase, _, value = line.partition("|")
        phrase = " ".join(phrase.lower().replace("’", "'").split())
        if phrase and phrase not in entries:
            entries[phrase] = value.strip()
    return list(entries.items())


@cache
def shipped(name: str) -> PhraseList:
    """The shipped list ``resources/words/<name>.txt``, compiled once per process."""
    return PhraseList(parse_entries(read_word_list(f"{name}.txt")))


def first_unused(hits: list[PhraseHit], taken: list[tuple[int, int]]) -> list[PhraseHit]:
    """The hits that do not overlap a span already used by another signal."""
    free = []
    for hit in hits:
        if all(hit.end <= start or hit.start >= end for start, end in taken):
            free.append(hit)
    return free
