"""How the shell opens the Templates window (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext) -> None:
    def show(services: Services) -> None:
        from itfriend.ui.templates.window import TemplatesWindow

        context.windows.open("templates", lambda: TemplatesWindow(services, context.events))

    context.with_services(show)
