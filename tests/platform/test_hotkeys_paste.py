"""Pasting through the clipboard: the keystroke reaches the remembered window while the text is
on the clipboard, and the user's old clipboard comes back afterwards; mailto links; keystrokes."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from itfriend.platform.paste import (
    ClipboardPaster,
    TargetWindow,
    effective_keystroke,
    mailto_url,
)


@dataclass
class FakeWindows:
    """A window tracker over a pretend desktop; ``focus`` can be told to fail."""

    active: TargetWindow | None = field(default_factory=lambda: TargetWindow(0x400007, "Mail"))
    focusable: bool = True
    focused: list[int] = field(default_factory=list)

    def active_window(self) -> TargetWindow | None:
        return self.active

    def focus(self, target: TargetWindow) -> bool:
        self.focused.append(target.id)
        return self.focusable


def test_insert_pastes_with_the_text_on_the_clipboard_then_restores_it(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    old = QMimeData()
    old.setText("the user's own clipboard")
    old.setHtml("<b>the user's own clipboard</b>")
    clipboard.setMimeData(old)
    seen: list[tuple[str, str]] = []  # the keystroke, and what the clipboard held then
    windows = FakeWindows()
    paster = ClipboardPaster(
        windows,
        lambda: "ctrl+v",
        send_keys=lambda keys: seen.append((keys, clipboard.text())),
        give_up_ms=50,
    )
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted) as pasted, qtbot.waitSignal(paster.restored):
        assert paster.insert("Hello Ada") is True
    assert pasted.args == [True]
    assert windows.focused == [0x400007]
    assert seen == [("ctrl+v", "Hello Ada")]
    restored = clipboard.mimeData()
    assert restored.text() == "the user's own clipboard"
    assert "<b>the user's own clipboard</b>" in restored.html()


def test_the_clipboard_is_not_restored_over_something_copied_meanwhile(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("old")
    paster = ClipboardPaster(FakeWindows(), lambda: "ctrl+v", send_keys=lambda k: None)
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted):
        paster.insert("inserted")
    clipboard.setText("copied by the user since")
    paster._after_read.timeout.emit()  # the wait ran out
    assert clipboard.text() == "copied by the user since"


def test_without_a_window_to_return_to_the_text_is_only_copied(qtbot: QtBot) -> None:
    sent: list[str] = []
    paster = ClipboardPaster(FakeWindows(active=None), lambda: "ctrl+v", send_keys=sent.append)
    paster.remember_target()
    assert paster.insert("Hello") is False
    assert QGuiApplication.clipboard().text() == "Hello"
    assert sent == []


def test_when_focus_cannot_be_returned_the_text_stays_on_the_clipboard(qtbot: QtBot) -> None:
    QGuiApplication.clipboard().setText("old")
    sent: list[str] = []
    paster = ClipboardPaster(FakeWindows(focusable=False), lambda: "ctrl+v", send_keys=sent.append)
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted) as pasted:
        paster.insert("Hello")
    assert pasted.args == [False]
    assert sent == []
    assert QGuiApplication.clipboard().text() == "Hello"  # for the user to paste by hand
    assert not paster._after_read.isActive()


def test_keystroke_per_application_and_platform() -> None:
    assert effective_keystroke("ctrl+v", "Mail", "linux") == "ctrl+v"
    assert effective_keystroke("shift+insert", "", "linux") == "shift+insert"
    assert effective_keystroke("ctrl+v", "gnome-terminal-server", "linux") == "ctrl+shift+v"
    assert effective_keystroke("ctrl+v", "Konsole", "linux") == "ctrl+shift+v"
    assert effective_keystroke("ctrl+v", "", "darwin") == "cmd+v"


def test_mailto_link_carries_address_subject_and_body_encoded() -> None:
    url = mailto_url("ada@example.org", "Your laptop & you?", "Hi Ada,\nline 2 = 100%")
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "ada@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Your laptop & you?"]
    assert query["body"] == ["Hi Ada,\r\nline 2 = 100%"]
    assert " " not in url and "\n" not in url


def test_a_second_insert_during_the_first_paste_keeps_the_users_clipboard(qtbot: QtBot) -> None:
    import threading

    clipboard = QGuiApplication.clipboard()
    clipboard.setText("the user's own clipboard")
    release = threading.Event()
    sent: list[str] = []

    def slow_keys(keys: str) -> None:  # the first paste is still on its way
        release.wait(5)
        sent.append(keys)

    paster = ClipboardPaster(FakeWindows(), lambda: "ctrl+v", send_keys=slow_keys, give_up_ms=50)
    paster.remember_target()
    assert paster.insert("First template")
    assert paster.insert("Second template")
    release.set()
    qtbot.waitUntil(lambda: clipboard.text() == "the user's own clipboard", timeout=5000)
    paster.wait()


class LateReader(QObject):
    """Reads the clipboard ``after_ms`` after the keystroke, on the GUI thread, as a busy
    application asked for the paste does."""

    keystroke = Signal()

    def __init__(self, after_ms: int) -> None:
        super().__init__()
        self.after_ms = after_ms
        self.read: list[str] = []
        self.keystroke.connect(lambda: QTimer.singleShot(self.after_ms, self._read))

    def _read(self) -> None:
        self.read.append(QGuiApplication.clipboard().text())


def test_a_slow_application_reads_the_inserted_text_and_the_old_content_comes_back_after(
    qtbot: QtBot,
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("a password the user copied")
    reader = LateReader(after_ms=1500)  # later than any fixed delay short enough to not annoy
    paster = ClipboardPaster(
        FakeWindows(),
        lambda: "ctrl+v",
        send_keys=lambda _keys: reader.keystroke.emit(),
        give_up_ms=60_000,  # so that only the read can bring the old content back in time
    )
    paster.remember_target()
    with qtbot.waitSignal(paster.restored, timeout=10_000):
        paster.insert("Hello Ada")
    assert reader.read == ["Hello Ada"]
    assert clipboard.text() == "a password the user copied"


def test_an_application_that_never_reads_gets_the_old_content_back_after_the_wait(
    qtbot: QtBot,
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("old")
    paster = ClipboardPaster(
        FakeWindows(), lambda: "ctrl+v", send_keys=lambda _keys: None, give_up_ms=300
    )
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted):
        paster.insert("ignored")
    assert paster._after_read.interval() == 300 and clipboard.text() == "ignored"
    with qtbot.waitSignal(paster.restored, timeout=5000):
        pass
    assert clipboard.text() == "old"


def test_a_read_before_the_keystroke_is_not_taken_for_the_paste(qtbot: QtBot) -> None:
    """A clipboard manager copies each new clipboard at once: that is not the target reading."""
    import threading

    clipboard = QGuiApplication.clipboard()
    clipboard.setText("old")
    focusing = threading.Event()

    class SlowFocus(FakeWindows):
        def focus(self, target: TargetWindow) -> bool:
            focusing.wait(5)
            return super().focus(target)

    paster = ClipboardPaster(
        SlowFocus(), lambda: "ctrl+v", send_keys=lambda _keys: None, give_up_ms=4000
    )
    paster.remember_target()
    paster.insert("Hello")
    assert clipboard.text() == "Hello"  # read by "the clipboard manager" before the keystroke
    with qtbot.waitSignal(paster.pasted):
        focusing.set()
    assert paster._after_read.interval() == 4000  # still waiting for the target's read
    paster._restore()


def test_two_inserts_are_pasted_one_after_the_other_and_the_old_content_comes_back_once(
    qtbot: QtBot,
) -> None:
    import threading

    clipboard = QGuiApplication.clipboard()
    clipboard.setText("a password the user copied")
    second_inserted, second_focus = threading.Event(), threading.Event()
    started: list[int] = []
    lock = threading.Lock()

    class OneAfterTheOther(FakeWindows):
        """The first insert's window is focused once the second insert has been asked for; the
        second's takes its time."""

        def focus(self, target: TargetWindow) -> bool:
            with lock:
                call = len(started)
                started.append(call)
            (second_inserted if call == 0 else second_focus).wait(10)
            return super().focus(target)

    reader = LateReader(after_ms=0)
    paster = ClipboardPaster(
        OneAfterTheOther(), lambda: "ctrl+v", send_keys=lambda _keys: reader.keystroke.emit()
    )
    paster.remember_target()
    assert paster.insert("First")
    qtbot.waitUntil(lambda: len(started) == 1)
    assert paster.insert("Second")
    second_inserted.set()
    qtbot.waitUntil(lambda: len(reader.read) == 1)
    qtbot.waitUntil(lambda: clipboard.text() == "Second")  # the first was read: the next one
    qtbot.wait(1000)  # longer than any restore delay after a read
    assert clipboard.text() == "Second"
    with qtbot.waitSignal(paster.restored, timeout=10_000):
        second_focus.set()
    assert reader.read == ["First", "Second"]  # each its own text, never the password
    assert clipboard.text() == "a password the user copied"
    paster.wait()


