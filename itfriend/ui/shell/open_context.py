"""What the shell lends a window's opener (see ``navigator.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.picker.launcher import PickerLauncher
    from itfriend.ui.shell.navigator import Navigator
    from itfriend.ui.shell.windows import WindowManager

# Runs its argument with the loaded services, at once or once they are loaded.
WithServices = Callable[[Callable[["Services"], None]], None]


@dataclass(frozen=True)
class OpenContext:
    """What the shell lends a window's opener.

    ``with_services`` loads the database layer first if need be (the idle tray runs without it);
    ``tasks`` runs short look-ups off the GUI thread; ``picker`` is the hotkey's launcher, which
    builds the picker when first used.
    """

    windows: WindowManager
    navigator: Navigator
    events: DataEvents
    tasks: TaskRunner
    with_services: WithServices
    picker: PickerLauncher
