"""The Groups window through its real widgets: live preview, save, rename, delete, history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.groups import GroupRule
from itfriend.core.reminders.store import ReminderStore
from itfriend.core.services import Services
from itfriend.ui.common.events import DataEvents
from itfriend.ui.groups.window import GroupsWindow


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, people: dict[str, int], events: DataEvents
) -> Iterator[GroupsWindow]:
    services.people.edit(people["grace"], systems=["CRM"])
    services.groups.add("Northerners", GroupRule(buildings=("North",)))
    shown = GroupsWindow(services, events)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.groups.count() == 1 and shown.editor.departments.count() == 4)
    yield shown
    shown.shutdown()


def preview_names(window: GroupsWindow) -> list[str]:
    return [window.preview.item(i).text() for i in range(window.preview.count())]


def group_labels(window: GroupsWindow) -> list[str]:
    return [window.groups.item(i).text() for i in range(window.groups.count())]


def test_the_list_shows_groups_with_member_counts(window: GroupsWindow) -> None:
    assert group_labels(window) == ["Northerners (2 people)"]
    assert [window.editor.systems.item(i).text() for i in range(window.editor.systems.count())] == [
        "CRM"
    ]


def test_editing_the_rule_updates_the_live_preview(qtbot: QtBot, window: GroupsWindow) -> None:
    window.new_group()
    with qtbot.waitSignal(window.preview_updated):
        window.editor.departments.tick("Engineering")
    assert preview_names(window) == ["Barbara Liskov", "Grace Hopper"]
    assert window.preview_count.text() == "2 members now (2 without email)"

    with qtbot.waitSignal(window.preview_updated):
        window.editor.systems.tick("CRM")  # and uses the CRM: only Grace
    assert preview_names(window) == ["Grace Hopper"]

    # A hand-picked person joins whoever the rule matches.
    window.editor.finder.search.setText("ada lovelace")
    qtbot.waitUntil(lambda: window.editor.finder.results.count() > 0)
    with qtbot.waitSignal(window.preview_updated):
        qtbot.keyClick(window.editor.finder.search, Qt.Key.Key_Return)
    assert preview_names(window) == ["Ada Lovelace <ada@example.org>", "Grace Hopper"]
    assert window.preview_count.text() == "2 members now (1 without email)"

    window.editor.picked.setCurrentRow(0)
    with qtbot.waitSignal(window.preview_updated):
        window.editor.remove_member()
    assert preview_names(window) == ["Grace Hopper"]


def test_saving_a_new_group_and_renaming_it(
    qtbot: QtBot, window: GroupsWindow, services: Services, people: dict[str, int]
) -> None:
    window.new_group()
    window.name.setText("Engineers")
    window.description.setText("builds things")
    window.editor.departments.tick("Engineering")
    window.editor.add_member(people["ada"], "Ada Lovelace — Finance")
    with qtbot.waitSignal(window.loaded):
        window.save_button.click()
    saved = services.groups.get("Engineers")
    assert saved.rule.departments == ("Engineering",) and saved.rule.member_ids == (people["ada"],)
    assert saved.description == "builds things"
    assert group_labels(window) == ["Engineers (3 people)", "Northerners (2 people)"]
    assert window.current is not None and window.current.name == "Engineers"

    window.name.setText("Builders")
    with qtbot.waitSignal(window.loaded):
        window.save_button.click()
    assert [g.name for g in services.groups.list()] == ["Builders", "Northerners"]
    assert services.groups.get("Builders").id == saved.id


def test_a_group_that_means_nobody_is_refused_with_the_reason(
    qtbot: QtBot, window: GroupsWindow, services: Services
) -> None:
    window.new_group()
    window.name.setText("Empty")
    window.save_button.click()
    qtbot.waitUntil(lambda: "needs a department, building or system" in window.status.text())
    assert [g.name for g in services.groups.list()] == ["Northerners"]


def test_deleting_asks_first(
    qtbot: QtBot, window: GroupsWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.groups.setCurrentRow(0)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.delete_button.click()
    assert asked == ["Delete the group 'Northerners'? Its announcement history is kept."]
    assert [g.name for g in services.groups.list()] == ["Northerners"]
    with qtbot.waitSignal(window.loaded):
        window.delete_button.click()
    assert services.groups.list() == [] and window.groups.count() == 0
    assert window.current is None and not window.announce_button.isEnabled()


def test_history_and_the_30_day_count_against_the_limit(
    qtbot: QtBot, window: GroupsWindow, services: Services, tmp_path: Path
) -> None:
    services.settings.update(
        {
            "me.name": "Tess Tech",
            "me.email": "tess@example.org",
            "me.phone": "555-0100",
            "announce.monthly_limit": 4,
        }
    )
    composition = services.announcements.compose("Northerners", "back", {"system": "CRM"})
    services.announcements.save_eml(composition, tmp_path)
    with qtbot.waitSignal(window.history_loaded):
        window.select_group("northerners")
    item = window.history.topLevelItem(0)
    assert item is not None and window.history.topLevelItemCount() == 1
    assert [item.text(c) for c in range(1, 6)] == ["System back up", "eml", "prepared", "1", "0"]
    assert window.cadence.text() == "1 of at most 4 announcements in the last 30 days"


def test_the_30_day_count_follows_a_renamed_group_as_the_send_guard_does(
    qtbot: QtBot, window: GroupsWindow, services: Services, tmp_path: Path
) -> None:
    services.settings.update(
        {"me.name": "Tess Tech", "me.email": "tess@example.org", "me.phone": "555-0100"}
    )
    composition = services.announcements.compose("Northerners", "back", {"system": "CRM"})
    services.announcements.save_eml(composition, tmp_path)
    services.groups.edit("Northerners", name="North staff")
    with qtbot.waitSignal(window.loaded):
        window.load()
    with qtbot.waitSignal(window.history_loaded):
        window.select_group("north staff")
    assert window.history.topLevelItemCount() == 0  # listed under the name it went to
    limit = services.announcements.monthly_limit
    assert window.cadence.text() == f"1 of at most {limit} announcements in the last 30 days"


def test_announce_opens_the_dialog_for_the_selected_group(
    qtbot: QtBot, window: GroupsWindow
) -> None:
    window.select_group("Northerners")
    window.announce("System back up")
    dialog = window.dialog
    assert dialog is not None and dialog.group_name == "Northerners"
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.template.currentText() == "System back up"
    assert list(dialog.values.editors) == ["system", "me.name", "me.phone"]  # none set yet


def test_opening_a_back_up_notice_reminder_opens_the_announce_dialog(
    qtbot: QtBot,
    window: GroupsWindow,
    services: Services,
    store: ReminderStore,
    events: DataEvents,
) -> None:
    from itfriend.core.reminders.messages import Reminder, ReminderKind
    from itfriend.core.reminders.scheduler import ReminderPlanner
    from itfriend.platform.notifications.base import DEFAULT_ACTION
    from itfriend.ui.common.tasks import TaskRunner
    from itfriend.ui.reminders.presenter import ReminderPresenter

    class AnnounceNavigator:
        def open(self, name: str, **options: object) -> None:
            assert name == "announce", "the People window is not what this reminder needs"
            group, template = options["group"], options["template"]
            assert isinstance(group, str) and isinstance(template, str)
            window.select_group(group)
            window.announce(template, group)

    runner = TaskRunner()
    presenter = ReminderPresenter(
        None,  # type: ignore[arg-type]  # act() needs no notifier
        services.settings,
        ReminderPlanner(store),
        events,
        runner,
        with_services=lambda use: use(services),
        navigator=AnnounceNavigator(),
    )
    reminder = Reminder(
        ReminderKind.BACKUP_NOTICE,
        "Send the back-up notice to Northerners",
        "",
        item_id=1,
        group_name="Northerners",
        template_name="System back up",
    )
    assert [key for key, _ in presenter.actions_for(reminder)] == [DEFAULT_ACTION, "open"]
    presenter.act(reminder, DEFAULT_ACTION)
    dialog = window.dialog
    assert dialog is not None and dialog.group_name == "Northerners"
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.template.currentText() == "System back up"
    assert window.current is not None and window.current.name == "Northerners"
    runner.close()
