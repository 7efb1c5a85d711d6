"""The Announce dialog's result summary (``core.announcements.delivery.describe_report``)."""

from __future__ import annotations

from pathlib import Path

from itfriend.core.announcements import DeliveryReport
from itfriend.core.announcements.delivery import describe_report


def test_drafts_that_could_not_be_saved_are_named_without_a_retry_offer() -> None:
    report = DeliveryReport(
        7,
        "eml",
        state="partial",
        sent=["ann@example.org"],
        failed=[("bob@example.org", "no draft saved")],
        files=[Path("001-Ann-Able.eml")],
        error="could not save the message in out: No space left on device",
    )
    assert describe_report(report).splitlines() == [
        "Saved 1 .eml file for 1 recipient.",
        "No draft saved: bob@example.org",
        "Stopped: could not save the message in out: No space left on device",
    ]


def test_smtp_refusals_keep_their_reason() -> None:
    report = DeliveryReport(8, "smtp", state="partial", sent=["ann@example.org"])
    report.failed.append(("bob@example.org", "550 no such user"))
    assert "Refused: bob@example.org: 550 no such user" in describe_report(report)
