"""The hotkey's launcher: the first opening shows a placeholder search line at once and the
picker once the services are loaded (with what was typed); later openings show the picker."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from itfriend.core.services import Services
from itfriend.core.templates import TemplateDraft
from itfriend.ui.common.events import DataEvents
from itfriend.ui.picker.launcher import PickerLauncher
from tests.ui.conftest import OFFSCREEN_NOISE

Use = Callable[[Services], None]
# Offscreen windows cannot be raised; on the test functions, before the package's own mark.
offscreen_noise = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, "This plugin does not support raise")


class LoadingServices:
    """Hands over the services as the app does, but only once ``load()`` is called: until then
    what the launcher asks to run with them waits, as while the database layer is loading."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self.loaded = False
        self.waiting: list[Use] = []

    def with_services(self, use: Use) -> None:
        if self.loaded:
            use(self._services)
        else:
            self.waiting.append(use)

    def load(self) -> None:
        self.loaded = True
        waiting, self.waiting = self.waiting, []
        for use in waiting:
            use(self._services)


@pytest.fixture
def loading(services: Services) -> LoadingServices:
    return LoadingServices(services)


@pytest.fixture
def launcher(
    qtbot: QtBot, services: Services, events: DataEvents, loading: LoadingServices
) -> Iterator[PickerLauncher]:
    made = PickerLauncher(
        services.settings,
        events,
        loading.with_services,
        services_loaded=lambda: loading.loaded,
    )
    yield made
    made.close()


@offscreen_noise
def test_first_opening_takes_typing_at_once_then_opens_the_picker_with_it(
    qtbot: QtBot, launcher: PickerLauncher, loading: LoadingServices
) -> None:
    launcher.show_picker()
    placeholder = launcher.placeholder
    assert placeholder is not None and launcher.picker is None
    qtbot.waitUntil(placeholder.isVisible)
    qtbot.keyClicks(placeholder.search, "pass")
    # The services are asked for once the search line has been painted.
    qtbot.waitUntil(lambda: len(loading.waiting) == 1)

    loading.load()
    picker = launcher.picker
    assert picker is not None and picker.isVisible()
    assert not placeholder.isVisible() and launcher.placeholder is None
    assert picker.ui.search.text() == "pass"
    qtbot.waitUntil(lambda: "Password reset" in picker.shown_names()[:3])

    # Later openings show the built picker at once, afresh.
    picker.cancel()
    launcher.show_picker()
    assert launcher.placeholder is None and picker.isVisible()
    assert picker.ui.search.text() == ""


@offscreen_noise
def test_escape_on_the_placeholder_cancels_the_first_opening(
    qtbot: QtBot, launcher: PickerLauncher, loading: LoadingServices
) -> None:
    launcher.show_picker()
    placeholder = launcher.placeholder
    assert placeholder is not None
    qtbot.waitUntil(lambda: len(loading.waiting) == 1)
    qtbot.keyClick(placeholder.search, Qt.Key.Key_Escape)
    assert not placeholder.isVisible()
    loading.load()
    assert launcher.picker is None  # not built, not shown
    launcher.show_picker()  # asked again: the services are there now, the picker opens at once
    assert launcher.placeholder is None
    assert launcher.picker is not None and launcher.picker.isVisible()


@offscreen_noise
def test_abbreviation_and_enter_typed_into_the_placeholder_insert_once_the_picker_is_ready(
    qtbot: QtBot,
    launcher: PickerLauncher,
    loading: LoadingServices,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fast typist's hotkey, abbreviation and Enter, all before anything has loaded."""
    services.settings.set("me.name", "Tom Tech")
    services.templates.create(
        TemplateDraft("Lunch note", "Lunch", "Back after lunch.\n{{ me.name }}", abbreviation="lun")
    )
    inserted: list[str] = []
    monkeypatch.setattr(launcher.paster, "insert", lambda text: inserted.append(text) or True)
    launcher.show_picker()
    placeholder = launcher.placeholder
    assert placeholder is not None
    qtbot.waitUntil(placeholder.isVisible)
    qtbot.keyClicks(placeholder.search, "lun")
    qtbot.keyClick(placeholder.search, Qt.Key.Key_Return)
    assert placeholder.isVisible() and inserted == []

    qtbot.waitUntil(lambda: len(loading.waiting) == 1)
    loading.load()
    picker = launcher.picker
    assert picker is not None
    qtbot.waitUntil(lambda: inserted == ["Back after lunch.\nTom Tech"], timeout=10_000)
    assert not picker.isVisible()
