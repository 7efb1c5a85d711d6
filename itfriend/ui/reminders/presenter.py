"""Shows reminders as desktop notifications and carries out their actions.

Done logs the check-back as a contact, Snooze puts the follow-up off by a preset, Open (or a
click on the notification) opens the item in the app.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from itfriend.core.reminders.messages import Reminder, ReminderKind
from itfriend.core.reminders.scheduler import SNOOZE_PRESETS, ReminderPlanner
from itfriend.platform.notifications.base import DEFAULT_ACTION, Notifier
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change
from itfriend.ui.common.write_path import WritePath

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.core.settings import Settings
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

# Done logs the check-back as a contact; both change the follow-ups.
FOLLOW_UP_CHANGES = (Change.FOLLOW_UPS, Change.CONTACTS)


class ReminderPresenter(QObject):
    """Turns core Reminders into notifications; ``open_person``/``open_walk_around`` show items,
    ``open_announcement(group, template)`` opens the Announce dialog (back-up notice reminders).

    Done and Snooze change a follow-up through the services, which ``with_services`` loads the
    first time (the idle tray does not hold them).
    """

    def __init__(
        self,
        notifier: Notifier,
        settings: Settings,
        planner: ReminderPlanner,
        events: DataEvents,
        runner: TaskRunner,
        with_services: Callable[[Callable[[Services], None]], None],
        open_person: Callable[[int | None], None],
        open_walk_around: Callable[[int | None], None],
        parent: QObject | None = None,
        open_announcement: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._settings = settings
        self._with_services = with_services
        self._planner = planner
        self._writes = WritePath(runner, events, self._failed)
        self._open_person = open_person
        self._open_walk_around = open_walk_around
        self._open_announcement = open_announcement

    def show(self, reminders: Sequence[Reminder]) -> list[Reminder]:
        """Show each reminder; the ones handled: shown, or all when notifications are off (the
        technician chose not to see them, so they are not kept for later)."""
        if not self._settings.get("notifications.enabled"):
            log.info("notifications are switched off; %d reminder(s) not shown", len(reminders))
            return list(reminders)
        handled: list[Reminder] = []
        for reminder in reminders:
            actions = self.actions_for(reminder)
            shown = self._notifier.notify(
                reminder.title,
                reminder.body,
                actions=actions,
                on_action=functools.partial(self.act, reminder),
            )
            if shown:
                handled.append(reminder)
            else:
                log.error("no notification backend could show: %s", reminder.text)
        return handled

    @staticmethod
    def actions_for(reminder: Reminder) -> list[tuple[str, str]]:
        actions = [(DEFAULT_ACTION, "Open"), ("open", "Open")]
        if reminder.kind is ReminderKind.FOLLOW_UP:
            actions.append(("done", "Done"))
            actions += [(f"snooze:{key}", label) for key, label in SNOOZE_PRESETS.items()]
        return actions

    def act(self, reminder: Reminder, key: str) -> None:
        """Carry out the action ``key`` picked on ``reminder``'s notification."""
        if key in (DEFAULT_ACTION, "open"):
            if reminder.kind is ReminderKind.WALK_AROUND:
                self._open_walk_around(reminder.item_id)
            elif reminder.kind is ReminderKind.BACKUP_NOTICE and self._open_announcement:
                self._open_announcement(reminder.group_name, reminder.template_name)
            else:
                person = reminder.person_ids[0] if len(reminder.person_ids) == 1 else None
                self._open_person(person)
            return
        follow_up_id = reminder.item_id
        if reminder.kind is not ReminderKind.FOLLOW_UP or follow_up_id is None:
            return
        if key == "done":
            self._with_services(
                lambda services: self._writes.write(
                    lambda: services.follow_ups.done_and_log(follow_up_id), FOLLOW_UP_CHANGES
                )
            )
        elif key.startswith("snooze:"):
            preset = key.removeprefix("snooze:")
            planner = self._planner
            self._with_services(
                lambda services: self._writes.write(
                    lambda: services.follow_ups.snooze(follow_up_id, planner.snooze_until(preset)),
                    FOLLOW_UP_CHANGES,
                )
            )

    def _failed(self, exc: BaseException) -> None:
        log.error("a reminder action failed: %s", exc)
        text = error_text(exc, "the reminder's action")
        self._notifier.notify("itfriend", f"That did not work: {text}")
