"""The tray icon: shows whether something is due, and a menu rebuilt each time it opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from itfriend.ui.common.icons import icon

if TYPE_CHECKING:
    # Only for types: the summary module pulls in the database layer, which loads after the icon.
    from itfriend.core.status import DueSummary


class MenuEntry(NamedTuple):
    """A feature the tray menu offers; only built features are registered, so none shows broken."""

    label: str
    run: Callable[[], None]


class Tray(QObject):
    """Signals:
    item_opened(object): a due item (an AttentionItem) was picked from the menu.
    activated(): the icon itself was clicked.
    quit_requested(): Quit was picked.
    """

    item_opened = Signal(object)
    activated = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[MenuEntry] = []
        self._summary: DueSummary | None = None
        self._menu = QMenu()
        self._menu.aboutToShow.connect(self._rebuild_menu)
        self.icon = QSystemTrayIcon(icon("itfriend"), self)
        self.icon.setContextMenu(self._menu)
        self.icon.setToolTip("itfriend")
        self.icon.activated.connect(self._on_activated)
        self._rebuild_menu()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_entries(self, entries: list[MenuEntry]) -> None:
        self._entries = entries
        self._rebuild_menu()

    def set_summary(self, summary: DueSummary, overlay: str | None = None) -> None:
        """Show what is due; ``overlay`` names another icon (e.g. a running cool-down)."""
        self._summary = summary
        name = overlay or ("itfriend-due" if summary.anything_due else "itfriend")
        self.icon.setIcon(icon(name))
        self.icon.setToolTip(summary.tooltip())
        if self._menu.isVisible():
            self._rebuild_menu()

    def set_tooltip(self, text: str) -> None:
        self.icon.setToolTip(text)

    @property
    def summary(self) -> DueSummary | None:
        return self._summary

    @property
    def menu(self) -> QMenu:
        return self._menu

    def _rebuild_menu(self) -> None:
        self._menu.clear()
        if self._summary is not None and self._summary.items:
            header = self._menu.addAction(self._summary.tooltip().removeprefix("itfriend: "))
            header.setEnabled(False)
            for item in self._summary.items:
                action = self._menu.addAction(_short(item.title))
                action.triggered.connect(lambda _=False, i=item: self.item_opened.emit(i))
            self._menu.addSeparator()
        for entry in self._entries:
            # triggered(checked) would hand False to run's first optional parameter.
            self._menu.addAction(entry.label).triggered.connect(
                lambda _checked=False, run=entry.run: run()
            )
        self._menu.addSeparator()
        self._menu.addAction("Quit").triggered.connect(self.quit_requested.emit)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.activated.emit()


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
