"""Measure the tone module on the labelled set in ``tests/data/tone``.

Prints precision, recall and F1 for both tasks: "this ticket is inflammatory" and "this draft is
not ok". Run from the project folder: ``python scripts/evaluate_tone.py [--errors]``.
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


def evaluate() -> tuple[Scores, Scores]:
    """Score every ticket and check every reply of the evaluation set."""
    from itfriend.core.tone import check_draft, score_ticket

    tickets = [
        (score_ticket(str(r["text"])).inflammatory, bool(r["inflammatory"]), str(r["text"]))
        for r in _rows("tickets.jsonl")
    ]
    replies = [
        (not check_draft(str(r["text"])).ok, not r["ok"], str(r["text"]))
        for r in _rows("replies.jsonl")
    ]
    return _score("tickets (inflammatory)", tickets), _score("replies (not ok)", replies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="also list the misjudged texts")
    args = parser.parse_args()
    for scores in evaluate():
        print(scores.line())
        if args.errors:
            for mistake in scores.mistakes:
                print(f"    {mistake}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
