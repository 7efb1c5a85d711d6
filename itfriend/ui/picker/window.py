"""The template picker: a small frameless window at the front, used from the keyboard alone.

Type to search (Up/Down move in the list while typing), Tab to the person and to the values the
template still needs, Enter inserts into the window that was active before, Esc cancels.
Ctrl+Shift+C only copies; Ctrl+M opens a new mail in the user's mail program instead.

It is built once and only shown and hidden afterwards, so that it opens at once: the template
list shown is the one of the last refresh, and a fresh one is read in the background each time it
opens. Enter pressed before the very first list has arrived is not lost: once the list is there,
it inserts the template whose abbreviation or name was typed exactly; anything less exact is
shown for a second Enter, as the technician has not yet seen which template would be used.

Templates are filled in on a pool thread (``picker.preview``), never on the GUI thread: a shared
template may take until the render limits stop it. Enter uses the latest preview, or waits for
the one being made.

The parts: ``picker.template_list`` ranks what the search shows, ``picker.early_enter`` keeps an
Enter pressed before the first list, ``picker.filling`` holds the person and values and their
preview, ``picker.keys`` maps the keys, ``picker.use`` delivers and records a use. This module is
the window: opening it, reading the lists, and using the template once it can be.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QWidget

from itfriend.core.people_search.candidates import candidates_of
from itfriend.core.services import Services
from itfriend.core.templates import TemplateRecord
from itfriend.core.templates.ranking import SearchIndex, build_index
from itfriend.platform.paste import Paster, open_mail
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import DataEvents
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.write_path import WritePath
from itfriend.ui.picker.early_enter import EarlyEnter
from itfriend.ui.picker.filling import Filling
from itfriend.ui.picker.keys import CANCEL, SearchKeys, shortcut
from itfriend.ui.picker.layout import PickerLayout
from itfriend.ui.picker.template_list import TemplateList
from itfriend.ui.picker.use import PickerAction, TemplateUse

log = logging.getLogger(__name__)


class TemplatePicker(QWidget):
    """Signals:
    templates_loaded(): a fresh template list is shown.
    people_loaded(): the people to choose among have been read.
    preview_updated(): the preview shows the current template and values.
    used(str, str): a template was used (its name, the PickerAction value).
    shown_after(float): milliseconds from ``open_picker``'s start time to the first paint.
    """

    templates_loaded = Signal()
    people_loaded = Signal()
    preview_updated = Signal()
    used = Signal(str, str)
    shown_after = Signal(float)

    def __init__(
        self,
        services: Services,
        events: DataEvents,
        paster: Paster,
        parent: QWidget | None = None,
        mail_opener: Callable[[str, str, str], bool] = open_mail,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setWindowTitle("Insert a template — itfriend")
        self.setObjectName("template_picker")
        self._services = services
        self._events = events
        self.tasks = TaskRunner(self, max_threads=1)
        self.writes = WritePath(
            self.tasks, events, lambda exc: self.ui.status.setText(error_text(exc, "the picker"))
        )
        self.use = TemplateUse(services, self.writes, paster, mail_opener, self.refresh_templates)
        self._opened_at: float | None = None
        self.ui = PickerLayout(self)
        self.templates = TemplateList(self.ui, self.update_preview)
        self.early = EarlyEnter(self.templates, self.ui, self.accept)
        self.filling = Filling(
            services, self.writes, self.ui, self.templates, lambda: self.use.problem, self
        )
        self.filling.updated.connect(self.preview_updated)
        self.filling.due.connect(self._carry_out)
        self.filling.completed.connect(lambda: self.accept(PickerAction.INSERT))
        self.filling.person_failed.connect(self.ui.status.setText)
        self._connect()
        self.refresh_templates()
        self.refresh_people()

    def _connect(self) -> None:
        ui = self.ui
        ui.search.textChanged.connect(self.templates.search)
        self._search_keys = SearchKeys(
            self.templates, lambda: self.accept(PickerAction.INSERT), self
        )
        ui.search.installEventFilter(self._search_keys)
        ui.results.currentRowChanged.connect(lambda _row: self.update_preview())
        ui.results.itemActivated.connect(lambda _item: self.accept(PickerAction.INSERT))
        ui.finder.picked.connect(self.choose_person)
        ui.insert_button.clicked.connect(lambda: self.accept(PickerAction.INSERT))
        ui.copy_button.clicked.connect(lambda: self.accept(PickerAction.COPY))
        ui.mail_button.clicked.connect(lambda: self.accept(PickerAction.MAIL))
        ui.clear_person.clicked.connect(self.clear_person)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc, Ctrl+Shift+C, Ctrl+M and Ctrl+Enter from any field (they reach the window)."""
        asked = shortcut(event)
        if asked == CANCEL:
            self.cancel()
        elif isinstance(asked, PickerAction):
            self.accept(asked)
        else:
            super().keyPressEvent(event)

    # --- opening -----------------------------------------------------------------------------

    def open_picker(
        self, started_at: float | None = None, search: str = "", *, entered: bool = False
    ) -> None:
        """Show the picker afresh, at the front, with the search focused (holding ``search``:
        what was typed into the placeholder of the first opening; ``entered``: Enter was pressed
        there, which inserts the template named exactly once the list is read).

        ``started_at`` (``time.perf_counter()``) is when the request began (the hotkey press),
        for ``shown_after``. The template list is refreshed in the background.
        """
        self._opened_at = started_at if started_at is not None else time.perf_counter()
        self.reset()
        if search:
            self.ui.search.setText(search)
        self.show()
        self.raise_()
        self.activateWindow()
        self.ui.search.setFocus()
        self.refresh_templates()
        if entered and self.templates.listed:
            self.early.accept_if_named(PickerAction.INSERT)
        elif entered:
            self.accept(PickerAction.INSERT)  # carried out when the list arrives

    def reset(self) -> None:
        """Empty search, nobody chosen, no values typed, the most used template selected."""
        self.early.drop()
        self.filling.drop_waiting()
        self.ui.form.clear()
        self.ui.status.setText(self.use.problem or "")  # a use not recorded stays said
        self.clear_person()
        if self.ui.search.text():
            self.ui.search.clear()  # re-ranks through textChanged
        else:
            self.templates.search("")

    def cancel(self) -> None:
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._opened_at is not None:
            elapsed = (time.perf_counter() - self._opened_at) * 1000
            self._opened_at = None
            log.info("template picker shown %.1f ms after it was asked for", elapsed)
            self.shown_after.emit(elapsed)

    # --- templates ---------------------------------------------------------------------------

    def refresh_templates(self) -> None:
        templates = self._services.templates
        if not self.tasks.closed:
            self.tasks.run(
                lambda: build_index(templates.list()), self._templates_read, self._read_failed
            )

    def _templates_read(self, index: SearchIndex) -> None:
        self.templates.take(index)
        self.templates_loaded.emit()
        self.early.list_arrived(self.isVisible())

    def _read_failed(self, exc: BaseException) -> None:
        log.error("the templates could not be read: %s", exc)
        self.templates.give_up()
        self.early.drop()
        self.ui.status.setText(
            f"Your templates could not be read: {error_text(exc, 'reading the templates')}"
        )

    def current_template(self) -> TemplateRecord | None:
        return self.templates.current()

    def shown_names(self) -> list[str]:
        return self.templates.shown_names()

    # --- the person --------------------------------------------------------------------------

    def refresh_people(self) -> None:
        people = self._services.people
        self.tasks.run(lambda: candidates_of(people.list()), self._people_read)

    def _people_read(self, candidates: list) -> None:  # type: ignore[type-arg]
        self.ui.finder.set_candidates(candidates)
        self.people_loaded.emit()

    @property
    def person_id(self) -> int | None:
        """Whom the template is for (None: nobody chosen)."""
        return self.filling.person_id

    def choose_person(self, person_id: int, label: str = "") -> None:
        self.filling.choose(person_id, label)

    def clear_person(self) -> None:
        self.filling.clear_person()

    # --- the preview -------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Preview the chosen template with the values as they are (``preview_updated``)."""
        self.filling.update()

    @property
    def preview_ready(self) -> bool:
        """Whether the preview shows the chosen template with the values as they are now."""
        return self.filling.ready

    # --- using it ----------------------------------------------------------------------------

    def _carry_out(self, action: PickerAction) -> None:
        """What waited for the preview, now that it is made (if the picker is still open)."""
        if self.isVisible():
            self.accept(action)

    def accept(self, action: PickerAction) -> None:
        """Render the chosen template and insert, copy or mail it; ask for what is missing."""
        if not self.templates.listed:
            self.early.hold(action)
            return
        template = self.current_template()
        if template is None:
            self.ui.status.setText("No template chosen: type part of its name.")
            return
        preview = self.filling.usable(template, action)
        if preview is None or preview.message is None:
            return
        message = preview.message
        log_contact = self.person_id is not None and self.ui.log_contact.isChecked()
        self.hide()  # first, so that the focus can go back to the target window
        self.use.deliver(action, message, str(getattr(self.filling.person, "email", "") or ""))
        self.use.record(template.name, self.person_id if log_contact else None)
        self.used.emit(template.name, action.value)

    def close_picker(self) -> None:
        """Stop background work (at quit)."""
        self.ui.finder.stop()
        self.filling.close()
        self.tasks.close()
        self.hide()
