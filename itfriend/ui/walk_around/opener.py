"""How the shell opens the Walk-around window (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext, walk_around_id: int | None = None) -> None:
    """Open the Walk-around window, at the building of ``walk_around_id`` if given."""

    def show(services: Services) -> None:
        from itfriend.ui.walk_around.window import WalkAroundWindow

        window = context.windows.open(
            "walk-around", lambda: WalkAroundWindow(services, context.events)
        )
        if walk_around_id is not None:
            window.show_walk_around(walk_around_id)  # read off the GUI thread by the window

    context.with_services(show)
