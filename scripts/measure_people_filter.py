"""Measures how long one keystroke takes to filter the People table with 100,000 people.

Runs the real model behind a shown QTableView (offscreen), types a name letter by letter and
reports the time from the keystroke's filter call to the view having repainted.
Usage: PYTHONPATH=. python scripts/measure_people_filter.py [COUNT]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from itfriend.core.people import PersonRow
from itfriend.core.people_search.index import PeopleIndex
from itfriend.ui.people.model import PeopleTableModel

FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Barbara",
    "Ken",
    "Margaret",
    "Dennis",
    "Frances",
    "John",
    "Mary",
    "Niklaus",
    "Radia",
    "Sophie",
    "Tim",
    "Vint",
    "Whitfield",
    "Yukihiro",
]
LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Liskov",
    "Thompson",
    "Hamilton",
    "Ritchie",
    "Allen",
    "McCarthy",
    "Wirth",
    "Perlman",
    "Wilson",
    "Berners-Lee",
    "Cerf",
    "Matsumoto",
]
DEPARTMENTS = ["Finance", "Engineering", "Research", "Sales", "Legal", "HR", "Facilities"]
BUILDINGS = ["North", "South", "East", "West", "Annex"]


def fake_rows(count: int) -> list[PersonRow]:
    rng = random.Random(7)
    now = datetime(2026, 3, 4, tzinfo=UTC)
    rows = []
    for i in range(count):
        days = rng.choice([None, *range(0, 120)])
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        rows.append(
            PersonRow(
                id=i,
                name=name,
                email=f"user{i}@example.org",
                role="",
                department=rng.choice(DEPARTMENTS),
                building=rng.choice(BUILDINGS),
                floor="",
                room="",
                phone="",
                cadence_days=None,
                last_contact=None if days is None else now - timedelta(days=days),
                days_since_contact=days,
                overdue=days is None or days > 30,
            )
        )
    return rows


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    app = QApplication([])
    model = PeopleTableModel()
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.resize(1100, 650)
    view.show()
    rows = fake_rows(count)
    started = time.perf_counter()
    index = PeopleIndex.build(rows)
    built = time.perf_counter()
    model.set_index(index)
    app.processEvents()
    print(
        f"{count} rows: index built (pool thread) in {(built - started) * 1000:.0f} ms, "
        f"shown (GUI thread) in {(time.perf_counter() - built) * 1000:.0f} ms"
    )
    filtering: list[float] = []
    painted: list[float] = []

    def keystroke(text: str) -> None:
        started = time.perf_counter()
        model.set_filter(text)
        filtered = time.perf_counter()
        app.processEvents()  # the reset's repaint, as the event loop would do it
        filtering.append((filtered - started) * 1000)
        painted.append((time.perf_counter() - started) * 1000)

    for query in ("margaret", "hop", "sales north", "user9999"):
        for end in range(1, len(query) + 1):
            keystroke(query[:end])
        for end in range(len(query) - 1, -1, -1):
            keystroke(query[:end])
    for label, timings in (("filter + model reset", filtering), ("with repaint", painted)):
        timings.sort()
        print(
            f"{label}, {len(timings)} keystrokes: median {statistics.median(timings):.1f} ms, "
            f"95th {timings[int(len(timings) * 0.95)]:.1f} ms, worst {timings[-1]:.1f} ms"
        )
    started = time.perf_counter()
    model.sort(3)
    took = (time.perf_counter() - started) * 1000
    print(f"sort by last contact (the window does this on a pool thread): {took:.0f} ms")
    view.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
