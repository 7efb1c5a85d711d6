"""Quality on the labelled set in tests/data/tone: the issue's target is F1 >= 0.85 on each task."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "tone"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "evaluate_tone", ROOT / "scripts" / "evaluate_tone.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_the_evaluation_set_is_large_and_mixed() -> None:
    tickets = [json.loads(line) for line in (DATA / "tickets.jsonl").open(encoding="utf-8")]
    replies = [json.loads(line) for line in (DATA / "replies.jsonl").open(encoding="utf-8")]
    assert len(tickets) >= 80 and len(replies) >= 60
    assert {t["kind"] for t in tickets} >= {"angry", "calm", "urgent"}
    assert sum(t["kind"] == "urgent" and not t["inflammatory"] for t in tickets) >= 15
    assert {r["kind"] for r in replies} >= {"condescending", "jargon", "curt", "kind"}
    assert len({t["text"] for t in tickets}) == len(tickets)


def test_f1_reaches_the_target_on_both_tasks() -> None:
    tickets, replies = load_script().evaluate()
    assert tickets.f1 >= 0.85, tickets.mistakes
    assert replies.f1 >= 0.85, replies.mistakes
