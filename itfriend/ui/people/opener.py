"""How the shell opens the People window (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext, person_id: int | None = None) -> None:
    """Open the People window, at ``person_id`` if given."""

    def show(services: Services) -> None:
        from itfriend.ui.people.window import PeopleWindow

        window = context.windows.open("people", lambda: PeopleWindow(services, context.events))
        if person_id is not None:
            window.show_person(person_id)

    context.with_services(show)
