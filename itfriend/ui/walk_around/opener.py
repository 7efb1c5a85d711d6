"""How the shell opens the Walk-around window (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext

log = logging.getLogger(__name__)


def open_window(context: OpenContext, walk_around_id: int | None = None) -> None:
    """Open the Walk-around window, at the building of ``walk_around_id`` if given."""

    def show(services: Services) -> None:
        from itfriend.ui.walk_around.window import WalkAroundWindow

        window = context.windows.open(
            "walk-around", lambda: WalkAroundWindow(services, context.events)
        )
        if walk_around_id is None:
            return
        walk_arounds = services.walk_arounds
        context.tasks.run(
            lambda: walk_arounds.get(walk_around_id).building,
            window.show_building,
            _building_not_found,
        )

    context.with_services(show)


def _building_not_found(exc: BaseException) -> None:
    from itfriend.core.errors import NotFoundError

    # Removed since the reminder came: the window alone will do.
    if not isinstance(exc, NotFoundError):
        log.error("could not find the walk-around's building: %s", exc, exc_info=exc)
