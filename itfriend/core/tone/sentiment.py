"""The sentiment signal: VADER, loaded on first use and kept, scoring one sentence at a time.

VADER was made for short informal text, which tickets are. Its lexicon reads everyday IT facts
("failed", "error", "blocked") as negative, so those words are taken out of the copy used here
(``resources/words/it_neutral.txt``): a calm report of a broken printer should score as calm. Its
lexicon is American, so British spellings and words ("marvellous", "rubbish") are added from
``resources/words/sentiment_british.txt``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from itfriend.core.resources import read_word_list

_lock = threading.Lock()
_analyzer: Any = None

# A sentence ends at . ! ? or a line break; runs of ?! stay with their sentence.
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def analyzer() -> Any:
    """The shared VADER analyzer (importing and building it costs ~40 ms, so it is done once)."""
    global _analyzer
    with _lock:
        if _analyzer is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            built = SentimentIntensityAnalyzer()
            for word in read_word_list("it_neutral.txt"):
                built.lexicon.pop(word.lower(), None)
            for line in read_word_list("sentiment_british.txt"):
                word, _, valence = line.partition("|")
                built.lexicon.setdefault(word.strip().lower(), float(valence))
            _analyzer = built
        return _analyzer


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text with their positions, empty ones left out."""
    found = []
    for match in _SENTENCE.finditer(text):
        chunk = match.group()
        stripped = chunk.strip()
        if stripped:
            offset = match.start() + (len(chunk) - len(chunk.lstrip()))
            found.append(Sentence(offset, offset + len(stripped), stripped))
    return found


def compound(sentence: str) -> float:
    """VADER's compound score of one sentence, from -1 (hostile) to +1 (warm)."""
    score: float = analyzer().polarity_scores(sentence)["compound"]
    return score


_NEGATIONS = frozenset(
    ("not", "no", "never", "nobody", "nothing", "none", "nor", "neither", "cannot", "without")
)


def rough_valence(sentence: str) -> float:
    """A quick sum of the lexicon's valences (negated words flipped): ranks sentences cheaply so
    that VADER, which costs about half a millisecond a sentence, only reads the likely ones."""
    lexicon: dict[str, float] = analyzer().lexicon
    total = 0.0
    negated = False
    for word in re.findall(r"[a-z']+", sentence.lower()):
        value = lexicon.get(word, 0.0)
        total += -value if negated and value > 0 else value
        negated = word in _NEGATIONS or word.endswith("n't")
    return total


def negative_words(sentence: str, below: float = -1.5) -> list[str]:
    """Words of the sentence that the lexicon rates clearly negative."""
    lexicon: dict[str, float] = analyzer().lexicon
    words = re.findall(r"[a-z']+", sentence.lower())
    return [w for w in words if lexicon.get(w, 0.0) <= below]
