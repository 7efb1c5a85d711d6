"""Starting the tray app from the command line: hand the request to the itfriend already running,
or start one (``ItfriendApp``) with only what the icon needs before it shows."""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QTimer

from itfriend.ui.shell.source_cache import stop_caching_sources

# Before the rest is imported: each module importing PySide6 from here on is not kept as text.
stop_caching_sources()

from PySide6.QtWidgets import QApplication  # noqa: E402

from itfriend.core.paths import app_paths  # noqa: E402
from itfriend.platform.instance.client import forward_to_running, server_name  # noqa: E402
from itfriend.ui.shell.app import AFTER_ICON_MS, ItfriendApp  # noqa: E402

log = logging.getLogger(__name__)


def run_app(arguments: list[str], argv0: Any = None) -> int:
    """Start the tray app, or hand ``arguments`` to the one already running.

    Only what the icon needs happens before it shows; logging, the socket for later starts and
    the signal handling come right after, and the database after those.
    """
    paths = app_paths().ensure()
    name = server_name(str(paths.data))
    if forward_to_running(name, arguments or ["show"]):
        from itfriend.core.logs import setup_logging

        setup_logging(paths.logs)
        log.info("handed %s to the running itfriend", arguments or ["show"])
        return 0
    if QApplication.instance() is None:
        from itfriend.platform.display import missing_graphical_session

        missing = missing_graphical_session()
        if missing is not None:
            # Qt would abort the process here (exit 134) with a message about xcb-cursor.
            print(
                f"itfriend: there is no graphical session ({missing}), so the tray app cannot "
                "start; the command line works: itfriend --help",
                file=sys.stderr,
            )
            return 1
    qapp = QApplication.instance() or QApplication([argv0 or "itfriend"])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("itfriend")
    qapp.setApplicationDisplayName("itfriend")
    qapp.setDesktopFileName("itfriend")
    qapp.setQuitOnLastWindowClosed(False)
    app = ItfriendApp(qapp, paths)
    wakeups = []

    def after_icon() -> None:
        from itfriend.core.logs import setup_logging
        from itfriend.platform.instance.server import InstanceServer
        from itfriend.ui.common.errors import ProblemBox, unexpected_error_hook

        setup_logging(paths.logs)
        # An exception escaping a slot: its traceback to the log, one line to the terminal.
        sys.excepthook = unexpected_error_hook(paths.logs, tell=ProblemBox())
        # Another itfriend may have started in the moment since the first check: let it win.
        if forward_to_running(name, arguments or ["show"]):
            log.info("another itfriend started at the same time; handing over to it")
            app.quit()
            return
        app.listen(InstanceServer(name))
        from itfriend.core.safe_files import clear_interrupted_writes

        for leftover in clear_interrupted_writes(paths.data):
            log.info("removed %s, left by a write that was interrupted", leftover)
        if sys.platform != "win32":
            from itfriend.platform.signals import SignalWakeup

            wakeups.append(SignalWakeup(app.quit))

    QTimer.singleShot(AFTER_ICON_MS // 2, after_icon)
    app.start(arguments)
    code = qapp.exec()
    for wakeup in wakeups:
        wakeup.close()
    return code
