"""How hard a reply is to read, as a school grade, with textstat (imported on first use).

textstat's import is slow (~2 s: it pulls in NLTK), so call ``warm_up`` off the GUI thread before
the first check. Only measures that count letters, words and sentences are used: the syllable-based
ones need NLTK's CMU dictionary, which textstat would try to download.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_textstat: Any = None
MIN_WORDS = 30  # Below this the grade of a text says little.


def _module() -> Any:
    global _textstat
    with _lock:
        if _textstat is None:
            import textstat

            _textstat = textstat
        return _textstat


def warm_up() -> None:
    """Import textstat now (slow), so that the first real check is quick."""
    _module()


def reading_grade(text: str, words: int) -> float | None:
    """The school grade needed to read the text (mean of Coleman-Liau and ARI); None if short."""
    if words < MIN_WORDS:
        return None
    textstat = _module()
    coleman_liau = float(textstat.coleman_liau_index(text))
    automated = float(textstat.automated_readability_index(text))
    return round((coleman_liau + automated) / 2, 1)
