"""Shouting in a ticket: capitals and runs of ``!``/``?``, which VADER does not weigh on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from itfriend.core.resources import read_word_list

_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")
_PUNCT_RUN = re.compile(r"[!?]*(?:!\?|\?!|!!|\?\?)[!?]*")


@dataclass(frozen=True)
class Shout:
    start: int
    end: int
    text: str
    why: str
    points: int


@cache
def common_acronyms() -> frozenset[str]:
    """Acronyms everyone knows (OK, PC, PDF): in capitals, but not shouting."""
    return frozenset(a.upper() for a in read_word_list("acronyms_allowed.txt"))


def capitals(text: str) -> list[Shout]:
    """A message mostly in capitals, else runs of three or more words in capitals."""
    words = _WORD.findall(text)
    if len(words) >= 4:
        upper = [w for w in words if w.isupper()]
        if len(upper) / len(words) >= 0.6:
            snippet = " ".join(text.split()[:6])
            return [
                Shout(0, len(text), snippet, "written in capitals, which reads as shouting", 30)
            ]
    shouts = []
    run: list[re.Match[str]] = []
    for match in _CAPS_WORD.finditer(text):
        if match.group() in common_acronyms() or len(match.group()) < 3:
            shouts.extend(_close_run(text, run))
            run = []
            continue
        if run and text[run[-1].end() : match.start()].strip(" ,.!?-") != "":
            shouts.extend(_close_run(text, run))
            run = []
        run.append(match)
    shouts.extend(_close_run(text, run))
    return shouts


def _close_run(text: str, run: list[re.Match[str]]) -> list[Shout]:
    if not run:
        return []
    phrase = text[run[0].start() : run[-1].end()]
    # Long words alone in capitals are emphasis ("AGAIN"); short ones are usually acronyms.
    if len(run) >= 3:
        return [Shout(run[0].start(), run[-1].end(), phrase, "words in capitals (shouting)", 14)]
    if any(len(m.group()) >= 4 and re.search("[AEIOUY]", m.group()) for m in run):
        return [Shout(run[0].start(), run[-1].end(), phrase, "a word stressed in capitals", 7)]
    return []


def punctuation(text: str) -> list[Shout]:
    """Runs such as ``!!``, ``?!`` or ``???``; many single ``!`` also count a little."""
    shouts = [
        Shout(m.start(), m.end(), m.group(), "repeated ! or ?! (exasperation)", 10)
        for m in _PUNCT_RUN.finditer(text)
    ]
    if not shouts and text.count("!") >= 3:
        first = text.index("!")
        shouts.append(Shout(first, first + 1, "!", "many exclamation marks", 6))
    return shouts
