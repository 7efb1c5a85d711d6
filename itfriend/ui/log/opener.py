"""How the shell opens the Log a contact dialog (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext, person_id: int | None = None) -> None:
    """Open the Log a contact dialog, with ``person_id`` chosen if given."""

    def show(services: Services) -> None:
        from itfriend.ui.log.dialog import LogContactDialog

        # A fresh dialog each time: it starts empty, as a quick-entry form should.
        context.windows.open_fresh(
            "log", lambda: LogContactDialog(services, context.events, person_id=person_id)
        )

    context.with_services(show)
