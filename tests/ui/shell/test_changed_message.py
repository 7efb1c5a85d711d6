"""The "changed" wake-up a CLI write sends (issue 14) opens no window; it is
signalled (``change_reported``) to whoever reads the change feed."""

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
    monkeypatch.setattr(app.navigator, "open", lambda name, **_options: opened.append(name))
    reported: list[bool] = []
    app.change_reported.connect(lambda: reported.append(True))
    try:
        app.handle_arguments(["changed"])
        assert opened == [] and app.services is None and reported == [True]
        app.handle_arguments(["show"])  # a window request still opens its window
        assert opened == ["people"]
    finally:
        app.shutdown()
