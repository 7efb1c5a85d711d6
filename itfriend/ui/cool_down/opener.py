"""How the shell opens the Cool-down and Reply windows (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext) -> None:
    """Open the Cool-down window, with the clipboard's text if it looks like a ticket."""

    def show(services: Services) -> None:
        from PySide6.QtGui import QGuiApplication

        from itfriend.ui.cool_down.window import CoolDownWindow

        window = context.windows.open(
            "cool-down",
            lambda: CoolDownWindow(
                services,
                context.events,
                lambda cool_down_id: context.navigator.open("reply", cool_down_id=cool_down_id),
            ),
        )
        window.offer_text(QGuiApplication.clipboard().text())

    context.with_services(show)


def open_reply(context: OpenContext, cool_down_id: int) -> None:
    """Open the Reply window of a cool-down; one at a time (the one shown before saves its
    draft as it closes)."""

    def show(services: Services) -> None:
        from itfriend.ui.cool_down.reply_window import ReplyWindow

        shown = context.windows.window("reply")
        if isinstance(shown, ReplyWindow) and shown.cool_down_id != cool_down_id:
            context.windows.close("reply")
        context.windows.open("reply", lambda: ReplyWindow(services, context.events, cool_down_id))

    context.with_services(show)
