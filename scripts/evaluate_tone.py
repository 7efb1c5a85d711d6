"""Measure the tone module on the labelled sets in ``tests/data/tone``.

Prints precision, recall and F1 for both tasks: "this ticket is inflammatory" and "this draft is
not ok". Two sets are kept apart: the development set (``tickets.jsonl``, ``replies.jsonl``), whose
errors may guide changes to the rules, and the held-out set (``heldout_*.jsonl``), written before
the rules were read and never used to tune them, so that its figures say how the rules do on fresh
text. Run from the project folder:
``python scripts/evaluate_tone.py [--set dev|heldout|all] [--errors]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "tone"
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Scores:
    task: str
    examples: int
    precision: float
    recall: float
    f1: float
    mistakes: tuple[str, ...]

    def line(self) -> str:
        return (
            f"{self.task:<26} n={self.examples:<4} precision={self.precision:.3f} "
            f"recall={self.recall:.3f} F1={self.f1:.3f}"
        )


def _score(task: str, pairs: list[tuple[bool, bool, str]]) -> Scores:
    """``pairs`` holds (predicted, expected, text) for the positive class."""
    tp = sum(p and y for p, y, _ in pairs)
    fp = sum(p and not y for p, y, _ in pairs)
    fn = sum(y and not p for p, y, _ in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    mistakes = tuple(f"{'false alarm' if p else 'missed'}: {t}" for p, y, t in pairs if p != y)
    return Scores(task, len(pairs), precision, recall, f1, mistakes)


def _rows(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# Which files make up each set: the name given to ``--set`` -> (ticket files, reply files).
SETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dev": (("tickets.jsonl",), ("replies.jsonl",)),
    "heldout": (("heldout_tickets.jsonl",), ("heldout_replies.jsonl",)),
    "all": (
        ("tickets.jsonl", "heldout_tickets.jsonl"),
        ("replies.jsonl", "heldout_replies.jsonl"),
    ),
}


def evaluate(which: str = "dev") -> tuple[Scores, Scores]:
    """Score every ticket and check every reply of one set (``dev``, ``heldout`` or ``all``)."""
    from itfriend.core.tone import check_draft, score_ticket

    ticket_files, reply_files = SETS[which]
    tickets = [
        (score_ticket(str(r["text"])).inflammatory, bool(r["inflammatory"]), str(r["text"]))
        for name in ticket_files
        for r in _rows(name)
    ]
    replies = [
        (not check_draft(str(r["text"])).ok, not r["ok"], str(r["text"]))
        for name in reply_files
        for r in _rows(name)
    ]
    return _score("tickets (inflammatory)", tickets), _score("replies (not ok)", replies)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="also list the misjudged texts")
    parser.add_argument(
        "--set",
        dest="which",
        choices=sorted(SETS),
        default="dev",
        help="dev (rules may be tuned on it), heldout (never tuned on) or all; default dev",
    )
    args = parser.parse_args()
    print(f"set: {args.which}")
    for scores in evaluate(args.which):
        print(scores.line())
        if args.errors:
            for mistake in scores.mistakes:
                print(f"    {mistake}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
