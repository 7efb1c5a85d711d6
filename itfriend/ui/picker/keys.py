"""The picker's keyboard: the picker is used from the keyboard alone, so its keys are one place.

In the search field, Up and Down move in the template list while typing (the focus stays in the
search) and a plain Enter uses the chosen template. From any field, Esc cancels, Ctrl+Shift+C
copies, Ctrl+M mails and Ctrl+Enter inserts: those reach the window, which asks ``shortcut``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from itfriend.ui.picker.template_list import TemplateList
from itfriend.ui.picker.use import PickerAction

CANCEL = "cancel"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def shortcut(event: QKeyEvent) -> PickerAction | str | None:
    """What a key pressed anywhere in the picker asks for: a PickerAction, CANCEL, or None."""
    key, mods = event.key(), event.modifiers()
    ctrl = Qt.KeyboardModifier.ControlModifier
    shift = Qt.KeyboardModifier.ShiftModifier
    if key == Qt.Key.Key_Escape:
        return CANCEL
    if key == Qt.Key.Key_C and mods == ctrl | shift:
        return PickerAction.COPY
    if key == Qt.Key.Key_M and mods == ctrl:
        return PickerAction.MAIL
    if key in ENTER_KEYS and mods & ctrl:
        return PickerAction.INSERT
    return None


class SearchKeys(QObject):
    """Installed on the search field: Up/Down step through ``templates``, Enter calls ``enter``."""

    def __init__(self, templates: TemplateList, enter: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._templates = templates
        self._enter = enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self._templates.step(step):
                return True
            if event.key() in ENTER_KEYS and not event.modifiers():
                self._enter()
                return True
        return super().eventFilter(watched, event)
