"""The Settings dialog: generated editors, validation, persistence and start at login."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from itfriend.core.paths import AppPaths
from itfriend.core.settings import SETTINGS, Settings
from itfriend.ui.common.events import DataEvents
from itfriend.ui.settings.dialog import SettingsDialog


class FakeAutostart:
    """Records what the dialog asked of the login-start backend."""

    def __init__(self, enabled: bool = False) -> None:
        self.is_enabled = enabled
        self.calls: list[tuple[str, list[str] | None]] = []

    def enabled(self) -> bool:
        return self.is_enabled

    def enable(self, command: list[str]) -> None:
        self.calls.append(("enable", command))
        self.is_enabled = True

    def disable(self) -> None:
        self.calls.append(("disable", None))
        self.is_enabled = False


@pytest.fixture
def paths(itfriend_home: Path) -> AppPaths:
    return AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()


@pytest.fixture
def autostart() -> FakeAutostart:
    return FakeAutostart()


@pytest.fixture
def open_settings(
    qtbot: QtBot, paths: AppPaths, autostart: FakeAutostart
) -> Iterator[Callable[[], SettingsDialog]]:
    def make() -> SettingsDialog:
        dialog = SettingsDialog(
            Settings(paths.settings_file), paths, autostart, command=["itfriend-test"]
        )
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    yield make


def editor(dialog: SettingsDialog, key: str) -> object:
    return dialog.editors[key].widget


def test_every_declared_setting_gets_the_editor_of_its_type(
    open_settings: Callable[[], SettingsDialog],
) -> None:
    dialog = open_settings()
    assert set(dialog.editors) == {s.key for s in SETTINGS}
    assert isinstance(editor(dialog, "me.name"), QLineEdit)
    assert isinstance(editor(dialog, "me.signature"), QPlainTextEdit)
    assert isinstance(editor(dialog, "notifications.enabled"), QCheckBox)
    assert isinstance(editor(dialog, "paste.keystroke"), QComboBox)
    spin = editor(dialog, "reminders.max_per_day")
    assert isinstance(spin, QSpinBox)
    assert (spin.minimum(), spin.maximum()) == (1, 100)
    titles = [dialog.pages.item(i).text() for i in range(dialog.pages.count())]
    assert titles[:3] == ["You", "Contacts", "Reminders"]
    assert "Mail (SMTP)" in titles
    for widget in dialog.findChildren(QLineEdit):
        assert widget.echoMode() == QLineEdit.EchoMode.Normal  # never a password field


def test_data_folder_is_shown_read_only_and_opens(
    qtbot: QtBot,
    open_settings: Callable[[], SettingsDialog],
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    dialog = open_settings()
    assert dialog.data_folder.text() == str(paths.data)
    assert dialog.data_folder.isReadOnly()
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(paths.data)]


def test_saved_values_are_written_and_shown_again(
    qtbot: QtBot, open_settings: Callable[[], SettingsDialog], paths: AppPaths
) -> None:
    dialog = open_settings()
    qtbot.keyClicks(editor(dialog, "me.name"), "Sam Tech")
    signature = editor(dialog, "me.signature")
    qtbot.keyClicks(signature, "Sam")
    qtbot.keyClick(signature, Qt.Key.Key_Return)
    qtbot.keyClicks(signature, "IT desk, room 4")
    cadence = editor(dialog, "contact.cadence_days")
    cadence.setValue(21)
    editor(dialog, "notifications.enabled").setChecked(False)
    editor(dialog, "smtp.security").setCurrentText("ssl")
    events = DataEvents()
    dialog._events = events
    with qtbot.waitSignal(events.settings_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    stored = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert stored["me.name"] == "Sam Tech"
    assert stored["me.signature"] == "Sam\nIT desk, room 4"
    assert stored["contact.cadence_days"] == 21
    assert stored["notifications.enabled"] is False
    assert stored["smtp.security"] == "ssl"

    again = open_settings()
    assert editor(again, "me.name").text() == "Sam Tech"
    assert editor(again, "me.signature").toPlainText() == "Sam\nIT desk, room 4"
    assert editor(again, "contact.cadence_days").value() == 21
    assert not editor(again, "notifications.enabled").isChecked()
    assert editor(again, "smtp.security").currentText() == "ssl"


def test_bad_values_are_marked_and_nothing_is_saved(
    qtbot: QtBot, open_settings: Callable[[], SettingsDialog], paths: AppPaths
) -> None:
    dialog = open_settings()
    qtbot.keyClicks(editor(dialog, "me.name"), "Sam")
    email = editor(dialog, "me.email")
    qtbot.keyClicks(email, "sam-at-example")
    quiet = editor(dialog, "quiet.start")
    quiet.setText("25:99")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.field_errors["me.email"].text() == "me.email: not an email"
    assert "24-hour time" in dialog.field_errors["quiet.start"].text()
    assert dialog.field_errors["me.name"].isHidden()
    assert "2 settings need fixing" in dialog.error.text()
    assert dialog.pages.currentRow() == 0  # the page of the first problem
    assert email.text() == "sam-at-example"  # the edit is kept
    assert not paths.settings_file.exists()

    email.setText("sam@example.org")
    quiet.setText("19:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert Settings(paths.settings_file).get("quiet.start") == "19:00"


def test_a_stored_value_not_used_is_told_and_kept_unless_changed(
    qtbot: QtBot, open_settings: Callable[[], SettingsDialog], paths: AppPaths
) -> None:
    signature = "Sam, IT desk " * 500  # past the 5,000 characters a signature may have now
    paths.settings_file.write_text(json.dumps({"me.signature": signature}), encoding="utf-8")
    dialog = open_settings()
    told = dialog.field_errors["me.signature"]
    assert told.isVisible() and "me.signature is too long (6,500 characters" in told.text()
    assert editor(dialog, "me.signature").toPlainText() == ""  # the default, as it is used

    qtbot.keyClicks(editor(dialog, "me.name"), "Sam Tech")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert (stored["me.name"], stored["me.signature"]) == ("Sam Tech", signature)

    again = open_settings()
    assert again.field_errors["me.signature"].isVisible()
    qtbot.keyClicks(editor(again, "me.signature"), "Sam")
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["me.signature"] == "Sam"
    third = open_settings()
    assert third.field_errors["me.signature"].isHidden()


def test_a_damaged_settings_file_is_told_in_the_dialog_and_kept_when_saved(
    qtbot: QtBot, open_settings: Callable[[], SettingsDialog], paths: AppPaths
) -> None:
    paths.settings_file.write_text('{"me.name": "Sam"', encoding="utf-8")
    dialog = open_settings()
    assert dialog.error.isVisible() and "is not valid" in dialog.error.text()
    qtbot.keyClicks(editor(dialog, "me.name"), "Sam Tech")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    kept = paths.settings_file.with_name("settings.json.damaged")
    assert kept.read_text(encoding="utf-8") == '{"me.name": "Sam"'
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["me.name"] == "Sam Tech"


def test_start_at_login_switches_the_backend(
    qtbot: QtBot,
    open_settings: Callable[[], SettingsDialog],
    autostart: FakeAutostart,
    paths: AppPaths,
) -> None:
    dialog = open_settings()
    box = editor(dialog, "app.autostart")
    assert not box.isChecked()
    box.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert autostart.calls == [("enable", ["itfriend-test"])]
    assert Settings(paths.settings_file).get("app.autostart") is True

    again = open_settings()
    assert editor(again, "app.autostart").isChecked()
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert len(autostart.calls) == 1  # unchanged: not asked again

    autostart.is_enabled = False  # the user removed the login entry by hand
    third = open_settings()
    assert not editor(third, "app.autostart").isChecked()
    editor(third, "app.autostart").setChecked(True)
    qtbot.mouseClick(third.save_button, Qt.MouseButton.LeftButton)
    editor(fourth := open_settings(), "app.autostart").setChecked(False)
    qtbot.mouseClick(fourth.save_button, Qt.MouseButton.LeftButton)
    assert [name for name, _ in autostart.calls] == ["enable", "enable", "disable"]
    assert Settings(paths.settings_file).get("app.autostart") is False
