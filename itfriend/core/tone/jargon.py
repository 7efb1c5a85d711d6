"""Jargon a non-technical reader may not know: the shipped list, the user's own, and acronyms.

The user extends the list in ``<data folder>/words/jargon.txt`` (same format as the shipped one);
it is read again whenever the file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from itfriend.core.resources import read_word_list
from itfriend.core.tone.phrases import PhraseList, parse_entries
from itfriend.core.tone.shouting import common_acronyms

USER_JARGON = Path("words") / "jargon.txt"

# Two or more capitals (digits allowed after the first letter), e.g. DHCP, GPO, EAP, AAD, PCs.
_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?(?![\w-])")
# An explanation right after a term: "MFA (the code on your phone)".
_EXPLAINED = re.compile(r"\s*\(")


@dataclass(frozen=True)
class JargonHit:
    start: int
    end: int
    term: str


def user_jargon_file(data_dir: Path) -> Path:
    return data_dir / USER_JARGON


def jargon_list(data_dir: Path | None = None) -> PhraseList:
    """The shipped jargon list plus the user's, if ``data_dir/words/jargon.txt`` exists."""
    if data_dir is None:
        return _compiled(None, 0)
    path = user_jargon_file(data_dir)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return _compiled(None, 0)
    return _compiled(path, stamp)


@lru_cache(maxsize=8)
def _compiled(user_file: Path | None, _stamp: int) -> PhraseList:
    lines = read_word_list("jargon.txt")
    if user_file is not None:
        try:
            text = user_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""  # An unreadable user list must not stop the check; the shipped one remains.
        lines += [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return PhraseList(parse_entries([line for line in lines if line]))


def find_jargon(text: str, data_dir: Path | None = None) -> list[JargonHit]:
    """Unexplained jargon terms and unknown acronyms, each distinct term once, in text order."""
    hits: list[JargonHit] = []
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    for hit in jargon_list(data_dir).find(text):
        spans.append((hit.start, hit.end))
        if not _EXPLAINED.match(text, hit.end) and hit.entry not in seen:
            seen.add(hit.entry)
            hits.append(JargonHit(hit.start, hit.end, hit.text))
    allowed = common_acronyms()
    for match in _ACRONYM.finditer(text):
        word = match.group()
        base = word[:-1] if word.endswith("s") else word
        inside = any(s <= match.start() < e for s, e in spans)
        if inside or word in allowed or base in allowed or base.lower() in seen:
            continue
        if _shouted_sentence(text, match.start()) or _EXPLAINED.match(text, match.end()):
            continue
        seen.add(base.lower())
        hits.append(JargonHit(match.start(), match.end(), word))
    return sorted(hits, key=lambda h: h.start)


def _shouted_sentence(text: str, position: int) -> bool:
    """True inside a run of capitals (shouting is another problem, not jargon)."""
    window = text[max(0, position - 30) : position + 30]
    letters = [c for c in window if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) / len(letters) > 0.7
