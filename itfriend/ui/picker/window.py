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
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QWidget

from itfriend.core.models import Person
from itfriend.core.people_search.candidates import candidates_of
from itfriend.core.services import Services
from itfriend.core.templates import (
    TemplateRecord,
    template_values,
)
from itfriend.core.templates.ranking import SearchIndex, build_index, named_exactly, rank
from itfriend.platform.paste import Paster, open_mail
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import DataEvents
from itfriend.ui.common.tasks import TaskRunner
from itfriend.ui.common.timers import Latest
from itfriend.ui.common.write_path import WritePath
from itfriend.ui.picker.layout import PickerLayout
from itfriend.ui.picker.preview import PickerPreview, PreviewMaker
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
        self._index = build_index([])
        self._listed = False  # the template list has been read at least once
        # Asked for before it was, with what the search held then.
        self._pending: tuple[PickerAction, str] | None = None
        self._shown: list[TemplateRecord] = []
        self.person_id: int | None = None
        self._person: Person | None = None
        self._latest_person = Latest()
        self._opened_at: float | None = None
        self.ui = PickerLayout(self)
        self._previews = PreviewMaker(self)
        self._previews.ready.connect(self._preview_ready)
        self._waiting: PickerAction | None = None  # Enter pressed while the preview was made
        self._focus_on_preview = False  # after choosing a person: focus what is still needed
        self._connect()
        self.refresh_templates()
        self.refresh_people()

    def _connect(self) -> None:
        ui = self.ui
        ui.search.textChanged.connect(self._search_changed)
        ui.search.installEventFilter(self)
        ui.results.currentRowChanged.connect(lambda _row: self.update_preview())
        ui.results.itemActivated.connect(lambda _item: self.accept(PickerAction.INSERT))
        ui.finder.picked.connect(self.choose_person)
        ui.form.changed.connect(self.update_preview)
        ui.form.submitted.connect(self._field_submitted)
        ui.insert_button.clicked.connect(lambda: self.accept(PickerAction.INSERT))
        ui.copy_button.clicked.connect(lambda: self.accept(PickerAction.COPY))
        ui.mail_button.clicked.connect(lambda: self.accept(PickerAction.MAIL))
        ui.clear_person.clicked.connect(self.clear_person)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc, Ctrl+Shift+C, Ctrl+M and Ctrl+Enter from any field (they reach the window)."""
        key, mods = event.key(), event.modifiers()
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif key == Qt.Key.Key_C and mods == ctrl | shift:
            self.accept(PickerAction.COPY)
        elif key == Qt.Key.Key_M and mods == ctrl:
            self.accept(PickerAction.MAIL)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & ctrl:
            self.accept(PickerAction.INSERT)
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
        if entered and self._listed:
            self._accept_if_named(PickerAction.INSERT)
        elif entered:
            self.accept(PickerAction.INSERT)  # carried out when the list arrives

    def reset(self) -> None:
        """Empty search, nobody chosen, no values typed, the most used template selected."""
        self._pending = None
        self._waiting = None
        self.ui.form.clear()
        self.ui.status.setText(self.use.problem or "")  # a use not recorded stays said
        self.clear_person()
        if self.ui.search.text():
            self.ui.search.clear()  # re-ranks through textChanged
        else:
            self._search_changed("")

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
        first = not self._listed
        self._listed = True
        if first or index.records != self._index.records:
            self._index = index
            self._search_changed(self.ui.search.text())
        self.templates_loaded.emit()
        pending, self._pending = self._pending, None
        if pending is not None and self.isVisible():
            action, typed = pending
            if typed == self.ui.search.text():
                self._accept_if_named(action)
            else:  # typed on after Enter: not what Enter was pressed for
                self._say_chosen()

    def _read_failed(self, exc: BaseException) -> None:
        log.error("the templates could not be read: %s", exc)
        self._listed = True  # what there is, is listed: Enter must not wait for ever
        self._pending = None
        self.ui.status.setText(
            f"Your templates could not be read: {error_text(exc, 'reading the templates')}"
        )

    def _accept_if_named(self, action: PickerAction) -> None:
        """Carry out ``action`` on the one template whose abbreviation or name was typed."""
        typed = self.ui.search.text()
        named = [record for record in self._index.records if named_exactly(record, typed)]
        if len(named) == 1 and named[0] in self._shown:
            self.ui.results.setCurrentRow(self._shown.index(named[0]))
            self.accept(action)
        else:
            self._say_chosen()

    def _say_chosen(self) -> None:
        template = self.current_template()
        if template is not None:
            self.ui.status.setText(f"Listed now: “{template.name}” is chosen, not yet used.")
        else:
            self.ui.status.setText("No template matches what you typed.")

    def _search_changed(self, text: str) -> None:
        current = self.current_template()
        self._shown = rank(self._index, text)
        self.ui.show_templates(self._shown)
        # Keep the chosen template chosen when a refresh comes in under the user's hands.
        names = [record.name for record in self._shown]
        keep = current is not None and text and current.name in names
        self.ui.results.setCurrentRow(names.index(current.name) if keep and current else 0)
        self.update_preview()

    def current_template(self) -> TemplateRecord | None:
        row = self.ui.results.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def shown_names(self) -> list[str]:
        return [record.name for record in self._shown]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self._shown:
                row = self.ui.results.currentRow() + step
                self.ui.results.setCurrentRow(max(0, min(row, len(self._shown) - 1)))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.accept(PickerAction.INSERT)
                return True
        return super().eventFilter(watched, event)

    # --- the person --------------------------------------------------------------------------

    def refresh_people(self) -> None:
        people = self._services.people
        self.tasks.run(lambda: candidates_of(people.list()), self._people_read)

    def _people_read(self, candidates: list) -> None:  # type: ignore[type-arg]
        self.ui.finder.set_candidates(candidates)
        self.people_loaded.emit()

    def choose_person(self, person_id: int, label: str = "") -> None:
        """Fill ``person.*`` from this person (read off the GUI thread); focus goes to what is
        still needed once the preview is made."""
        people = self._services.people
        self.person_id = person_id
        self._person = None
        self.ui.show_person(label or "…")
        self._focus_on_preview = True  # once the preview says what is still needed
        ticket = self._latest_person.ticket()
        self.writes.read(
            lambda: people.get(person_id),
            lambda person: self._person_read(ticket, person, label),
            lambda exc: self._person_failed(ticket, exc),
        )

    def _person_read(self, ticket: int, person: Person, label: str) -> None:
        if not self._latest_person.is_current(ticket):
            return  # another person chosen (or nobody) meanwhile
        self._person = person
        self.ui.show_person(label or person.name)
        self.update_preview()

    def _person_failed(self, ticket: int, exc: BaseException) -> None:
        if not self._latest_person.is_current(ticket):
            return
        self._waiting = None  # not without the person it was meant for
        self.clear_person()
        self.ui.status.setText(error_text(exc, "reading the person"))

    @property
    def _reading_person(self) -> bool:
        return self.person_id is not None and self._person is None

    def clear_person(self) -> None:
        self._latest_person.drop()
        self.person_id = None
        self._person = None
        self.ui.show_person(None)
        self.update_preview()

    # --- values and preview ------------------------------------------------------------------

    def _values(self, extra: dict[str, str] | None = None) -> dict[str, object]:
        return template_values(
            self._person,
            self._services.settings,
            extra if extra is not None else self.ui.form.values(),
            clock=self._services.clock,
        )

    def update_preview(self) -> None:
        """Ask for exactly the values still missing, and preview the message with them (made on
        a pool thread; ``preview_updated`` says when it is shown)."""
        template = self.current_template()
        if template is None:
            self._previews.forget()
            self.ui.form.set_needed([])
            waiting = "No template matches what you typed." if self._listed else "Loading…"
            self.ui.show_preview(None, waiting)
            self.preview_updated.emit()
            return
        # Fields for what the person and settings leave open (base), so that a field does not
        # vanish while it is being typed in; the preview with what was typed (given).
        typed = self.ui.form.values()
        # What it said was about the choice before this change (a use not recorded stays).
        self.ui.status.setText(self.use.problem or "")
        self._previews.request(template, typed, self._values({}), self._values(typed))

    @property
    def preview_ready(self) -> bool:
        """Whether the preview shows the chosen template with the values as they are now."""
        return not self._previews.busy and not self._reading_person

    def _preview_ready(self, preview: PickerPreview) -> None:
        self.ui.form.set_needed(preview.needed)
        if self.ui.form.values() != preview.typed:  # a field shown again with its old value
            self.update_preview()
            return
        if preview.error:
            note = f"This template cannot be filled in: {preview.error}"
            self.ui.show_preview(None, note, clear_status=False)
        else:
            note = f"Still needed: {', '.join(preview.still)}" if preview.still else ""
            self.ui.show_preview(preview.message, note, clear_status=False)
        if self._focus_on_preview:
            self._focus_on_preview = False
            (self.ui.form.first_empty() or self.ui.search).setFocus()
        self.preview_updated.emit()
        waiting, self._waiting = self._waiting, None
        if waiting is not None and self.isVisible():
            self.accept(waiting)

    def _field_submitted(self, name: str) -> None:
        following = self.ui.form.first_empty(after=name) or self.ui.form.first_empty()
        if following is not None:
            following.setFocus()
        else:
            self.accept(PickerAction.INSERT)

    # --- using it ----------------------------------------------------------------------------

    def accept(self, action: PickerAction) -> None:
        """Render the chosen template and insert, copy or mail it; ask for what is missing."""
        if not self._listed:
            self._pending = (action, self.ui.search.text())
            self.ui.status.setText("Loading your templates…")
            return
        template = self.current_template()
        if template is None:
            self.ui.status.setText("No template chosen: type part of its name.")
            return
        preview = self._previews.latest
        if self._reading_person:
            self._waiting = action  # carried out once the person is read and the preview made
            return
        if preview is None or preview.template != template:
            self._waiting = action  # carried out when the preview of this template is made
            if not self._previews.busy:
                self.update_preview()
            return
        if preview.still:
            self.ui.status.setText(f"Fill in first: {', '.join(preview.still)}")
            field = self.ui.form.first_empty()
            (field or self.ui.search).setFocus()
            return
        if preview.error or preview.message is None:
            self.ui.status.setText(preview.error)
            return
        message = preview.message
        log_contact = self.person_id is not None and self.ui.log_contact.isChecked()
        self.hide()  # first, so that the focus can go back to the target window
        self.use.deliver(action, message, str(getattr(self._person, "email", "") or ""))
        self.use.record(template.name, self.person_id if log_contact else None)
        self.used.emit(template.name, action.value)

    def close_picker(self) -> None:
        """Stop background work (at quit)."""
        self.ui.finder.stop()
        self._previews.close()
        self.tasks.close()
        self.hide()
