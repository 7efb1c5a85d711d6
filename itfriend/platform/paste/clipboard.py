"""Inserting a text anywhere: through the clipboard and the application's own paste keystroke.

Typing a text key by key is slow and some programs (xterm) ignore synthetic characters, so
``ClipboardPaster.insert`` does what a user would:

1. keep a copy of what is on the clipboard now;
2. put the text on the clipboard;
3. on a worker thread, give the focus back to the window that was active before the picker
   opened and send the paste keystroke there (both wait on the window system);
4. back on the GUI thread, after a short delay driven by a QTimer (the target application
   reads the clipboard from us while our event loop runs), put the user's old content back,
   unless something else has been copied meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

from itfriend.platform.paste.keystrokes import effective_keystroke, send_keystroke
from itfriend.platform.paste.windows import TargetWindow, WindowTracker

log = logging.getLogger(__name__)

# Long enough for a busy application to ask us for the clipboard after the keystroke.
RESTORE_DELAY_MS = 600


class Paster(Protocol):
    """What the picker needs: remember the target before showing, then insert or copy."""

    def remember_target(self) -> None: ...

    def insert(self, text: str) -> bool:
        """Paste ``text`` into the remembered window; False when it was only copied."""
        ...

    def copy(self, text: str) -> None: ...


def copy_mime_data(source: QMimeData | None) -> QMimeData:
    """A copy of every format of ``source`` (the clipboard's data belongs to the clipboard)."""
    copy = QMimeData()
    if source is not None:
        for name in source.formats():
            copy.setData(name, source.data(name))
    return copy


class ClipboardPaster(QObject):
    """Pastes through the clipboard into the window remembered by ``remember_target``.

    ``keystroke`` is read at each insert (the setting may change); ``send_keys`` is the
    function that types a keystroke (pynput by default).

    Signals:
    pasted(bool): the insert finished; True when the keystroke reached the target window.
    restored(): the user's previous clipboard content is back.
    """

    pasted = Signal(bool)
    restored = Signal()
    _sent = Signal(bool)

    def __init__(
        self,
        windows: WindowTracker,
        keystroke: Callable[[], str],
        send_keys: Callable[[str], None] = send_keystroke,
        restore_delay_ms: int = RESTORE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._windows = windows
        self._keystroke = keystroke
        self._send_keys = send_keys
        self.target: TargetWindow | None = None
        self._saved: QMimeData | None = None
        self._inserted: str | None = None  # the clipboard owns (and deletes) its QMimeData
        self._worker: threading.Thread | None = None
        self._restore_timer = QTimer(self)
        self._restore_timer.setObjectName("paste_restore_timer")
        self._restore_timer.setSingleShot(True)
        self._restore_timer.setInterval(restore_delay_ms)
        self._restore_timer.timeout.connect(self._restore)
        self._sent.connect(self._on_sent)

    @property
    def clipboard(self) -> QClipboard:
        return QGuiApplication.clipboard()

    def remember_target(self) -> None:
        """Note the active window: call it before showing the picker, which takes the focus."""
        self.target = self._windows.active_window()
        log.debug("paste target: %s", self.target)

    def insert(self, text: str) -> bool:
        """Paste ``text`` into the remembered window and restore the clipboard afterwards.

        Without a remembered window the text is only copied (returns False).
        """
        if self._restore_timer.isActive():
            self._restore()  # a second insert before the first was tidied up
        target = self.target
        if target is None:
            self.copy(text)
            return False
        if self._worker is None or self._saved is None:
            self._saved = copy_mime_data(self.clipboard.mimeData())
        # else a paste is still under way: the clipboard holds its text, and what must come back
        # afterwards is still the user's own, saved by that first insert.
        self._inserted = text
        self.clipboard.setText(text)
        keystroke = effective_keystroke(self._keystroke(), target.window_class)
        self._worker = threading.Thread(
            target=self._focus_and_paste, args=(target, keystroke), name="itfriend-paste"
        )
        self._worker.start()
        return True

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard and leave it there."""
        self.clipboard.setText(text)

    def wait(self, timeout: float = 5.0) -> None:
        """Wait for the worker thread (at quit, so that no keystroke is left half-sent)."""
        if self._worker is not None:
            self._worker.join(timeout)

    def _focus_and_paste(self, target: TargetWindow, keystroke: str) -> None:
        try:
            focused = self._windows.focus(target)
            if not focused:
                log.warning("could not give the focus back to window %#x", target.id)
            else:
                self._send_keys(keystroke)
        except Exception as exc:  # any failure must still restore the clipboard
            log.error("pasting failed: %s", exc, exc_info=exc)
            focused = False
        self._sent.emit(focused)

    @Slot(bool)
    def _on_sent(self, focused: bool) -> None:
        self._worker = None
        self.pasted.emit(focused)
        if focused:
            self._restore_timer.start()
        else:
            # The text stays on the clipboard, so that the user can paste it by hand.
            self._saved = self._inserted = None

    def _restore(self) -> None:
        self._restore_timer.stop()
        saved, inserted = self._saved, self._inserted
        self._saved = self._inserted = None
        if saved is None or inserted is None:
            return
        current = self.clipboard.mimeData()
        if current is not None and current.text() != inserted:
            return  # the user copied something else since: keep that
        if saved.formats():
            self.clipboard.setMimeData(saved)
        else:
            self.clipboard.clear()
        self.restored.emit()
