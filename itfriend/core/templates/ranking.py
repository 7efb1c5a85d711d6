"""Which templates the picker shows first for what was typed (rapidfuzz), and for nothing typed.

With nothing typed, the most used come first, then the most recently used, then by name. With a
query, a fuzzy score over the name and abbreviation is weighed against a partial match in the
subject and body; an exact abbreviation wins outright, so that "lapdel" is one keystroke away.
Plain Python and rapidfuzz: no widget, so it can be measured and tested alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process

from itfriend.core.templates import TemplateRecord

MAX_SHOWN = 50
SCORE_CUTOFF = 60.0
# A match in the text counts for a little less than the same match in the name.
TEXT_WEIGHT = 0.9
EXACT_ABBREVIATION_BONUS = 100.0
PREFIX_BONUS = 15.0


@dataclass(frozen=True)
class SearchIndex:
    """The templates with the lowercase texts matched against (built once per list)."""

    records: tuple[TemplateRecord, ...]
    heads: tuple[str, ...]
    texts: tuple[str, ...]


def build_index(records: Sequence[TemplateRecord]) -> SearchIndex:
    """Index templates for ``rank``; cheap, but may run off the GUI thread for many of them."""
    ordered = sorted(records, key=usage_order)
    return SearchIndex(
        tuple(ordered),
        tuple(f"{r.name} {r.abbreviation}".lower() for r in ordered),
        tuple(f"{r.subject} {r.body}".lower() for r in ordered),
    )


def usage_order(record: TemplateRecord) -> tuple[int, bool, float, str]:
    """Most used, then most recently used, then by name."""
    last = record.last_used_at
    return (-record.use_count, last is None, -_timestamp(last), record.name.lower())


def rank(index: SearchIndex, query: str, limit: int = MAX_SHOWN) -> list[TemplateRecord]:
    """The templates to show for ``query``, best first, at most ``limit``."""
    text = query.strip().lower()
    if not text:
        return list(index.records[:limit])
    scores: dict[int, float] = {}
    for _, score, position in process.extract(
        text, index.heads, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=50
    ):
        scores[position] = score
    for _, score, position in process.extract(
        text, index.texts, scorer=fuzz.partial_ratio, processor=None, limit=None, score_cutoff=50
    ):
        scores[position] = max(scores.get(position, 0.0), score * TEXT_WEIGHT)
    for position, record in enumerate(index.records):
        abbreviation = record.abbreviation.lower()
        if abbreviation and abbreviation == text:
            scores[position] = scores.get(position, 0.0) + EXACT_ABBREVIATION_BONUS
        elif record.name.lower().startswith(text) or (
            abbreviation and abbreviation.startswith(text)
        ):
            scores[position] = scores.get(position, 0.0) + PREFIX_BONUS
    kept = [(score, position) for position, score in scores.items() if score >= SCORE_CUTOFF]
    # Equal scores keep the usage order (positions are in usage order).
    kept.sort(key=lambda pair: (-pair[0], pair[1]))
    return [index.records[position] for _, position in kept[:limit]]


def named_exactly(record: TemplateRecord, query: str) -> bool:
    """Whether ``query`` is this template's abbreviation or whole name (case aside)."""
    text = query.strip().casefold()
    return bool(text) and text in (record.abbreviation.casefold(), record.name.casefold())


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0
