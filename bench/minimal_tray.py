"""The floor for start-up and idle: the least a PySide6 tray app can do to show itfriend's icon.

One QApplication and one QSystemTrayIcon with the same SVG icon and a Quit menu; no database,
no logging, no single-instance socket. SIGTERM ends it (Python's default action), which is all
the benchmark needs. Run as ``python bench/minimal_tray.py`` under a display with a tray host.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "itfriend.svg"


def main() -> int:
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    menu = QMenu()
    menu.addAction("Quit").triggered.connect(app.quit)
    tray = QSystemTrayIcon(QIcon(str(ICON)))
    tray.setContextMenu(menu)
    tray.setToolTip("minimal tray")
    tray.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