def test_copying_while_a_paste_waits_for_its_read_keeps_the_copy(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("a password the user copied")
    restored: list[bool] = []
    paster = ClipboardPaster(
        FakeWindows(), lambda: "ctrl+v", send_keys=lambda _keys: None, give_up_ms=300
    )
    paster.restored.connect(lambda: restored.append(True))
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted):
        paster.insert("Template text")  # the window ignores the keystroke: nobody reads
    paster.copy("Template text")  # the technician copies the same text to paste by hand
    qtbot.wait(800)
    assert clipboard.text() == "Template text" and restored == []


def test_a_failed_paste_followed_by_a_good_one_still_brings_the_old_content_back(
    qtbot: QtBot,
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("the user's own")

    class FirstFails(FakeWindows):
        def focus(self, target: TargetWindow) -> bool:
            return bool(super().focus(target)) and len(self.focused) > 1

    reader = LateReader(after_ms=0)
    paster = ClipboardPaster(
        FirstFails(), lambda: "ctrl+v", send_keys=lambda _keys: reader.keystroke.emit()
    )
    paster.remember_target()
    results: list[bool] = []
    paster.pasted.connect(results.append)
    with qtbot.waitSignal(paster.restored, timeout=10_000):
        paster.insert("First")
        paster.insert("Second")
    assert results == [False, True] and reader.read == ["Second"]
    assert clipboard.text() == "the user's own"
    paster.wait()


def test_the_same_text_copied_by_the_user_during_the_wait_is_kept(qtbot: QtBot) -> None:
    """They selected what was pasted and copied it: that copy is theirs, not ours to undo."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("a password the user copied")
    paster = ClipboardPaster(
        FakeWindows(), lambda: "ctrl+v", send_keys=lambda _keys: None, give_up_ms=300
    )
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted):
        paster.insert("Hello")
    clipboard.setText("Hello")  # as the target application would, on Ctrl+C
    qtbot.waitUntil(lambda: not paster.busy, timeout=5000)
    assert clipboard.text() == "Hello"


def test_a_paste_whose_worker_dies_does_not_hold_up_the_next(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("old")
    sent: list[str] = []

    def send_keys(keys: str) -> None:
        if not sent:
            sent.append("died")
            raise SystemExit  # not an Exception: it still must not stall the pastes after it
        sent.append(keys)

    paster = ClipboardPaster(FakeWindows(), lambda: "ctrl+v", send_keys=send_keys)
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted) as first:
        paster.insert("First")
    assert first.args == [False]
    with qtbot.waitSignal(paster.pasted) as second:
        paster.insert("Second")
    assert second.args == [True] and sent == ["died", "ctrl+v"]
    paster.finish()


def test_quitting_while_a_paste_waits_for_its_read_puts_the_users_content_back(
    qtbot: QtBot,
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("the user's own")
    paster = ClipboardPaster(
        FakeWindows(), lambda: "ctrl+v", send_keys=lambda _keys: None, give_up_ms=60_000
    )
    paster.remember_target()
    with qtbot.waitSignal(paster.pasted):
        paster.insert("First")
    paster.insert("Second")  # waits its turn
    with qtbot.waitSignal(paster.restored, timeout=1000):
        paster.finish()
    assert clipboard.text() == "the user's own" and not paster.busy
