"""Enter pressed before the picker's very first template list has arrived.

It is not lost: once the list is there, the template whose abbreviation or name was typed exactly
is used. Anything less exact — several match, or the technician typed on after Enter — is only
shown, for a second Enter, as the technician has not yet seen which template would be used.
"""

from __future__ import annotations

from collections.abc import Callable

from itfriend.ui.picker.layout import PickerLayout
from itfriend.ui.picker.template_list import TemplateList
from itfriend.ui.picker.use import PickerAction


class EarlyEnter:
    """Holds the one action asked for too early, with what the search held then."""

    def __init__(
        self, templates: TemplateList, ui: PickerLayout, accept: Callable[[PickerAction], None]
    ) -> None:
        self._templates = templates
        self._ui = ui
        self._accept = accept
        self._pending: tuple[PickerAction, str] | None = None

    def hold(self, action: PickerAction) -> None:
        self._pending = (action, self._ui.search.text())
        self._ui.status.setText("Loading your templates…")

    def drop(self) -> None:
        self._pending = None

    def list_arrived(self, visible: bool) -> None:
        """The list was read: carry out what was held, if the picker is still open for it."""
        pending, self._pending = self._pending, None
        if pending is not None and visible:
            action, typed = pending
            if typed == self._ui.search.text():
                self.accept_if_named(action)
            else:  # typed on after Enter: not what Enter was pressed for
                self.say_chosen()

    def accept_if_named(self, action: PickerAction) -> None:
        """Carry out ``action`` on the one template whose abbreviation or name was typed."""
        if self._templates.choose_named(self._ui.search.text()):
            self._accept(action)
        else:
            self.say_chosen()

    def say_chosen(self) -> None:
        template = self._templates.current()
        if template is not None:
            self._ui.status.setText(f"Listed now: “{template.name}” is chosen, not yet used.")
        else:
            self._ui.status.setText("No template matches what you typed.")
