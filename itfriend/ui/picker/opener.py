"""How the shell opens the template picker (see ``ui/shell/navigator.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itfriend.ui.shell.open_context import OpenContext


def open_window(context: OpenContext) -> None:
    """Open the picker in front of the active window, as the hotkey does (``itfriend pick``):
    its launcher shows a placeholder at once if the database layer is still loading."""
    context.picker.show_picker()
