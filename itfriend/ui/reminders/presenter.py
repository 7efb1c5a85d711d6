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
from itfriend.core.wording import plural
from itfriend.platform.notifications.base import DEFAULT_ACTION, Notifier
from itfriend.ui.common.errors import error_text
from itfriend.ui.common.events import Change
from itfriend.ui.common.write_path import WritePath

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.core.settings import Settings
    from itfriend.ui.common.events import DataEvents
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.shell.navigator import OpensWindows

log = logging.getLogger(__name__)

# Done logs the check-back as a contact; both change the follow-ups.
FOLLOW_UP_CHANGES = (Change.FOLLOW_UPS, Change.CONTACTS)


class ReminderPresenter(QObject):
    """Turns core Reminders into notifications; their Open asks ``navigator`` for the item's
    window (a person, a walk-around, or a back-up notice's Announce dialog).

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
        navigator: OpensWindows,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._settings = settings
        self._with_services = with_services
        self._planner = planner
        self._writes = WritePath(runner, events, self._failed)
        self._navigator = navigator

    def show(self, reminders: Sequence[Reminder]) -> list[Reminder]:
        """Show each reminder; the ones handled: shown, or all when notifications are off (the
        technician chose not to see them, so they are not kept for later)."""
        if not self._settings.get("notifications.enabled"):
            log.info(
                "notifications are switched off; %s not shown", plural(len(reminders), "reminder")
            )
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
                self._navigator.open("walk-around", walk_around_id=reminder.item_id)
            elif reminder.kind is ReminderKind.BACKUP_NOTICE:
                self._navigator.open(
                    "announce", group=reminder.group_name, template=reminder.template_name
                )
            else:
                person = reminder.person_ids[0] if len(reminder.person_ids) == 1 else None
                self._navigator.open("people", person_id=person)
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
