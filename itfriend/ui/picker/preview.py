"""The picker's preview, filled in on a pool thread: a template is untrusted input, so however
long it takes (until the render limits stop it), the picker goes on taking keys meanwhile.

One preview is made at a time. A request while one is being made only replaces what to make
next, so fast typing makes no queue: the latest values are filled in as soon as the running
preview is done, and only a preview of the latest request is handed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from itfriend.core.errors import ItfriendError
from itfriend.core.templates import (
    RenderedMessage,
    TemplateRecord,
    missing_values,
    one_render_budget,
    render_template,
)
from itfriend.core.templates.values import merge_values, nest_values
from itfriend.ui.common.tasks import TaskRunner


@dataclass(frozen=True)
class PickerPreview:
    """What filling one template in found: the values to ask for, those still missing, the
    message (missing ones shown as ``[name]``) or why it cannot be filled in."""

    template: TemplateRecord
    typed: Mapping[str, str]  # the values typed when it was asked for
    needed: list[str]  # missing without anything typed: the fields to show
    still: list[str]  # missing with what was typed
    message: RenderedMessage | None
    error: str = ""


def make_preview(
    template: TemplateRecord,
    typed: Mapping[str, str],
    base: Mapping[str, Any],
    given: Mapping[str, Any],
) -> PickerPreview:
    """Fill ``template`` in (on a pool thread): ``base`` holds the person's and one's own values,
    ``given`` those with what was typed as well."""
    try:
        with one_render_budget():  # the three renders take one render's time limit in all
            needed = missing_values(template, base)
            still = missing_values(template, given)
            marked = merge_values(given, nest_values({name: f"[{name}]" for name in still}))
            message = render_template(template, marked)
    except ItfriendError as exc:
        return PickerPreview(template, typed, [], [], None, str(exc))
    return PickerPreview(template, typed, needed, still, message)


class PreviewMaker(QObject):
    """Makes the picker's previews on its task runner, one at a time, the latest one last.

    Signals:
    ready(object): the PickerPreview of the latest request.
    """

    ready = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Its own thread, so that a preview never waits behind the picker's database reads.
        self._tasks = TaskRunner(self, max_threads=1)
        self._making = False
        self._next: tuple[TemplateRecord, dict[str, str], dict[str, Any], dict[str, Any]] | None
        self._next = None
        self._asked = 0  # requests (and forgets) so far; a preview of an older one is dropped
        self.latest: PickerPreview | None = None  # the preview of the latest request, once made

    @property
    def busy(self) -> bool:
        """Whether a request has not been answered yet."""
        return self._making or self._next is not None

    def request(
        self,
        template: TemplateRecord,
        typed: dict[str, str],
        base: dict[str, Any],
        given: dict[str, Any],
    ) -> None:
        """Make the preview of ``template`` with these values, after the one being made."""
        self.latest = None
        self._asked += 1
        self._next = (template, typed, base, given)
        if not self._making:
            self._start()

    def forget(self) -> None:
        """Nothing to preview (no template chosen): a preview being made is not handed on."""
        self.latest = None
        self._asked += 1
        self._next = None

    def close(self) -> None:
        """Drop previews still to come and wait (at most the render limit) for the running one."""
        self._next = None
        self._tasks.close()

    def _start(self) -> None:
        if self._next is None or self._tasks.closed:
            return
        template, typed, base, given = self._next
        self._next = None
        self._making = True
        asked = self._asked
        self._tasks.run(
            lambda: make_preview(template, typed, base, given),
            lambda preview: self._made(asked, preview),
            lambda exc: self._made(asked, PickerPreview(template, typed, [], [], None, str(exc))),
        )

    def _made(self, asked: int, preview: PickerPreview) -> None:
        self._making = False
        if self._next is not None:  # asked again meanwhile: this one is already old
            self._start()
        elif asked == self._asked:
            self.latest = preview
            self.ready.emit(preview)
