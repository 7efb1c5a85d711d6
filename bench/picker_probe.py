"""Hotkey to picker visible, measured in a child process on the benchmark's X display.

``python -m bench.picker_probe HOME ROUNDS`` builds itfriend's picker once (as the app does at
start), waits until its templates and people are read, then ROUNDS times: calls what the global
hotkey calls (``PickerLauncher.show_picker``), waits for the picker's first paint, hides it and
waits for the background refresh that opening starts. The floor shows and hides a prebuilt plain
QWidget of the same size and window flags the same way. Prints one JSON object
``{"itfriend": [seconds...], "floor": [seconds...]}``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

WAIT_MS = 30_000


class FirstPaint(QObject):
    """Remembers when ``widget`` next receives a paint event, and ends ``loop`` then."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.loop = QEventLoop()
        self.at: float | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
            self.loop.quit()
        return False

    def wait(self) -> float:
        if self.at is None:
            QTimer.singleShot(WAIT_MS, self.loop.quit)
            self.loop.exec()
        if self.at is None:
            raise TimeoutError("the window was not painted within 30 s")
        return self.at


class Waiter(QObject):
    """Connected before the work starts, so that no emission is missed; ``wait`` returns once
    every signal has been emitted (since the last ``wait``)."""

    def __init__(self, *signals: Any) -> None:
        super().__init__()
        self._pending = set(range(len(signals)))
        self._all = len(signals)
        self._loop = QEventLoop()
        for number, signal in enumerate(signals):
            signal.connect(lambda *_args, n=number: self._seen(n))

    def _seen(self, number: int) -> None:
        self._pending.discard(number)
        if not self._pending:
            self._loop.quit()

    def wait(self) -> None:
        if self._pending:
            QTimer.singleShot(WAIT_MS, self._loop.quit)
            self._loop.exec()
        if self._pending:
            raise TimeoutError("the picker did not finish reading its data within 30 s")
        self._pending = set(range(self._all))


def main(home: Path, rounds: int) -> dict[str, list[float]]:
    qapp = QApplication.instance() or QApplication(["itfriend-bench"])
    from itfriend.core.paths import AppPaths
    from itfriend.core.services import open_services
    from itfriend.ui.events import DataEvents
    from itfriend.ui.picker_launcher import PickerLauncher
    from itfriend.ui.tasks import TaskRunner

    services = open_services(AppPaths(home, home, home / "logs"))
    events = DataEvents()
    runner = TaskRunner()
    launcher = PickerLauncher(services, events, runner)
    picker = launcher.picker
    # Built before the hotkey is pressed, as in the app: wait for its first reads.
    Waiter(picker.templates_loaded, picker.people_loaded).wait()
    refreshed = Waiter(picker.templates_loaded)
    plain = QWidget(None, picker.windowFlags())
    plain.resize(picker.sizeHint().expandedTo(picker.size()))

    times: dict[str, list[float]] = {"itfriend": [], "floor": []}
    try:
        for _ in range(rounds):
            painted = FirstPaint(picker)
            started = time.perf_counter()
            launcher.show_picker(started)
            times["itfriend"].append(painted.wait() - started)
            refreshed.wait()  # the refresh that opening starts
            picker.cancel()
            qapp.processEvents()

            painted = FirstPaint(plain)
            started = time.perf_counter()
            plain.show()
            plain.raise_()
            plain.activateWindow()
            times["floor"].append(painted.wait() - started)
            plain.hide()
            qapp.processEvents()
    finally:
        launcher.close()
        runner.close()
        services.close()
    return times


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
