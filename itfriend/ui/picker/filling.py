"""What the chosen template is filled in with, and the preview of the message that makes.

Apart from the window because it has its own waiting: the person is read through the write path
(off the GUI thread, a stale answer dropped when another person is chosen meanwhile), and the
message is made on a pool thread (``picker.preview``), since a shared template may take until the
render limits stop it. The preview follows the template chosen in the list; the window is told
when one is shown, and carries Enter out only with a preview of the template and values as they
are now (``ready``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from itfriend.core.models import Person
from itfriend.core.services import Services
from itfriend.core.templates import TemplateRecord, template_values
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.timers import Latest
from itfriend.ui.common.write_path import WritePath
from itfriend.ui.picker.layout import PickerLayout
from itfriend.ui.picker.preview import PickerPreview, PreviewMaker
from itfriend.ui.picker.template_list import TemplateList
from itfriend.ui.picker.use import PickerAction


class Filling(QObject):
    """The person (``person_id``, ``person``), the values typed, and their preview in ``ui``,
    of the template chosen in ``templates``; ``problem`` is a use not recorded, still said.

    Signals:
    updated(): the preview shows the current template and values (or says why there is none).
    due(object): the PickerAction that waited for the preview now made (see ``usable``).
    completed(): Enter in the last empty field: the values are all there.
    person_failed(str): the chosen person could not be read (why); nobody is chosen now.
    """

    updated = Signal()
    due = Signal(object)
    completed = Signal()
    person_failed = Signal(str)

    def __init__(
        self,
        services: Services,
        writes: WritePath,
        ui: PickerLayout,
        templates: TemplateList,
        problem: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._writes = writes
        self._ui = ui
        self._templates = templates
        self._problem = problem
        self.person_id: int | None = None
        self.person: Person | None = None
        self._latest_person = Latest()
        self._previews = PreviewMaker(self)
        self._previews.ready.connect(self._preview_ready)
        self._focus_on_preview = False  # after choosing a person: focus what is still needed
        self._waiting: PickerAction | None = None  # asked for while the preview was made
        ui.form.changed.connect(self.update)
        ui.form.submitted.connect(self._field_submitted)

    # --- the person --------------------------------------------------------------------------

    def choose(self, person_id: int, label: str = "") -> None:
        """Fill ``person.*`` from this person (read off the GUI thread); focus goes to what is
        still needed once the preview is made."""
        people = self._services.people
        self.person_id = person_id
        self.person = None
        self._ui.show_person(label or "…")
        self._focus_on_preview = True  # once the preview says what is still needed
        ticket = self._latest_person.ticket()
        self._writes.read(
            lambda: people.get(person_id),
            lambda person: self._person_read(ticket, person, label),
            lambda exc: self._person_not_read(ticket, exc),
        )

    def _person_read(self, ticket: int, person: Person, label: str) -> None:
        if not self._latest_person.is_current(ticket):
            return  # another person chosen (or nobody) meanwhile
        self.person = person
        self._ui.show_person(label or person.name)
        self.update()

    def _person_not_read(self, ticket: int, exc: BaseException) -> None:
        if not self._latest_person.is_current(ticket):
            return
        self._waiting = None  # not without the person it was meant for
        self.clear_person()
        self.person_failed.emit(error_text(exc, "reading the person"))

    @property
    def reading_person(self) -> bool:
        return self.person_id is not None and self.person is None

    def clear_person(self) -> None:
        self._latest_person.drop()
        self.person_id = None
        self.person = None
        self._ui.show_person(None)
        self.update()

    # --- values and preview ------------------------------------------------------------------

    def _values(self, extra: dict[str, str]) -> dict[str, object]:
        return template_values(
            self.person, self._services.settings, extra, clock=self._services.clock
        )

    def update(self) -> None:
        """Ask for exactly the values still missing, and preview the message with them (made on
        a pool thread; ``updated`` says when it is shown)."""
        template = self._templates.current()
        if template is None:
            self._previews.forget()
            self._ui.form.set_needed([])
            listed = self._templates.listed
            waiting = "No template matches what you typed." if listed else "Loading…"
            self._ui.show_preview(None, waiting)
            self.updated.emit()
            return
        # What it said was about the choice before this change (a use not recorded stays).
        self._ui.status.setText(self._problem() or "")
        # Fields for what the person and settings leave open (base), so that a field does not
        # vanish while it is being typed in; the preview with what was typed (given).
        typed = self._ui.form.values()
        self._previews.request(template, typed, self._values({}), self._values(typed))

    @property
    def ready(self) -> bool:
        """Whether the preview shows the chosen template with the values as they are now."""
        return not self._previews.busy and not self.reading_person

    def _preview_ready(self, preview: PickerPreview) -> None:
        ui = self._ui
        ui.form.set_needed(preview.needed)
        if ui.form.values() != preview.typed:  # a field shown again with its old value
            self.update()
            return
        if preview.error:
            note = f"This template cannot be filled in: {preview.error}"
            ui.show_preview(None, note, clear_status=False)
        else:
            note = f"Still needed: {', '.join(preview.still)}" if preview.still else ""
            ui.show_preview(preview.message, note, clear_status=False)
        if self._focus_on_preview:
            self._focus_on_preview = False
            (ui.form.first_empty() or ui.search).setFocus()
        self.updated.emit()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.due.emit(waiting)

    def _field_submitted(self, name: str) -> None:
        following = self._ui.form.first_empty(after=name) or self._ui.form.first_empty()
        if following is not None:
            following.setFocus()
        else:
            self.completed.emit()

    # --- using it ----------------------------------------------------------------------------

    def usable(self, template: TemplateRecord, action: PickerAction) -> PickerPreview | None:
        """The preview to use ``template`` with; None while it is made (``action`` then waits
        for it: ``due``) or when it cannot be used (the status line says why)."""
        preview = self._previews.latest
        if self.reading_person:
            self._waiting = action  # carried out once the person is read and the preview made
            return None
        if preview is None or preview.template != template:
            self._waiting = action  # carried out when the preview of this template is made
            if not self._previews.busy:
                self.update()
            return None
        if preview.still:
            self._ui.status.setText(f"Fill in first: {', '.join(preview.still)}")
            (self._ui.form.first_empty() or self._ui.search).setFocus()
            return None
        if preview.error or preview.message is None:
            self._ui.status.setText(preview.error)
            return None
        return preview

    def drop_waiting(self) -> None:
        """Nothing waits for the preview any more (the picker opens afresh)."""
        self._waiting = None

    def close(self) -> None:
        self._previews.close()
