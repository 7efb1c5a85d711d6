"""What the picker does with a filled-in message: insert, copy or mail it, and record the use.

The use is recorded (the template's use count, and the contact when "Log the contact" is ticked)
through the write path, once the picker has hidden: a failure is kept as a line for the picker
to show while it is next open, until a use is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum

from itfriend.core.models import Channel
from itfriend.core.services import Services
from itfriend.core.templates import RenderedMessage
from itfriend.platform.paste import Paster
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change
from itfriend.ui.common.write_path import WritePath

log = logging.getLogger(__name__)


class PickerAction(Enum):
    INSERT = "insert"
    COPY = "copy"
    MAIL = "mail"


class TemplateUse:
    """Delivers messages through ``paster`` (or ``open_mail``) and records their use;
    ``recorded()`` is called after each use recorded. ``problem`` is the line that says why the
    last use could not be recorded, or None."""

    def __init__(
        self,
        services: Services,
        writes: WritePath,
        paster: Paster,
        open_mail: Callable[[str, str, str], bool],
        recorded: Callable[[], None],
    ) -> None:
        self._services = services
        self._writes = writes
        self._paster = paster
        self._open_mail = open_mail
        self._recorded = recorded
        self.problem: str | None = None

    def deliver(self, action: PickerAction, message: RenderedMessage, address: str) -> None:
        if action is PickerAction.INSERT:
            self._paster.insert(message.body)
        elif action is PickerAction.COPY:
            self._paster.copy(message.body)
        elif not self._open_mail(address, message.subject, message.body):
            self._paster.copy(message.body)
            log.warning("no mail program could be opened; the message was copied instead")

    def record(self, name: str, person_id: int | None) -> None:
        """Count a use of template ``name``; with ``person_id``, log the email sent to them."""
        services = self._services

        def write() -> bool:
            services.templates.record_use(name)
            if person_id is not None:
                services.interactions.log(person_id, Channel.EMAIL, f"Sent '{name}'")
            return person_id is not None

        self._writes.write(
            write,
            lambda logged: [Change.CONTACTS] if logged else [],
            lambda _logged: self._done(),
            self._failed,
        )

    def _done(self) -> None:
        self.problem = None
        self._recorded()

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc, "recording the use of the template")
        log.error("could not record the use: %s", text)
        self.problem = f"Not recorded: {text}"
