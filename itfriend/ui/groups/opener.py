"""How the shell opens the Groups window (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.groups.window import GroupsWindow
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext, group: str | None = None) -> None:
    """Open the Groups window, at ``group`` if given."""

    def show(services: Services) -> None:
        show_groups(context, services, group)

    context.with_services(show)


def show_groups(context: OpenContext, services: Services, group: str | None) -> GroupsWindow:
    from itfriend.ui.groups.window import GroupsWindow

    window = context.windows.open("groups", lambda: GroupsWindow(services, context.events))
    if group is not None:
        window.select_group(group)
    return window
