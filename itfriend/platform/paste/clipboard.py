"""Inserting a text anywhere: through the clipboard and the application's own paste keystroke.

Typing a text key by key is slow and some programs (xterm) ignore synthetic characters, so
``ClipboardPaster.insert`` does what a user would:

1. keep a copy of what is on the clipboard now;
2. put the text on the clipboard;
3. on a worker thread, give the focus back to the window that was active before the picker
   opened and send the paste keystroke there (both wait on the window system);
4. back on the GUI thread, once the target application has read the text from us (it asks
   while our event loop runs) and a moment more for its other formats, put the user's old
   content back, unless something else has been copied meanwhile.

Restoring on a fixed delay alone would, on a busy machine, let a slow application read the
clipboard after the old content was back, and paste that, which may be a password, into a
message. So the old content waits for the read as well as for ``AT_LEAST_MS`` (a clipboard
manager polling the clipboard may be the one reading); only an application that never reads
(it ignored the keystroke) makes it wait the longer ``GIVE_UP_MS``. When a second insert comes
while the first is still on its way, the last one to be sent decides.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QMetaType, QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

from itfriend.platform.paste.keystrokes import effective_keystroke, send_keystroke
from itfriend.platform.paste.windows import TargetWindow, WindowTracker

log = logging.getLogger(__name__)

# After the target's first read, time for it to read the text's other formats.
SETTLE_MS = 150
# Never sooner after the keystroke than this: the read may have been a clipboard manager's.
AT_LEAST_MS = 600
# The target never read the text (it ignored the keystroke): the user's content comes back.
GIVE_UP_MS = 5000


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


class PastedText(QMimeData):
    """The text put on the clipboard to paste; ``on_read`` is called each time it is read."""

    def __init__(self, text: str, on_read: Callable[[], None]) -> None:
        super().__init__()
        self.setText(text)
        self._on_read = on_read

    def retrieveData(self, mimetype: str, preferred_type: QMetaType | QMetaType.Type) -> Any:
        self._on_read()
        return super().retrieveData(mimetype, preferred_type)


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
        settle_ms: int = SETTLE_MS,
        give_up_ms: int = GIVE_UP_MS,
        at_least_ms: int = AT_LEAST_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._windows = windows
        self._keystroke = keystroke
        self._send_keys = send_keys
        self.target: TargetWindow | None = None
        self._saved: QMimeData | None = None
        self._inserted: str | None = None  # the clipboard owns (and deletes) its QMimeData
        self._workers: list[threading.Thread] = []
        self._pastes_under_way = 0
        # Each insert is numbered; its worker notes the number just before sending the keystroke,
        # so that reads before it (a clipboard manager's) or of an earlier insert do not count.
        self._insert_number = 0
        self._keystroke_of = -1
        self._read_since_keystroke = False
        self._sent_at = 0.0
        self._settle_ms = settle_ms
        self._give_up_ms = give_up_ms
        self._at_least_ms = at_least_ms
        self._restore_timer = QTimer(self)
        self._restore_timer.setObjectName("paste_restore_timer")
        self._restore_timer.setSingleShot(True)
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
        if not self._pastes_under_way or self._saved is None:
            self._saved = copy_mime_data(self.clipboard.mimeData())
        # else a paste is still under way: the clipboard holds its text, and what must come back
        # afterwards is still the user's own, saved by that first insert.
        self._inserted = text
        self._insert_number += 1
        self._read_since_keystroke = False
        self.clipboard.setMimeData(PastedText(text, self._note_read))
        keystroke = effective_keystroke(self._keystroke(), target.window_class)
        worker = threading.Thread(
            target=self._focus_and_paste,
            args=(target, keystroke, self._insert_number),
            name="itfriend-paste",
        )
        self._workers = [*(w for w in self._workers if w.is_alive()), worker]
        self._pastes_under_way += 1
        worker.start()
        return True

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard and leave it there."""
        self.clipboard.setText(text)

    def wait(self, timeout: float = 5.0) -> None:
        """Wait for the worker threads (at quit, so that no keystroke is left half-sent)."""
        deadline = time.monotonic() + timeout
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def _focus_and_paste(self, target: TargetWindow, keystroke: str, number: int) -> None:
        try:
            focused = self._windows.focus(target)
            if not focused:
                log.warning("could not give the focus back to window %#x", target.id)
            else:
                self._keystroke_of = number
                self._send_keys(keystroke)
        except Exception as exc:  # any failure must still restore the clipboard
            log.error("pasting failed: %s", exc, exc_info=exc)
            focused = False
        self._sent.emit(focused)

    @Slot(bool)
    def _on_sent(self, focused: bool) -> None:
        self._pastes_under_way -= 1
        self.pasted.emit(focused)
        if self._pastes_under_way > 0:
            return  # a later insert is still on its way: its keystroke decides
        if focused:
            self._sent_at = time.monotonic()
            self._restore_timer.start(self._restore_delay_ms())
        else:
            # The text stays on the clipboard, so that the user can paste it by hand.
            self._saved = self._inserted = None

    def _restore_delay_ms(self) -> int:
        if not self._read_since_keystroke:
            return self._give_up_ms
        since_sent = int((time.monotonic() - self._sent_at) * 1000)
        return max(self._settle_ms, self._at_least_ms - since_sent)

    def _note_read(self) -> None:
        if self._read_since_keystroke or self._keystroke_of != self._insert_number:
            return
        self._read_since_keystroke = True
        try:
            if self._restore_timer.isActive():  # waiting for this read: now only to settle
                self._restore_timer.start(self._restore_delay_ms())
        except RuntimeError:  # read while quitting, after the paster was deleted
            pass

    def _restore(self) -> None:
        self._restore_timer.stop()
        saved, inserted = self._saved, self._inserted
        self._saved = self._inserted = None
        sent = self._keystroke_of == self._insert_number
        self._insert_number += 1  # later reads are not the paste's
        if saved is None or inserted is None:
            return
        if sent and not self._read_since_keystroke:
            log.info(
                "the window pasted into did not read the text from itfriend: it may want another "
                "paste keystroke (setting paste.keystroke); the old clipboard is back"
            )
        current = self.clipboard.mimeData()
        if current is not None and current.text() != inserted:
            return  # the user copied something else since: keep that
        if saved.formats():
            self.clipboard.setMimeData(saved)
        else:
            self.clipboard.clear()
        self.restored.emit()
