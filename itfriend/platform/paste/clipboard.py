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
(it ignored the keystroke) makes it wait the longer ``GIVE_UP_MS``.

Inserts are pasted one at a time, in order: an insert asked for while another is on its way
waits for it, so that each window gets its own text and the user's content comes back once,
after the last.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Paste:
    text: str
    target: TargetWindow
    keystroke: str


class ClipboardPaster(QObject):
    """Pastes through the clipboard into the window remembered by ``remember_target``.

    ``keystroke`` is read at each insert (the setting may change); ``send_keys`` is the
    function that types a keystroke (pynput by default).

    Signals:
    pasted(bool): one insert's keystroke was sent; True when it reached the target window.
    restored(): the user's previous clipboard content is back.
    """

    pasted = Signal(bool)
    restored = Signal()
    _sent = Signal(int, bool)

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
        self._settle_ms = settle_ms
        self._give_up_ms = give_up_ms
        self._at_least_ms = at_least_ms
        self.target: TargetWindow | None = None
        self._waiting: deque[_Paste] = deque()
        self._worker: threading.Thread | None = None  # the paste being sent, if any
        self._saved: QMimeData | None = None  # the user's content, to put back after the last
        # What we put on the clipboard, compared by identity only (the clipboard owns it): any
        # other data there, even the same text, was copied by the user.
        self._pasted: PastedText | None = None
        # Each paste is numbered; the worker notes the number just before the keystroke, so that
        # reads before it (a clipboard manager's) or of an earlier paste do not count.
        self._number = 0
        self._keystroke_of = -1
        self._read_since_keystroke = False
        self._sent_at = 0.0
        self._after_read = QTimer(self)
        self._after_read.setObjectName("paste_restore_timer")
        self._after_read.setSingleShot(True)
        self._after_read.timeout.connect(self._pasted_and_read)
        self._sent.connect(self._on_sent)

    @property
    def clipboard(self) -> QClipboard:
        return QGuiApplication.clipboard()

    @property
    def busy(self) -> bool:
        """A paste is being sent, waits to be, or waits for the target to read it."""
        return self._worker is not None or bool(self._waiting) or self._after_read.isActive()

    def remember_target(self) -> None:
        """Note the active window: call it before showing the picker, which takes the focus."""
        self.target = self._windows.active_window()
        log.debug("paste target: %s", self.target)

    def insert(self, text: str) -> bool:
        """Paste ``text`` into the remembered window (after any paste still on its way) and
        restore the clipboard afterwards. Without a remembered window the text is only copied
        (returns False)."""
        target = self.target
        if target is None:
            self.copy(text)
            return False
        keystroke = effective_keystroke(self._keystroke(), target.window_class)
        self._waiting.append(_Paste(text, target, keystroke))
        if self._worker is None and not self._after_read.isActive():
            self._paste_next()
        return True

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard and leave it there (pastes waiting are dropped)."""
        self._waiting.clear()
        self._after_read.stop()
        self._saved = self._pasted = None
        self._number += 1  # reads from now on are not a paste's
        self.clipboard.setText(text)

    def wait(self, timeout: float = 5.0) -> None:
        """Wait for the worker thread, so that no keystroke is left half-sent."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def finish(self, timeout: float = 5.0) -> None:
        """At quit: let the keystroke on its way go, drop the pastes still waiting, and put the
        user's content back now."""
        self.wait(timeout)
        self._waiting.clear()
        self._after_read.stop()
        self._restore()

    # --- one paste after the other -------------------------------------------------------------

    def _paste_next(self) -> None:
        if not self._waiting:
            self._restore()
            return
        paste = self._waiting.popleft()
        current = self.clipboard.mimeData()
        if self._saved is None or current is not self._pasted:
            # The user's content; or, between two pastes, what they copied meanwhile.
            self._saved = copy_mime_data(current)
        self._number += 1
        self._read_since_keystroke = False
        self._pasted = PastedText(paste.text, self._note_read)
        self.clipboard.setMimeData(self._pasted)
        worker = threading.Thread(
            target=self._focus_and_paste,
            args=(paste.target, paste.keystroke, self._number),
            name="itfriend-paste",
        )
        self._worker = worker
        try:
            worker.start()
        except RuntimeError as exc:  # no thread to be had: as if the focus could not be given
            log.error("pasting failed: %s", exc)
            self._on_sent(self._number, False)

    def _focus_and_paste(self, target: TargetWindow, keystroke: str, number: int) -> None:
        focused = False
        try:
            focused = self._windows.focus(target)
            if not focused:
                log.warning("could not give the focus back to window %#x", target.id)
            else:
                self._keystroke_of = number
                self._send_keys(keystroke)
        except BaseException as exc:  # whatever it was, the pastes after it and the restore
            # must not wait for ever; the thread ends here anyway
            log.error("pasting failed: %s", exc, exc_info=exc)
            focused = False
        self._sent.emit(number, focused)

    @Slot(int, bool)
    def _on_sent(self, number: int, focused: bool) -> None:
        self._worker = None
        self.pasted.emit(focused)
        if number != self._number:  # copied over meanwhile: nothing to put back
            if self._waiting:
                # An insert asked for since waits its turn, and the window this keystroke went
                # to may still be reading the clipboard: give it time first.
                self._after_read.start(self._at_least_ms if focused else 0)
            return
        if focused:
            self._sent_at = time.monotonic()
            self._after_read.start(self._restore_delay_ms())
        elif self._waiting:
            self._paste_next()
        else:
            # The text stays on the clipboard, so that the user can paste it by hand.
            self._saved = self._pasted = None

    def _restore_delay_ms(self) -> int:
        if not self._read_since_keystroke:
            return self._give_up_ms
        since_sent = int((time.monotonic() - self._sent_at) * 1000)
        return max(self._settle_ms, self._at_least_ms - since_sent)

    def _note_read(self) -> None:
        if self._read_since_keystroke or self._keystroke_of != self._number:
            return
        self._read_since_keystroke = True
        try:
            if self._after_read.isActive():  # waiting for this read: now only to settle
                self._after_read.start(self._restore_delay_ms())
        except RuntimeError:  # read while quitting, after the paster was deleted
            pass

    def _pasted_and_read(self) -> None:
        if self._keystroke_of == self._number and not self._read_since_keystroke:
            log.info(
                "the window pasted into did not read the text from itfriend: it may want another "
                "paste keystroke (setting paste.keystroke)"
            )
        self._paste_next()

    def _restore(self) -> None:
        saved, pasted = self._saved, self._pasted
        self._saved = self._pasted = None
        self._number += 1  # later reads are not the paste's
        if saved is None or pasted is None:
            return
        if self.clipboard.mimeData() is not pasted:
            return  # the user copied something since: keep that
        if saved.formats():
            self.clipboard.setMimeData(saved)
        else:
            self.clipboard.clear()
        self.restored.emit()
