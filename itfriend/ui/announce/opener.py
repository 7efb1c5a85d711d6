"""How the shell opens the Announce dialog (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext, group: str, template: str | None = None) -> None:
    """Open the Announce dialog for ``group``, with ``template`` if given (a back-up notice
    reminder's Open). It opens over the group's Groups window, which shows the delivery in the
    group's history."""

    def show(services: Services) -> None:
        from itfriend.ui.groups.opener import show_groups

        show_groups(context, services, group).announce(template or None, group)

    context.with_services(show)
