"""Quality on the labelled sets in tests/data/tone: the issue's target is F1 >= 0.85 on each task.

The development set may guide the rules; the held-out set was written before the rules were read
and is never used to tune them, so its floors are the honest measure. Held-out replies reach the
target (measured F1 0.907); held-out tickets do not yet (measured F1 0.842), so their floor is the
measured figure rounded down, not the target.
"""

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


HELDOUT_TICKET_FLOOR = 0.84  # measured 0.842: below the 0.85 target, see the module docstring
TARGET = 0.85


def test_the_heldout_set_is_large_mixed_and_apart_from_dev() -> None:
    tickets = [json.loads(line) for line in (DATA / "heldout_tickets.jsonl").open(encoding="utf-8")]
    replies = [json.loads(line) for line in (DATA / "heldout_replies.jsonl").open(encoding="utf-8")]
    assert len(tickets) >= 60 and len(replies) >= 50
    assert sum(t["kind"] == "urgent" and not t["inflammatory"] for t in tickets) >= 15
    assert {r["kind"] for r in replies} >= {"condescending", "jargon", "curt", "blame", "kind"}
    dev = {json.loads(line)["text"] for line in (DATA / "tickets.jsonl").open(encoding="utf-8")}
    dev |= {json.loads(line)["text"] for line in (DATA / "replies.jsonl").open(encoding="utf-8")}
    # One-word replies ("Fixed.") may be written the same way twice; anything longer must not be.
    assert not {t for t in dev & {row["text"] for row in tickets + replies} if len(t.split()) > 3}


def test_f1_reaches_the_target_on_both_tasks_on_the_dev_set() -> None:
    tickets, replies = load_script().evaluate("dev")
    assert tickets.f1 >= TARGET, tickets.mistakes
    assert replies.f1 >= TARGET, replies.mistakes


def test_heldout_f1_stays_at_its_measured_floor() -> None:
    tickets, replies = load_script().evaluate("heldout")
    assert tickets.f1 >= HELDOUT_TICKET_FLOOR, tickets.f1
    assert replies.f1 >= TARGET, replies.f1
