"""The picker's template list: the templates as last read, and which of them the search shows.

Apart from the window because it is the part that must stay steady under the technician's hands:
a refresh that brings the same templates changes nothing, and one that brings others keeps the
chosen template chosen while something is typed. The list itself is read in the background by the
window (``build_index`` off the GUI thread); this only ranks and selects.
"""

from __future__ import annotations

from collections.abc import Callable

from itfriend.core.templates import TemplateRecord
from itfriend.core.templates.ranking import SearchIndex, build_index, named_exactly, rank
from itfriend.ui.picker.layout import PickerLayout


class TemplateList:
    """Ranks ``index`` by the search into ``ui.results``; ``chosen_changed`` after each ranking.

    ``listed`` says whether a list was read at least once (before, Enter waits for it).
    """

    def __init__(self, ui: PickerLayout, chosen_changed: Callable[[], None]) -> None:
        self._ui = ui
        self._chosen_changed = chosen_changed
        self.index: SearchIndex = build_index([])
        self.listed = False
        self._shown: list[TemplateRecord] = []

    @property
    def records(self) -> list[TemplateRecord]:
        """Every template of the last read, in the stored order."""
        return list(self.index.records)

    def take(self, index: SearchIndex) -> None:
        """A fresh read: ranked at once if it is the first or differs from the one shown."""
        first = not self.listed
        self.listed = True
        if first or index.records != self.index.records:
            self.index = index
            self.search(self._ui.search.text())

    def give_up(self) -> None:
        """The read failed: what there is, is listed, so that Enter does not wait for ever."""
        self.listed = True

    def search(self, text: str) -> None:
        current = self.current()
        self._shown = rank(self.index, text)
        self._ui.show_templates(self._shown)
        # Keep the chosen template chosen when a refresh comes in under the user's hands.
        names = self.shown_names()
        keep = current is not None and text and current.name in names
        self._ui.results.setCurrentRow(names.index(current.name) if keep and current else 0)
        self._chosen_changed()

    def current(self) -> TemplateRecord | None:
        row = self._ui.results.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def shown_names(self) -> list[str]:
        return [record.name for record in self._shown]

    def choose_named(self, typed: str) -> bool:
        """Choose the one template whose abbreviation or name is ``typed``; False if none is."""
        named = [record for record in self.index.records if named_exactly(record, typed)]
        if len(named) == 1 and named[0] in self._shown:
            self._ui.results.setCurrentRow(self._shown.index(named[0]))
            return True
        return False

    def step(self, step: int) -> bool:
        """Move the choice ``step`` rows (within the list); False when nothing is shown."""
        if not self._shown:
            return False
        row = self._ui.results.currentRow() + step
        self._ui.results.setCurrentRow(max(0, min(row, len(self._shown) - 1)))
        return True
