"""The Announce dialog's work without widgets: the preview asks for every value a whole group
needs, and delivery sets the back-up notice reminder and sums up what happened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from itfriend.core.announcements import AnnouncementService
from itfriend.core.announcements.delivery import Delivery, deliver, describe_report
from itfriend.core.announcements.preview import build_preview
from itfriend.core.services import Services
from tests.core.test_announce_core import VALUES, announce

__all__ = ["announce"]

MAINTENANCE = "Planned maintenance notice"


def test_the_preview_asks_for_every_value_before_composing(
    announce: AnnouncementService, services: Services
) -> None:
    empty = build_preview(services, "Sales", MAINTENANCE, {}, bcc=False)
    assert empty.template_name == MAINTENANCE
    assert empty.fields == empty.missing == ("system", "start", "end")
    assert empty.composition is None and empty.cadence is None

    partly = build_preview(services, "Sales", MAINTENANCE, {"system": "CRM"}, bcc=False)
    assert partly.fields == ("system", "start", "end") and partly.missing == ("start", "end")

    full = build_preview(services, "Sales", MAINTENANCE, VALUES, bcc=False)
    assert full.missing == () and full.composition is not None
    assert [r.email for r in full.composition.recipients] == ["ann@example.org", "bob@example.org"]
    assert full.cadence is not None and not full.cadence.exceeded


def test_in_bcc_the_values_are_those_everyone_shares(
    announce: AnnouncementService, services: Services
) -> None:
    empty = build_preview(services, "Sales", MAINTENANCE, {}, bcc=True)
    assert empty.missing == ("system", "start", "end")
    full = build_preview(services, "Sales", MAINTENANCE, VALUES, bcc=True)
    assert full.missing == () and full.composition is not None
    (message,) = full.composition.messages
    assert message.body.startswith("Hi everyone,")


def test_saving_eml_files_sets_the_back_up_reminder_and_says_what_was_done(
    announce: AnnouncementService, services: Services, tmp_path: Path
) -> None:
    composition = announce.compose("Sales", MAINTENANCE, VALUES)
    back_up = services.clock.now() + timedelta(days=2)
    sent: list[int] = []
    report = deliver(
        services,
        composition,
        Delivery("eml", folder=tmp_path, back_up_at=back_up, back_up_template="System back up"),
        password_lookup=lambda: None,
        on_sent=sent.append,
    )
    assert len(report.files) == 2 and sent == []
    assert announce.next_follow_up_notice() == back_up
    assert describe_report(report).splitlines() == [
        "Saved 2 .eml files for 2 recipients.",
        "Skipped: Dan Dune (no email address)",
    ]
