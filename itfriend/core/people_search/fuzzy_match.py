"""Ranks people for what was typed: literal matches first, fuzzy (typo-tolerant) otherwise.

Plain Python, safe to run on a pool thread. rapidfuzz's ``process.extract`` holds the GIL while
it runs (about 5 ms per 1,000 candidates here), so the fuzzy pass over everyone goes in slices:
between slices the GUI thread gets the GIL back, and a newer keystroke can cancel the pass.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

# With more literal matches than this, scoring each costs too much; rank them cheaply instead.
SCORE_AT_MOST = 2_000
SLICE = 4_000
SCORE_CUTOFF = 50


def best_matches(
    query: str,
    texts: Sequence[str],
    limit: int,
    still_wanted: Callable[[], bool] = lambda: True,
) -> list[int] | None:
    """Positions in ``texts`` (lowercase) of the best ``limit`` matches, best first.

    Returns None when ``still_wanted()`` turned false during a long pass.
    """
    words = query.lower().split()
    if not words or not texts:
        return []
    first, *others = words
    hits = [i for i, text in enumerate(texts) if first in text]
    for word in others:
        hits = [i for i in hits if word in texts[i]]
    if len(hits) > SCORE_AT_MOST:
        # Where the first word appears earliest (the name comes first), shortest text first.
        return heapq.nsmallest(limit, hits, key=lambda i: (texts[i].find(first), len(texts[i])))
    if hits:
        scored = process.extract(
            query, [texts[i] for i in hits], scorer=fuzz.WRatio, processor=None, limit=limit
        )
        return [hits[position] for _, _, position in scored]
    return _fuzzy(query, texts, limit, still_wanted)


def _fuzzy(
    query: str, texts: Sequence[str], limit: int, still_wanted: Callable[[], bool]
) -> list[int] | None:
    found: list[tuple[float, int]] = []
    for start in range(0, len(texts), SLICE):
        if not still_wanted():
            return None
        part = texts[start : start + SLICE]
        for _, score, position in process.extract(
            query,
            part,
            scorer=fuzz.WRatio,
            processor=None,
            limit=limit,
            score_cutoff=SCORE_CUTOFF,
        ):
            found.append((score, start + position))
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    return [position for _, position in found[:limit]]
