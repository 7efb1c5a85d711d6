"""Keystroke to repaint in the People window over 100,000 people, offscreen and in-process.

Each keystroke sets the search box's text, applies the filter at once (the window's debounce
timer is stopped: the benchmark measures the work, not the wait) and processes events until the
table's viewport has painted. The floor filters the same 100,000 lower-case names with a plain
``[n for n in names if text in n]`` for the same texts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What a technician types, one keystroke at a time; each query ends with the box cleared.
QUERIES = ("smith", "jennifer", "finance", "north tower", "ana gar")


def keystrokes(queries: tuple[str, ...] = QUERIES) -> list[str]:
    """The search box's text after each keystroke: every prefix of each query, then empty."""
    texts: list[str] = []
    for query in queries:
        texts.extend(query[: n + 1] for n in range(len(query)))
        texts.append("")
    return texts


@dataclass
class SearchResults:
    itfriend: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    people: int = 0


def _paint_counter(widget: Any) -> Any:
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    counter = PaintCounter()
    widget.installEventFilter(counter)
    return counter


def measure(qapp: Any, home: Path, rounds: int) -> SearchResults:
    """Open the People window on ``home``'s database and type ``QUERIES`` ``rounds`` times."""
    from PySide6.QtCore import QEventLoop, QTimer

    from itfriend.core.paths import AppPaths
    from itfriend.core.services import open_services
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.people.window import PeopleWindow

    services = open_services(AppPaths(home, home, home / "logs"))
    window = PeopleWindow(services, DataEvents())
    try:
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)
        window.show()
        loop.exec()
        results = SearchResults(people=window.model.total_count())
        if results.people == 0:
            raise RuntimeError("the People window did not load the imported people")
        qapp.processEvents()
        viewport = window.table.viewport()
        painted = _paint_counter(viewport)
        rows = [window.model.person_at(row) for row in range(results.people)]
        names = [row.name.lower() for row in rows if row is not None]
        texts = keystrokes()
        # The two are timed in separate passes: scanning the names between keystrokes would
        # push the window's own rows out of the CPU caches, which typing never does.
        for _ in range(rounds):
            for text in texts:
                painted.count = 0
                started = time.perf_counter()
                window.search.setText(text)
                window._filter_timer.stop()  # the debounce delay is not what is measured
                window._apply_filter()
                qapp.processEvents()
                if painted.count == 0:
                    viewport.repaint()
                results.itfriend.append(time.perf_counter() - started)
            for text in texts:
                started = time.perf_counter()
                matches = [name for name in names if text in name]
                results.floor.append(time.perf_counter() - started)
                del matches
        return results
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        services.close()
