"""The Templates window: edit with live preview and errors, create, duplicate, delete (asked),
import and export files; the file dialogs and the question are answered by the test."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.templates.window import TemplatesWindow


def settle(qtbot: QtBot, window: TemplatesWindow) -> None:
    """Wait until the editor's preview (made on a pool thread) shows the fields as they are."""
    qtbot.waitUntil(lambda: window.editor.preview_ready, timeout=10_000)


def finished(qtbot: QtBot, window: TemplatesWindow) -> None:
    """Wait until a save, duplicate or import (run on a pool thread) has been shown."""
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


@pytest.fixture
def window(qtbot: QtBot, services: Services, events: DataEvents) -> TemplatesWindow:
    services.settings.set("me.name", "Tom Tech")
    services.settings.set("me.phone", "555 0100")
    shown = TemplatesWindow(services, events)
    qtbot.addWidget(shown)
    finished(qtbot, shown)  # the list is read off the GUI thread
    return shown


def test_lists_and_searches_the_templates(window: TemplatesWindow, qtbot: QtBot) -> None:
    assert "Password reset" in window.names()
    assert len(window.names()) >= 10
    qtbot.keyClicks(window.search, "voicemail")
    qtbot.waitUntil(lambda: window.names() == ["Voicemail reset"])
    window.search.clear()
    qtbot.waitUntil(lambda: len(window.names()) >= 10)


def test_editing_shows_a_live_preview_and_errors_at_once(
    window: TemplatesWindow, qtbot: QtBot, services: Services
) -> None:
    window.select_template("Password reset")
    editor = window.editor
    settle(qtbot, window)
    assert editor.name.text() == "Password reset"
    assert "Hi Sam," in editor.preview.toPlainText()  # the sample person
    assert "Tom Tech" in editor.preview.toPlainText()
    assert not editor.problems_label.isVisible()

    editor.body.setPlainText("Hello {{ person.frist_name }}")
    settle(qtbot, window)  # checked off the GUI thread, with the preview
    assert editor.problems_label.text() == (
        "Body line 1: unknown variable person.frist_name; did you mean person.first_name?"
    )
    editor.body.setPlainText("Line one\n{% if ticket.number %}\nno end")
    settle(qtbot, window)
    assert editor.problems_label.text().startswith("Body line 3:")
    editor.subject.setText("Hi {{ ''.__class__ }}")
    settle(qtbot, window)
    assert "Subject: line 1:" in editor.problems_label.text()
    assert editor.preview.toPlainText() == ""

    editor.subject.setText("About {{ ticket.number }}")
    editor.body.setPlainText("Ticket {{ ticket.number }} is done, {{ person.first_name }}.")
    settle(qtbot, window)
    assert editor.problems_label.text() == ""
    assert editor.preview.toPlainText() == (
        "Subject: About [ticket.number]\n\nTicket [ticket.number] is done, Sam."
    )
    assert window.save()  # a problem-free edit is saved under the same name
    finished(qtbot, window)
    assert window.status.text() == "Saved 'Password reset'."
    saved = services.templates.get("Password reset")
    assert saved.body == "Ticket {{ ticket.number }} is done, {{ person.first_name }}."


def test_a_template_with_an_error_is_not_saved_and_nothing_is_lost(
    window: TemplatesWindow, qtbot: QtBot, services: Services
) -> None:
    window.select_template("Password reset")
    before = services.templates.get("Password reset").body
    window.editor.body.setPlainText("{{ broken")
    settle(qtbot, window)
    assert window.save() is False
    assert window.status.text().startswith("Not saved: Body line 1:")
    assert window.editor.body.toPlainText() == "{{ broken"
    assert services.templates.get("Password reset").body == before
    # Saved while it is still being checked: checked with the save, off the GUI thread.
    window.editor.body.setPlainText("{{ broken again")
    assert window.save() is True
    finished(qtbot, window)
    assert window.status.text().startswith("Not saved: Body line 1:")
    assert services.templates.get("Password reset").body == before


