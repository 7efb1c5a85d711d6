"""Phrase lists from ``resources/words``, compiled into one regular expression each.

A list has one entry a line (``#`` starts a comment). An entry is a phrase, matched
case-insensitively as whole words, optionally followed by ``| value``: a weight (a number) or a
kinder suggestion (text).
A few placeholders keep the lists general instead of spelling out every variant: ``{n}`` is a
number ("3", "three", "several"), ``{nth}`` an ordinal ("third", "4th"), ``{day}`` a weekday and
``{time}`` a clock time ("3pm", "11:30"). An entry starting with ``^`` matches only at the start
of a sentence. A curly apostrophe matches a straight one.
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
_PLACEHOLDERS = {
    "{n}": f"(?:{_NUMBER_WORDS})",
    "{nth}": f"(?:{_ORDINALS})",
    "{day}": f"(?:{_DAYS})",
    "{time}": f"(?:{_TIME})",
}
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in _PLACEHOLDERS))


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
    entry is filed under its first word and only tried where a word like it starts. Entries that
    begin with a placeholder or an anchor share one small alternation.
    """

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries
        self._by_first_word: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        generic: list[str] = []
        for index, (phrase, _value) in enumerate(entries):
            first = _FIRST_WORD.match(phrase)
            if first is None:
                generic.append(f"(?P<e{index}>{_entry_pattern(phrase)})")
                continue
            regex = re.compile(_bounded(_entry_pattern(phrase)), _FLAGS)
            self._by_first_word.setdefault(first.group(), []).append((index, regex))
        self._generic = re.compile(_bounded("|".join(generic)), _FLAGS) if generic else None

    def find(self, text: str, words: list[tuple[int, str]] | None = None) -> list[PhraseHit]:
        """Every entry found in ``text``; pass ``words_of(text)`` when searching several lists."""
        found: list[tuple[int, int, int]] = []
        for position, word in words if words is not None else words_of(text):
            for index, regex in self._by_first_word.get(word, ()):
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


def _literal(text: str) -> str:
    escaped = re.escape(text)
    return escaped.replace("'", "['’]").replace("\\ ", "\\s+")


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
