"""How heated a ticket is, from 0 to 100, with the phrases that made it so.

Several signals add up: VADER's sentiment per sentence (with sarcastic praise counted against,
not for, calm), capitals, runs of ``!``/``?!``, repetition and waiting, blame and threats,
exasperation, sarcasm, and a little for urgency. Politeness takes a little off. Each phrase list
adds at most a capped amount, so one long rant cannot pile up past what its kind of signal means.
Urgency is capped low: a calm but urgent ticket stays below the inflammatory threshold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from itfriend.core.tone import rhetoric, sentiment, shouting
from itfriend.core.tone.phrases import PhraseHit, first_unused, shipped, words_of

INFLAMMATORY_AT = 33
# Raw points map onto 0-100 along a saturating curve: the first signs of anger move the heat most,
# and a long rant approaches 100 without passing it. 20 raw points give a heat of 33.
_CURVE = 50.0
# Different kinds of hostility together (sarcasm and a threat, shouting and blame) mean more than
# the sum of their parts; a calm ticket may have one kind by accident, rarely two.
_TOGETHER_BONUS = 8
_HOSTILE = (
    "sarcasm",
    "blame",
    "exasperation",
    "repeated",
    "capitals",
    "! or",
    "pointed",
    "hammered",
    "thrown back",
)
# "Thanks a lot for your help" is gratitude, not sarcasm: thanks for help given is meant.
_SINCERE = re.compile(
    r"\s*(?:for\s+)?(?:all\s+)?(?:your|the|my)?\s*(?:help|support|time|patience|advice)\b",
    re.IGNORECASE,
)
_RHETORIC_MOST = 30  # the shape of the text together adds at most this much

# (list name, why, default points a hit, most points the list can add)
_PHRASE_SIGNALS = (
    ("ticket_sarcasm", "sarcasm", 16, 32),
    ("ticket_blame", "blame or a threat aimed at IT", 18, 45),
    ("ticket_frustration", "exasperation", 12, 36),
    ("ticket_waiting", "repeated problem or long wait", 10, 26),
    ("ticket_urgency", "urgency", 4, 10),
)
_POLITE_EACH, _POLITE_MOST = 5, 15
_SENTIMENT_MOST = 40
_SENTIMENT_READ = 12  # sentences VADER reads at most: the ones its lexicon marks most negative


@dataclass(frozen=True)
class Reason:
    """One thing that raised the heat: the phrase in the ticket and why it counts."""

    phrase: str
    why: str
    points: int
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "why": self.why,
            "points": self.points,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class TicketHeat:
    """The heat of a ticket (0-100), whether it is inflammatory, and the reasons, hottest first."""

    heat: int
    inflammatory: bool
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "heat": self.heat,
            "inflammatory": self.inflammatory,
            "reasons": [r.to_json() for r in self.reasons],
        }


def score_ticket(text: str) -> TicketHeat:
    """Score how heated a ticket is and say why (no I/O beyond the cached word lists)."""
    reasons: list[Reason] = []
    taken: list[tuple[int, int]] = []
    sarcastic: list[PhraseHit] = []
    words = words_of(text)
    for name, why, each, most in _PHRASE_SIGNALS:
        hits = first_unused(shipped(name).find(text, words), taken)
        if name == "ticket_sarcasm":
            hits = [h for h in hits if not _SINCERE.match(text, h.end)]
            sarcastic = hits
        total = 0
        counted: set[str] = set()
        for hit in hits:
            if hit.entry in counted:
                continue  # A phrase said twice is one signal, not two.
            counted.add(hit.entry)
            points = min(shipped(name).weight(hit, each), most - total)
            if points <= 0:
                continue
            total += points
            taken.append((hit.start, hit.end))
            reasons.append(Reason(hit.text, why, points, hit.start, hit.end))
    for shout in shouting.capitals(text) + shouting.punctuation(text):
        reasons.append(Reason(shout.text, shout.why, shout.points, shout.start, shout.end))
    _cap_shouting(reasons)
    reasons.extend(_rhetoric_reasons(text, taken))
    kinds = {k for k in _HOSTILE for r in reasons if k in r.why}
    bonus = _TOGETHER_BONUS if len(kinds) >= 2 else 0
    reasons.extend(_sentiment_reasons(text, sarcastic))
    polite_hits = first_unused(shipped("ticket_polite").find(text, words), taken)
    polite_list = shipped("ticket_polite")
    polite = min(_POLITE_MOST, sum(polite_list.weight(h, _POLITE_EACH) for h in polite_hits))
    raw = max(0, sum(r.points for r in reasons) + bonus - polite)
    heat = round(100 * (1 - math.exp(-raw / _CURVE)))
    ordered = sorted(reasons, key=lambda r: (-r.points, r.start))
    return TicketHeat(heat, heat >= INFLAMMATORY_AT, tuple(ordered))


def _rhetoric_reasons(text: str, taken: list[tuple[int, int]]) -> list[Reason]:
    """The rhetoric of the text (fragments, hammering, pointed questions...), capped together."""
    reasons: list[Reason] = []
    total = 0
    for signal in rhetoric.rhetoric(text):
        points = min(signal.points, _RHETORIC_MOST - total)
        if points <= 0:
            break
        total += points
        reasons.append(Reason(signal.text, signal.why, points, signal.start, signal.end))
    return reasons


def _cap_shouting(reasons: list[Reason], most: int = 40) -> None:
    """Keep capitals and punctuation together under ``most`` points."""
    total = 0
    for index, reason in enumerate(reasons):
        if "capitals" in reason.why or "!" in reason.why:
            allowed = max(0, min(reason.points, most - total))
            total += allowed
            if allowed != reason.points:
                reasons[index] = Reason(
                    reason.phrase, reason.why, allowed, reason.start, reason.end
                )
    reasons[:] = [r for r in reasons if r.points > 0]


def _sentiment_reasons(text: str, sarcastic: list[PhraseHit]) -> list[Reason]:
    """The two most negative sentences, by VADER; sarcastic praise counts as negative."""
    candidates = []
    for sentence in sentiment.sentences(text):
        is_sarcastic = any(sentence.start <= h.start < sentence.end for h in sarcastic)
        rough = sentiment.rough_valence(sentence.text)
        if rough < 0 or is_sarcastic:
            candidates.append((-1e9 if is_sarcastic else rough, sentence))
    candidates.sort(key=lambda pair: pair[0])
    scored = []
    for _rough, sentence in candidates[:_SENTIMENT_READ]:
        score = sentiment.compound(sentence.text)
        if score > 0 and any(sentence.start <= h.start < sentence.end for h in sarcastic):
            score = -score / 2
        scored.append((score, sentence))
    scored.sort(key=lambda pair: pair[0])
    reasons = []
    for score, sentence in scored[:2]:
        points = round(_SENTIMENT_MOST / 2 * max(0.0, -score - 0.1) / 0.9)
        if points > 0:
            words = sentiment.negative_words(sentence.text)
            why = "negative wording" + (f" ({', '.join(dict.fromkeys(words))})" if words else "")
            reasons.append(
                Reason(_shorten(sentence.text), why, points, sentence.start, sentence.end)
            )
    return reasons


def _shorten(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
