"""One editor widget per declared setting, chosen from its type: the Settings dialog's parts.

A setting's declaration (``itfriend.core.settings.Setting``) says its type, choices and range;
this module only turns that into the matching Qt widget and reads the value back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from itfriend.core.settings import Setting

SPIN_MAXIMUM = 1_000_000
# Groups of the dialog, in order: (title, key prefixes). Unlisted prefixes get their own group.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("You", ("me",)),
    ("Contacts", ("contact",)),
    ("Reminders", ("notifications", "reminders")),
    ("Quiet hours", ("quiet", "work")),
    ("Start-up", ("app",)),
    ("Hotkey", ("hotkey", "paste")),
    ("Cool-down", ("cooldown",)),
    ("Mail (SMTP)", ("smtp",)),
    ("Announcements", ("announce",)),
)
_SECRET_WORDS = ("password", "secret", "token", "apikey", "api_key")


def group_title(key: str) -> str:
    prefix = key.split(".", 1)[0]
    for title, prefixes in GROUPS:
        if prefix in prefixes:
            return title
    return prefix.replace("_", " ").capitalize()


def grouped(settings: tuple[Setting, ...]) -> dict[str, list[Setting]]:
    """Settings by group title, groups in the order above; secrets never appear."""
    order = {title: number for number, (title, _) in enumerate(GROUPS)}
    groups: dict[str, list[Setting]] = {}
    for setting in settings:
        if any(word in setting.key.lower() for word in _SECRET_WORDS):
            continue
        groups.setdefault(group_title(setting.key), []).append(setting)
    return dict(sorted(groups.items(), key=lambda item: order.get(item[0], len(order))))


@dataclass
class Editor:
    """A widget editing one setting, with functions to read and set its value."""

    setting: Setting
    widget: QWidget
    read: Callable[[], Any]
    write: Callable[[Any], None]


def make_editor(setting: Setting, parent: QWidget) -> Editor:
    """The right widget for a setting's type: check box, spin box, combo box or text."""
    name = f"setting_{setting.key}"
    if setting.kind is bool:
        box = QCheckBox(parent)
        box.setObjectName(name)
        return Editor(setting, box, box.isChecked, lambda v: box.setChecked(bool(v)))
    if setting.kind is int:
        spin = QSpinBox(parent)
        spin.setObjectName(name)
        low = setting.minimum if setting.minimum is not None else 0
        high = setting.maximum if setting.maximum is not None else SPIN_MAXIMUM
        spin.setRange(low, high)
        return Editor(setting, spin, spin.value, lambda v: spin.setValue(int(v)))
    if setting.choices:
        combo = QComboBox(parent)
        combo.setObjectName(name)
        combo.addItems(list(setting.choices))
        return Editor(setting, combo, combo.currentText, lambda v: combo.setCurrentText(str(v)))
    if setting.key.endswith("signature"):
        text = QPlainTextEdit(parent)
        text.setObjectName(name)
        text.setTabChangesFocus(True)
        text.setFixedHeight(90)
        return Editor(setting, text, text.toPlainText, lambda v: text.setPlainText(str(v)))
    line = QLineEdit(parent)
    line.setObjectName(name)
    if isinstance(setting.default, str) and setting.default:
        line.setPlaceholderText(setting.default)
    return Editor(setting, line, line.text, lambda v: line.setText(str(v)))
