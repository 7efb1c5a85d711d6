"""The app's icons, loaded once from ``resources/icons``."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from itfriend.core.resources import resource_path


@cache
def icon(name: str) -> QIcon:
    """``icon("itfriend")`` → resources/icons/itfriend.svg."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))
