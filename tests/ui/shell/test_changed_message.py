"""The "changed" wake-up a CLI write sends (issue 14) opens no window in the running app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from itfriend.core.paths import AppPaths
from itfriend.platform.instance.client import server_name
from itfriend.platform.instance.server import InstanceServer
from itfriend.ui.shell.app import ItfriendApp


def test_a_changed_message_opens_no_window(
    qapp: QApplication, itfriend_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths(itfriend_home, itfriend_home, itfriend_home / "logs").ensure()
    app = ItfriendApp(qapp, paths, InstanceServer(server_name(str(itfriend_home))))
    opened: list[str] = []
    monkeypatch.setattr(app.navigator, "open", lambda window, **_options: opened.append(window))
    try:
        app.handle_arguments(["changed"])
        assert opened == [] and app.services is None
        app.handle_arguments(["open", "people"])  # the same path does open a window
        assert opened == ["people"]
    finally:
        app.shutdown()
