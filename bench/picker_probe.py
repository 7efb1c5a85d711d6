"""Hotkey to picker visible, measured in a child process on the benchmark's X display.

``python -m bench.picker_probe HOME ROUNDS`` builds itfriend's hotkey launcher as the app does at
start (no picker and no database layer yet), then ROUNDS times: calls what the global hotkey calls
(``PickerLauncher.show_picker``), waits for the picker's first paint, hides it and waits for the
template refresh that opening starts. The first round therefore includes loading the database
layer and building the picker (its placeholder search line, shown at once, is timed apart); the
later ones show the built picker. The floor shows and hides a
prebuilt plain QWidget of the same size and window flags the same way. Prints one JSON object
``{"itfriend": [seconds...], "floor": [seconds...], "placeholder": [seconds]}``.
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
    """Remembers when ``widget`` (or, by object name, a widget that does not exist yet) next
    receives a paint event, and ends ``loop`` then."""

    def __init__(self, widget: QWidget | str) -> None:
        super().__init__()
        self.loop = QEventLoop()
        self.at: float | None = None
        self._name = widget if isinstance(widget, str) else None
        target = QApplication.instance() if isinstance(widget, str) else widget
        assert target is not None
        self._target = target
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._name is not None and watched.objectName() != self._name:
            return False
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
        self._target.removeEventFilter(self)
        return self.at


def _wait_idle(qapp: Any, tasks: Any) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while tasks.busy:
        if time.monotonic() > deadline:
            raise TimeoutError("the picker did not finish reading its data within 30 s")
        qapp.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def main(home: Path, rounds: int) -> dict[str, list[float]]:
    qapp = QApplication.instance() or QApplication(["itfriend-bench"])
    from itfriend.core.paths import AppPaths
    from itfriend.core.settings import Settings
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.picker.launcher import PickerLauncher

    paths = AppPaths(home, home, home / "logs")
    settings = Settings(paths.settings_file)
    events = DataEvents()
    runner = TaskRunner()
    loaded: list[Any] = []

    def with_services(use: Any) -> None:
        """As the app does: the services are loaded on a worker thread the first time."""
        if loaded:
            use(loaded[0])
            return

        def open_them() -> Any:
            from itfriend.core.services import open_services

            return open_services(paths)

        runner.run(open_them, lambda services: (loaded.append(services), use(services)))

    # Built at start as in the app: hotkey and paster, no picker and no database layer yet.
    launcher = PickerLauncher(settings, events, with_services)
    times: dict[str, list[float]] = {"itfriend": [], "floor": [], "placeholder": []}
    plain: QWidget | None = None
    try:
        for _ in range(rounds):
            # The first time, the picker does not exist yet: it is found by its object name.
            first = launcher.picker is None
            painted = FirstPaint(launcher.picker or "template_picker")
            stand_in = FirstPaint("template_picker_placeholder") if first else None
            started = time.perf_counter()
            launcher.show_picker(started)
            times["itfriend"].append(painted.wait() - started)
            if stand_in is not None:
                times["placeholder"] = [stand_in.wait() - started]
            picker = launcher.picker
            assert picker is not None
            _wait_idle(qapp, picker.tasks)  # the reads that building and opening start
            picker.cancel()
            qapp.processEvents()

            if plain is None:
                plain = QWidget(None, picker.windowFlags())
                plain.resize(picker.sizeHint().expandedTo(picker.size()))
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
        for services in loaded:
            services.close()
    return times


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
