"""Import… and Export… in the People window, with the file dialogs and message boxes patched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.people_search.index import NAME
from itfriend.core.services import Services
from itfriend.ui.people.window import PeopleWindow


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            lambda _parent, _title, text, *_a, kind=kind: shown.append((kind, text)),
        )
    return shown


def names(window: PeopleWindow) -> list[str]:
    return [window.model.index(r, NAME).data() for r in range(window.model.rowCount())]


def test_import_adds_people_and_refreshes_the_table(
    qtbot: QtBot,
    window: PeopleWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(
        "name,email,department\nKatherine Johnson,kj@example.org,Flight Research\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(source), ""))
    with qtbot.waitSignal(window.files.finished, timeout=10_000):
        qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Katherine Johnson" in names(window), timeout=10_000)
    assert messages == [
        (
            "information",
            "Imported: Added 1 person and updated 0. Read as UTF-8, separated by commas.",
        )
    ]
    assert [r.email for r in services.people.list("Katherine")] == ["kj@example.org"]


def test_import_warnings_are_shown_with_the_summary(
    qtbot: QtBot,
    window: PeopleWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    services.people.add("Sam Lee", department="Finance")
    services.people.add("Sam Lee", department="Sales")
    source = tmp_path / "contacts.csv"
    source.write_text("name,department\nSam Lee,Finance\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(source), ""))
    with qtbot.waitSignal(window.files.finished, timeout=10_000):
        qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    [(kind, text)] = messages
    assert kind == "information"
    assert text.startswith(
        "Imported: Added 0 people and updated 0. Read as UTF-8, separated by commas. 1 warning.\n"
        "• 1 person"
    )
    assert "left as they are" in text and "(Sam Lee)" in text


def test_a_bad_file_shows_why_and_imports_nothing(
    qtbot: QtBot,
    window: PeopleWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(
        "name,email\nKatherine Johnson,kj@example.org\nNobody,bad\n", encoding="utf-8"
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(source), ""))
    with qtbot.waitSignal(window.files.finished, timeout=10_000):
        qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    [(kind, text)] = messages
    assert kind == "warning"
    assert "nothing was imported" in text
    assert "line 3: 'bad' is not an email address" in text
    assert services.people.list("Katherine") == []


def test_export_writes_the_chosen_format(
    qtbot: QtBot,
    window: PeopleWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    target = tmp_path / "everyone"  # no suffix: the chosen filter decides
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), "JSON (*.json)"))
    with qtbot.waitSignal(window.files.finished, timeout=10_000):
        qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    written = json.loads((tmp_path / "everyone.json").read_text(encoding="utf-8"))
    assert sorted(p["name"] for p in written) == sorted(names(window))
    assert messages == [("information", "Exported to everyone.json: 5 people.")]


def test_cancelled_file_dialogs_do_nothing(
    qtbot: QtBot,
    window: PeopleWindow,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert not window.tasks.busy
    assert messages == []
