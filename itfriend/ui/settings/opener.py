"""How the shell opens the Settings dialog (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext) -> None:
    def show(services: Services) -> None:
        from itfriend.platform.autostart import create_autostart
        from itfriend.ui.settings.dialog import SettingsDialog

        # Fresh each time, from the file: it may have changed (itfriend settings set), and
        # edits cancelled last time must not come back.
        services.settings.reload()
        context.windows.open_fresh(
            "settings",
            lambda: SettingsDialog(
                services.settings, services.paths, create_autostart(), events=context.events
            ),
        )

    context.with_services(show)
