"""The shipped default templates: there are enough, they are safe, and each one renders."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.models import Person
from itfriend.core.resources import resource_path
from itfriend.core.settings import Settings
from itfriend.core.templates import (
    TemplateDraft,
    check_template_text,
    missing_values,
    render_template,
    required_values,
    template_values,
)
from itfriend.core.templates.records import default_drafts

DEFAULTS = default_drafts()
# Sample values for every free value the defaults declare; a new one must be added here.
FREE_VALUES = {
    "new_date": "2026-03-10",
    "system": "Payroll",
    "start": "2026-03-10 18:00",
    "end": "2026-03-10 20:00",
    "reply_by": "2026-03-06",
    "visit_date": "2026-03-12",
    "start_date": "2026-03-16",
    "ticket.number": "4711",
    "ticket.title": "Printer jams on the second floor",
}
JARGON = re.compile(
    r"\b(credentials|authenticat\w*|reboot|cache|DNS|SSO|MFA|endpoint|"
    r"provision\w*|escalat\w*|SLA|ticket)\b",
    re.IGNORECASE,
)


SAMPLE_PERSON = Person(
    name="Ann Smith",
    preferred_name="Annie",
    email="ann.smith@example.org",
    role="Payroll clerk",
    department="Finance",
    building="North House",
    floor="2",
    room="2.14",
    phone="0123 111 222",
)


@pytest.fixture
def sample_values(tmp_path: Path) -> dict[str, object]:
    settings = Settings(tmp_path / "settings.json")
    settings.update(
        {"me.name": "Sam Tech", "me.phone": "0123 456 789", "me.email": "sam.tech@example.org"}
    )
    clock = FakeClock(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    return template_values(SAMPLE_PERSON, settings, FREE_VALUES, clock=clock)


def test_at_least_ten_defaults_covering_the_everyday_requests() -> None:
    assert len(DEFAULTS) >= 10
    names = " | ".join(d.name.lower() for d in DEFAULTS)
    for topic in (
        "delay",
        "password",
        "voicemail",
        "maintenance",
        "back up",
        "check-in",
        "feedback",
        "walk-around",
        "policy",
        "new starter",
    ):
        assert topic in names, topic
    assert len({d.name.lower() for d in DEFAULTS}) == len(DEFAULTS)
    assert len({d.abbreviation for d in DEFAULTS}) == len(DEFAULTS)


@pytest.mark.parametrize("draft", DEFAULTS, ids=lambda d: d.name)
def test_each_default_renders_for_a_sample_person(
    draft: TemplateDraft, sample_values: dict[str, object]
) -> None:
    assert check_template_text(draft.subject) == []
    assert check_template_text(draft.body) == []
    declared = required_values(draft)
    free = [v for v in declared if v.split(".")[0] not in ("person", "me")]
    assert set(free) <= set(FREE_VALUES), "give the new value a sample in FREE_VALUES"
    message = render_template(draft, sample_values)
    assert message.subject and "\n" not in message.subject
    assert message.body.startswith("Hi Annie,")
    assert message.body.rstrip().endswith("Sam Tech\nPhone: 0123 456 789")
    assert "{{" not in message.body and "{%" not in message.body
    assert not JARGON.search(message.body.replace("Hi Annie", "")), JARGON.findall(message.body)
    assert len(message.body.split()) < 200  # concise


@pytest.mark.parametrize("draft", DEFAULTS, ids=lambda d: d.name)
def test_each_default_asks_for_exactly_its_declared_values(draft: TemplateDraft) -> None:
    declared = required_values(draft)
    assert "me.name" in declared and "me.phone" in declared  # the signature
    # With nothing given, the render pass finds the same values the text analysis declares.
    assert sorted(missing_values(draft, {})) == sorted(declared)


def test_the_default_files_are_data_files_in_resources() -> None:
    files = sorted(p.name for p in resource_path("templates").glob("*.md"))
    assert len(files) == len(DEFAULTS)
