"""Announcements without a server: composing from templates, mailto:, .eml, cadence, reminders."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from itfriend.core.announcements import AnnouncementService, CadenceError
from itfriend.core.errors import StorageError, ValidationError
from itfriend.core.groups import GroupRule
from itfriend.core.services import Services
from itfriend.core.templates import MissingValuesError

VALUES = {"system": "CRM", "start": "2026-03-06", "end": "2026-03-07"}


@pytest.fixture
def announce(services: Services) -> AnnouncementService:
    services.settings.update(
        {
            "me.name": "Tess Tech",
            "me.email": "tess@example.org",
            "me.phone": "555-0100",
            "announce.monthly_limit": 3,
        }
    )
    people = services.people
    people.add("Ann Able", email="ann@example.org", department="Sales")
    people.add("Bob Baker", email="bob@example.org", department="Sales", preferred_name="Bobby")
    people.add("Dan Dune", department="Sales")
    people.add("Eve Elm", email="eve@example.org", department="Finance")
    services.groups.add("Sales", GroupRule(departments=("Sales",)))
    services.groups.add("Finance", GroupRule(departments=("Finance",)))
    return services.announcements


def test_compose_from_the_maintenance_template_personalises_each_message(
    announce: AnnouncementService,
) -> None:
    composition = announce.compose("sales", "Planned maintenance notice", VALUES)
    assert composition.group_name == "Sales"
    assert composition.template_name == "Planned maintenance notice"
    assert [r.email for r in composition.recipients] == ["ann@example.org", "bob@example.org"]
    assert [p.name for p in composition.skipped] == ["Dan Dune"]
    first, second = composition.messages
    assert first.body.startswith("Hi Ann,") and second.body.startswith("Hi Bobby,")
    assert first.subject == "CRM will be unavailable on Friday 6 March"
    bcc = announce.compose("Sales", "maint", VALUES, bcc=True)
    assert len(bcc.messages) == 1 and bcc.messages[0].body.startswith("Hi everyone,")


def test_missing_template_values_are_all_named(announce: AnnouncementService) -> None:
    with pytest.raises(MissingValuesError) as caught:
        announce.compose("Sales", "Planned maintenance notice", {"system": "CRM"})
    assert set(caught.value.missing) >= {"start", "end"}


def test_mailto_puts_everyone_in_bcc_and_is_recorded(announce: AnnouncementService) -> None:
    with pytest.raises(ValidationError, match="Bcc"):
        announce.prepare_mailto(announce.compose("Sales", "maint", VALUES))
    report = announce.prepare_mailto(announce.compose("Sales", "maint", VALUES, bcc=True))
    url = urlsplit(report.url)
    query = parse_qs(url.query)
    assert url.scheme == "mailto" and url.path == "tess@example.org"
    assert query["bcc"] == ["ann@example.org,bob@example.org"]
    assert query["subject"] == ["CRM will be unavailable on Friday 6 March"]
    assert query["body"][0].startswith("Hi everyone,\n")
    (row,) = announce.history("Sales")
    assert (row.delivery, row.state, row.sent) == ("mailto", "prepared", 2)


def test_eml_files_are_drafts_one_per_recipient(
    announce: AnnouncementService, tmp_path: Path
) -> None:
    report = announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path / "out")
    assert [p.name for p in report.files] == ["001-Ann-Able.eml", "002-Bob-Baker.eml"]
    message = message_from_bytes(report.files[1].read_bytes(), policy=policy.default)
    assert message["To"] == "Bob Baker <bob@example.org>"
    assert message["X-Unsent"] == "1" and message["Message-ID"].endswith("@example.org>")
    assert message.get_content().startswith("Hi Bobby,")
    bcc = announce.save_eml(announce.compose("Sales", "maint", VALUES, bcc=True), tmp_path / "out")
    (only,) = bcc.files
    draft = message_from_bytes(only.read_bytes(), policy=policy.default)
    assert draft["Bcc"] == "ann@example.org, bob@example.org"


def test_nobody_reachable_is_an_error(announce: AnnouncementService, services: Services) -> None:
    services.groups.add("Nobody", GroupRule(member_ids=(services.people.resolve("Dan"),)))
    composition = announce.compose("Nobody", "maint", VALUES)
    assert composition.messages == () and len(composition.skipped) == 1
    with pytest.raises(ValidationError, match="has an email"):
        announce.save_eml(composition, Path("unused"))


def test_cadence_guard_counts_per_group_and_person_over_30_days(
    announce: AnnouncementService, services: Services, tmp_path: Path
) -> None:
    for _ in range(3):
        announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path / "a")
        services.clock.advance(days=5)
    check = announce.check_cadence(announce.compose("Sales", "maint", VALUES))
    assert check.exceeded and check.group_count == 3
    assert check.busy_people == (("Ann Able", 3), ("Bob Baker", 3))
    assert "limit of 3" in check.message() and "Sales" in check.message()
    with pytest.raises(CadenceError, match="already got 3"):
        announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path / "b")
    assert not (tmp_path / "b").exists()
    # A different group is fine as long as its members are not the busy ones.
    assert not announce.check_cadence(announce.compose("Finance", "maint", VALUES)).exceeded
    # Insisting sends anyway; the record then counts it too.
    announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path / "b", force=True)
    assert len(announce.history("Sales")) == 4
    # Sent on days 0, 5, 10 and 15: a little over 30 days after the first, it stops counting.
    services.clock.advance(days=14, hours=23)
    assert announce.check_cadence(announce.compose("Sales", "maint", VALUES)).group_count == 4
    services.clock.advance(hours=2)
    assert announce.check_cadence(announce.compose("Sales", "maint", VALUES)).group_count == 3


def test_the_recent_count_is_the_guards_and_follows_a_renamed_group(
    announce: AnnouncementService, services: Services, tmp_path: Path
) -> None:
    sales = services.groups.get("Sales")
    for _ in range(2):
        announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path)
        services.clock.advance(days=20)
    # Sent on days 0 and 20; now day 40: only the second is within the 30 days.
    guard = announce.check_cadence(announce.compose("Sales", "maint", VALUES))
    assert announce.recent_count(sales.id, "Sales") == guard.group_count == 1
    services.groups.edit("Sales", name="Sales team")
    # The history lists announcements by the name they went to; the guard follows the group.
    assert announce.history("Sales team") == []
    assert announce.recent_count(sales.id, "Sales team") == 1
    # Without an id (a group since deleted) the name it had then is what counts.
    assert announce.recent_count(None, "Sales") == 1
    assert announce.recent_count(None, "Sales team") == 0


def test_a_hand_picked_busy_person_in_another_group_is_named(
    announce: AnnouncementService, services: Services, tmp_path: Path
) -> None:
    for _ in range(3):
        announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path)
    services.groups.add("Pilot", GroupRule(member_ids=(services.people.resolve("Ann"),)))
    check = announce.check_cadence(announce.compose("Pilot", "maint", VALUES))
    assert check.exceeded and check.group_count == 0 and check.busy_people == (("Ann Able", 3),)


def test_back_up_notice_reminder_comes_due_and_clears(
    announce: AnnouncementService, services: Services, tmp_path: Path
) -> None:
    report = announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path)
    end = services.clock.now() + timedelta(days=3)
    announce.schedule_follow_up(report.announcement_id, end, "System back up")
    assert announce.next_follow_up_notice() == end
    assert announce.due_follow_up_notices(services.clock.now()) == []
    (notice,) = announce.due_follow_up_notices(end)
    assert (notice.group_name, notice.template_name, notice.due) == ("Sales", "System back up", end)
    # Sending the back-up notice to the group ends the reminder.
    announce.save_eml(announce.compose("Sales", "back", {"system": "CRM"}), tmp_path, force=True)
    assert announce.due_follow_up_notices(end) == []
    assert announce.next_follow_up_notice() is None


def test_reminder_must_be_in_the_future_and_can_be_cleared(
    announce: AnnouncementService, services: Services, tmp_path: Path
) -> None:
    report = announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path)
    with pytest.raises(ValidationError, match="future"):
        announce.schedule_follow_up(report.announcement_id, services.clock.now(), "back")
    announce.schedule_follow_up(
        report.announcement_id, services.clock.now() + timedelta(hours=2), "System back up"
    )
    announce.clear_follow_up(report.announcement_id)
    assert announce.next_follow_up_notice() is None


def test_drafts_that_cannot_be_saved_are_not_recorded(
    announce: AnnouncementService, tmp_path: Path
) -> None:
    # A file where the folder should be: nothing was delivered, so nothing counts.
    (tmp_path / "f").write_text("x")
    for _ in range(2):
        with pytest.raises(StorageError, match=r"could not save the messages: .*f is not a folder"):
            announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path / "f")
    assert announce.history("Sales") == []
    assert announce.check_cadence(announce.compose("Sales", "maint", VALUES)).group_count == 0
    report = announce.save_eml(announce.compose("Sales", "maint", VALUES), tmp_path / "ok")
    assert len(report.files) == 2 and len(announce.history("Sales")) == 1


def test_a_draft_that_cannot_be_saved_part_way_records_only_the_drafts_written(
    announce: AnnouncementService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itfriend.core.announcements import service

    out = tmp_path / "out"
    written_before = service.write_eml

    def folder_replaced_after_the_first(folder: Path, stem: str, email: EmailMessage) -> Path:
        path = written_before(folder, stem, email)
        moved = tmp_path / "moved"
        folder.rename(moved)  # the first draft is kept, where the technician can find it
        folder.write_text("a file where the drafts folder was")
        monkeypatch.setattr(service, "write_eml", written_before)
        return moved / path.name

    monkeypatch.setattr(service, "write_eml", folder_replaced_after_the_first)
    report = announce.save_eml(announce.compose("Sales", "maint", VALUES), out)
    assert report.state == "partial"
    assert report.sent == ["ann@example.org"] and [p.name for p in report.files] == [
        "001-Ann-Able.eml"
    ]
    assert report.failed == [("bob@example.org", "no draft saved")]
    assert "could not save the message in" in report.error
    (row,) = announce.history("Sales")
    assert (row.state, row.sent, row.failed) == ("partial", 1, 1)
    statuses = {r["email"]: r["status"] for r in announce.recipients(report.announcement_id)}
    assert statuses == {"ann@example.org": "prepared", "bob@example.org": "failed"}
