"""Rendering templates: values, defaults, missing values named, helpers, editor checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.people import PeopleService
from itfriend.core.services import Services
from itfriend.core.settings import Settings
from itfriend.core.templates import (
    MissingValuesError,
    TemplateDraft,
    TemplateError,
    check_template_text,
    missing_values,
    render_template,
    required_values,
    template_values,
)

ME = {"name": "Sam Tech", "phone": "0123 456 789", "email": "sam@example.org"}


def draft(body: str, subject: str = "Hello") -> TemplateDraft:
    return TemplateDraft(name="t", subject=subject, body=body)


def test_renders_person_me_ticket_and_free_values() -> None:
    template = draft(
        "Hi {{ person.first_name }}, about {{ ticket.number }} ({{ ticket.title }}): "
        "{{ system }}.\n{{ me.name }}\n{{ me.phone }}",
        subject="{{ ticket.number }}: {{ ticket.title }}",
    )
    values = {
        "person": {"first_name": "Ann"},
        "ticket.number": "4711",
        "ticket.title": "Printer jams",
        "system": "Payroll",
        "me": ME,
    }
    message = render_template(template, values)
    assert message.subject == "4711: Printer jams"
    assert message.body == "Hi Ann, about 4711 (Printer jams): Payroll.\nSam Tech\n0123 456 789"


def test_every_missing_value_is_named_across_subject_and_body() -> None:
    template = draft(
        "Hi {{ person.first_name }}, see you on {{ new_date }}.\n{{ me.name }} {{ me.phone }}",
        subject="Ticket {{ ticket.number }}",
    )
    with pytest.raises(MissingValuesError) as caught:
        render_template(template, {"me": {"name": "Sam"}})
    expected = ["ticket.number", "person.first_name", "new_date", "me.phone"]
    assert caught.value.missing == expected
    for name in expected:
        assert name in str(caught.value)


def test_a_missing_value_is_never_rendered_blank_even_in_conditions_and_sums() -> None:
    template = draft(
        "{% if urgent %}URGENT{% endif %}{{ count + 1 }}{% for x in items %}{% endfor %}"
    )
    assert missing_values(template, {}) == ["urgent", "count", "items"]


def test_defaults_and_defined_tests_make_a_value_optional() -> None:
    template = draft(
        'Hi {{ person.first_name | default("there") }}'
        "{% if ticket.number is defined %} (#{{ ticket.number }}){% endif %}."
    )
    assert render_template(template, {}).body == "Hi there."
    with_values = {"person": {"first_name": "Ann"}, "ticket": {"number": "7"}}
    assert render_template(template, with_values).body == "Hi Ann (#7)."
    assert required_values(draft('{{ x | default("y") }}{{ person.role | d("staff") }}')) == []


def test_required_values_lists_what_the_template_reads_in_order() -> None:
    template = draft(
        "{{ person.first_name }} {{ format_date(new_date) }} {{ weekday(today) }} "
        "{{ format_date(in_days(3)) }} {% set local = 1 %}{{ local }}"
        "{% for line in lines %}{{ line }}{% endfor %} {{ me.name }}",
        subject="{{ ticket.title }}",
    )
    assert required_values(template) == [
        "ticket.title",
        "person.first_name",
        "new_date",
        "lines",
        "me.name",
    ]


def test_date_helpers_follow_the_clock(services: Services) -> None:
    clock = FakeClock(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))  # a Wednesday
    values = template_values(None, services.settings, {"d": "2026-03-10 18:00"}, clock=clock)
    template = draft(
        "{{ today }}|{{ weekday(today) }}|{{ format_date(in_days(6)) }}|{{ format_date(d) }}|"
        "{{ format_date('2027-01-05') }}|{{ format_date('next Tuesday') }}"
    )
    assert render_template(template, values).body == (
        "2026-03-04|Wednesday|Tuesday 10 March|Tuesday 10 March at 18:00|"
        "Tuesday 5 January 2027|next Tuesday"
    )


def test_template_values_from_a_person_and_settings(services: Services, tmp_path: Path) -> None:
    people: PeopleService = services.people
    row = people.add(
        "Ann Smith",
        preferred_name="Annie",
        email="ann@example.org",
        department="Finance",
        building="North",
        room="2.14",
    )
    person = people.get(row.id)
    settings = Settings(tmp_path / "settings.json")
    settings.update({"me.name": "Sam Tech", "me.phone": "0123"})
    values = template_values(person, settings, {"ticket.number": "42", "person.role": "Clerk"})
    assert values["person"]["first_name"] == "Annie"  # the preferred name wins
    assert values["person"]["role"] == "Clerk"  # extra values win and fill gaps
    assert "phone" not in values["person"]  # empty fields are left out, so they are asked for
    assert values["me"] == {"name": "Sam Tech", "phone": "0123"}
    assert values["ticket"] == {"number": "42"}
    # A PersonRow (what lists hold) works too; its first name is the first word of the name.
    from_row = template_values(row, settings, {})
    assert from_row["person"]["first_name"] == "Ann"
    template = draft("{{ person.first_name }} {{ person.building }} {{ me.email }}")
    assert missing_values(template, values) == ["me.email"]


def test_nested_and_dotted_values_that_clash_are_refused(services: Services) -> None:
    from itfriend.core.errors import ValidationError

    with pytest.raises(ValidationError, match="clashes"):
        template_values(None, services.settings, {"ticket": "1", "ticket.number": "2"})


def test_group_fields_cannot_be_shadowed_by_dict_methods() -> None:
    template = draft("{{ person.values }}{{ person.items }}")
    assert missing_values(template, {"person": {"name": "Ann"}}) == [
        "person.values",
        "person.items",
    ]


def test_syntax_errors_report_their_line() -> None:
    template = draft("Hi\nthere\n{% if x %}never closed")
    with pytest.raises(TemplateError) as caught:
        render_template(template, {"x": 1})
    assert caught.value.line == 3
    assert "line 3" in str(caught.value)
    assert check_template_text("ok\n{{ broken ")[0].startswith("line 2:")


def test_check_template_text_names_unknown_variables() -> None:
    problems = check_template_text("Hi {{ person.frist_name }}\n{{ persn.name }} {{ new_date }}")
    assert problems == [
        "line 1: unknown variable person.frist_name; did you mean person.first_name?",
        "line 2: unknown variable persn; did you mean person?",
    ]
    assert check_template_text("{{ person.first_name }} {{ me.signature }} {{ start }}") == []


def test_a_template_that_fails_at_run_time_raises_a_clear_error() -> None:
    with pytest.raises(TemplateError, match="in_days needs a whole number"):
        render_template(draft("{{ in_days('soon') }}"), {})
    with pytest.raises(TemplateError, match="division by zero"):
        render_template(draft("{{ 1 / 0 }}"), {})
