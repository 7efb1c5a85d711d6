"""One object that opens any window by name: the tray, its menu, reminders, the socket commands
and the windows themselves ask it, instead of each holding a callback per window.

What a window needs to open (at a person, a building, a group) is the window room's own business:
each room has an ``opener`` module whose function gets an ``OpenContext`` (``open_context.py``)
and the options, e.g.
``people.opener.open_window(context, person_id=12)``. The navigator only maps names to those
functions (``ui/shell/openers.py``) and holds requests that arrive before the app is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from itfriend.ui.shell.open_context import OpenContext

log = logging.getLogger(__name__)

# A room's opener: ``open_window(context, **options)``.
Opener = Callable[..., None]


class OpensWindows(Protocol):
    """What a part that opens windows needs of the navigator (tests pass a recording fake)."""

    def open(self, name: str, **options: object) -> None: ...


class Navigator:
    """Opens windows by name (``navigator.open("people", person_id=12)``).

    ``load_openers`` gives the table of openers; it is read when the first window opens, so
    that the rooms' modules are not imported before then: most of the day the tray opens none,
    and each room's package costs the idle tray memory.
    """

    def __init__(self, load_openers: Callable[[], Mapping[str, Opener]]) -> None:
        self._load_openers = load_openers
        self._openers: Mapping[str, Opener] = {}
        self._context: OpenContext | None = None
        self._stopped = False
        self._pending: list[tuple[str, dict[str, object]]] = []

    def start(self, context: OpenContext) -> None:
        """The app is ready: open what was asked for meanwhile."""
        self._context = context
        pending, self._pending = self._pending, []
        for name, options in pending:
            self.open(name, **options)

    def stop(self) -> None:
        """The app is closing: open nothing more."""
        self._context = None
        self._stopped = True
        self._pending = []

    def open(self, name: str, **options: object) -> None:
        """Open the window ``name`` with ``options`` (as its opener takes them); asked for
        before the app is ready, it opens once the app is."""
        if self._stopped:
            return
        if self._context is None:
            self._pending.append((name, dict(options)))
            return
        if not self._openers:
            self._openers = self._load_openers()
        opener = self._openers.get(name)
        if opener is None:
            log.error("no window called %r to open", name)
            return
        opener(self._context, **options)