def test_the_problems_are_checked_off_the_gui_thread(
    window: TemplatesWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import itfriend.ui.templates.editor as editor_module

    threads: list[threading.Thread] = []
    real_check = editor_module.check_template_text

    def recording_check(text: str) -> list[str]:
        threads.append(threading.current_thread())
        return real_check(text)

    monkeypatch.setattr(editor_module, "check_template_text", recording_check)
    window.select_template("Password reset")
    with qtbot.waitSignal(window.editor.preview_updated, timeout=10_000):
        window.editor.body.setPlainText("Hello {{ person.frist_name }}")
    settle(qtbot, window)
    assert threads and threading.main_thread() not in threads
    assert window.editor.problems_label.text().startswith("Body line 1: unknown variable")


def test_create_duplicate_and_delete_after_asking(
    window: TemplatesWindow, qtbot: QtBot, services: Services
) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New
    assert window.original_name is None and window.editor.name.text() == ""
    window.editor.name.setText("Desk move")
    window.editor.abbreviation.setText("desk")
    window.editor.subject.setText("Your desk move")
    window.editor.body.setPlainText("Hi {{ person.first_name }}, you move on {{ move_date }}.")
    assert window.save()
    finished(qtbot, window)
    assert services.templates.get("desk").name == "Desk move"
    assert "Desk move" in window.names()

    window.duplicate()
    finished(qtbot, window)
    assert window.original_name == "Desk move (copy)"
    assert window.editor.name.text() == "Desk move (copy)"
    assert services.templates.get("Desk move (copy)").body == (
        "Hi {{ person.first_name }}, you move on {{ move_date }}."
    )

    questions: list[str] = []
    window.confirm = lambda question: questions.append(question) is not None and False
    window.delete()  # answered No: kept
    assert questions == ["Delete the template 'Desk move (copy)'? This cannot be undone."]
    assert "Desk move (copy)" in window.names()
    window.confirm = lambda question: True
    window.delete()
    finished(qtbot, window)
    assert "Desk move (copy)" not in window.names()
    assert window.status.text() == "Deleted 'Desk move (copy)'."
    assert "Desk move (copy)" not in [t.name for t in services.templates.list()]


def test_export_then_import_a_file(window: TemplatesWindow, qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "reset.md"
    window.select_template("Password reset")
    window.choose_export_path = lambda name: target
    window.export_file()
    finished(qtbot, window)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\nname: Password reset\n")
    assert "{{ me.phone }}" in text

    imported = tmp_path / "printer.md"
    imported.write_text(
        "---\nname: Printer moved\nsubject: Printer\n---\nFloor {{ floor }}, {{ me.name }}\n",
        encoding="utf-8",
    )
    window.choose_import_path = lambda: imported
    window.import_file()
    finished(qtbot, window)
    assert window.status.text() == "Imported 'Printer moved'."
    assert window.editor.name.text() == "Printer moved"
    settle(qtbot, window)
    assert window.editor.preview.toPlainText() == "Subject: Printer\n\nFloor [floor], Tom Tech"

    unsafe = tmp_path / "unsafe.md"
    unsafe.write_text("---\nname: Bad\n---\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    window.choose_import_path = lambda: unsafe
    window.import_file()
    finished(qtbot, window)
    assert window.status.text().startswith("cannot import unsafe.md: line 4:")
    assert "Bad" not in window.names()


def test_a_hostile_template_is_previewed_off_the_gui_thread_and_stopped_with_its_reason(
    window: TemplatesWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    import itfriend.ui.templates.editor as editor_module

    editor = window.editor
    window.select_template("Password reset")
    settle(qtbot, window)
    # A template that takes its time: the render waits until the test lets it go.
    release, threads = threading.Event(), []
    real_render = editor_module.render_template

    def slow_render(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        release.wait(10)
        return real_render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(editor_module, "render_template", slow_render)
    started = time.perf_counter()
    editor.body.setPlainText("Slow {{ person.first_name }}")
    editor.body.appendPlainText("and more")  # typed on meanwhile
    assert time.perf_counter() - started < 1  # typing goes on at once
    assert not editor.preview_ready
    release.set()
    settle(qtbot, window)
    assert editor.preview.toPlainText().endswith("Slow Sam\nand more")
    assert threads and threading.main_thread() not in threads
    monkeypatch.setattr(editor_module, "render_template", real_render)

    editor.name.setText("Spinner")
    settle(qtbot, window)
    with qtbot.waitSignal(editor.preview_updated, timeout=10_000):
        editor.body.setPlainText(
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
        )
    assert editor.preview.toPlainText() == (
        "(cannot preview: the template 'Spinner' was stopped: it ran longer than 2 seconds, "
        "the limit for filling one in)"
    )


def test_a_hostile_file_is_checked_off_the_gui_thread_and_refused_with_its_limit(
    window: TemplatesWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    import time

    path = tmp_path / "loop.txt"  # the file
    path.write_text(
        "---\nname: loop\nsubject: s\n---\n"
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    window.choose_import_path = lambda: path
    started = time.perf_counter()
    window.import_file()
    assert time.perf_counter() - started < 1  # the window goes on meanwhile
    assert window.status.text() == "Checking the template…"
    finished(qtbot, window)
    assert window.status.text() == (
        "cannot import loop.txt: the template 'loop' was stopped: "
        "it ran longer than 2 seconds, the limit for filling one in"
    )
    assert "loop" not in window.names()


def test_a_save_is_reported_when_a_search_is_typed_before_its_list_comes(
    window: TemplatesWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services
) -> None:
    window.select_template("Password reset")
    settle(qtbot, window)
    window.editor.subject.setText("Your new password")
    gate, asked = threading.Event(), threading.Event()
    listing = services.templates.list

    def held_list(search: str = "") -> list[object]:
        asked.set()
        gate.wait(10)
        return listing(search)  # type: ignore[return-value]

    monkeypatch.setattr(services.templates, "list", held_list)
    assert window.save()
    qtbot.waitUntil(asked.is_set, timeout=10_000)  # saved; its list is being read
    qtbot.keyClicks(window.search, "pass")  # newer lists are asked for meanwhile
    with qtbot.waitSignal(window.saved, timeout=10_000) as saved:
        gate.set()
    assert saved.args == ["Password reset"]
    finished(qtbot, window)
    assert window.status.text() == "Saved 'Password reset'."
    assert "Password reset" in window.names()
