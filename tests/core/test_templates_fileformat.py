"""The template file format: what it accepts and that writing then reading loses nothing."""

from __future__ import annotations

from itfriend.core.templates import TemplateDraft, format_template_text, parse_template_text


def test_a_file_without_category_or_abbreviation_is_fine() -> None:
    parsed = parse_template_text(
        "\ufeff\r\n---\r\n# a comment\r\nName: Hello\r\n\r\nsubject: Hi {{ me.name }}\r\n---\r\n"
        "\r\nHello {{ person.first_name }}\r\n\r\nBye\r\n"
    )
    assert parsed.draft == TemplateDraft(
        name="Hello", subject="Hi {{ me.name }}", body="Hello {{ person.first_name }}\n\nBye"
    )
    assert parsed.body_line == 9  # the file line of "Hello {{ person.first_name }}"


def test_writing_then_reading_gives_the_same_template() -> None:
    draft = TemplateDraft("Name: with colon", "Re: {{ ticket.number }}", "a\n\n  b", "Cat", "ab")
    text = format_template_text(draft)
    assert text == (
        "---\nname: Name: with colon\ncategory: Cat\nabbreviation: ab\n"
        "subject: Re: {{ ticket.number }}\n---\na\n\n  b\n"
    )
    assert parse_template_text(text).draft == draft
