"""Remembers where each window was: geometry kept in its own file, apart from the preferences.

Window state is not something the user chose, so it never mixes with settings.json; a damaged or
missing file just means windows open at their default size.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtWidgets import QWidget

from itfriend.core.errors import ItfriendError
from itfriend.core.safe_files import write_text_atomically

log = logging.getLogger(__name__)

_KEY_PROPERTY = "itfriend_window_state_key"


class WindowStateStore(QObject):
    """Restores a window's geometry when it is made and saves it when it is hidden or closed."""

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            self._state: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self._state = {}

    def track(self, window: QWidget, key: str) -> None:
        saved = self._state.get(key)
        if saved:
            window.restoreGeometry(QByteArray.fromBase64(saved.encode()))
        # The key travels with the window, so that this store holds no reference to it.
        window.setProperty(_KEY_PROPERTY, key)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
            key = watched.property(_KEY_PROPERTY)
            if isinstance(key, str) and isinstance(watched, QWidget):
                self._state[key] = bytes(watched.saveGeometry().toBase64().data()).decode()
                self._save()
        return False

    def _save(self) -> None:
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self._path, json.dumps(self._state))
        except (OSError, ItfriendError) as exc:
            # Losing a window position is not worth interrupting the user for.
            log.warning("could not save window positions: %s", exc)
