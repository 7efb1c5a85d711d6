"""Hostile templates found after the first limits: each hung, ate memory, or showed internals.

Time and memory are measured in a capped child process, as in ``test_templates_limits``.
"""

from __future__ import annotations

import pytest

from itfriend.core.templates import (
    TemplateDraft,
    TemplateError,
    check_template_text,
    render_template,
)
from itfriend.core.templates.errors import MissingValuesError
from tests.core.test_templates_limits import _render_in_child

_DOUBLE = "{% set ns = namespace(a=[1], b=[1]) %}{% for i in range(40) %}"
# Lists of shared lists built where nothing weighed them: ``==``, ``in`` or ``hash`` then walk
# 2**40 paths in one C call no clock can interrupt.
SHARED = [
    _DOUBLE + "{% set ns.a = cycler(ns.a, ns.a).items %}{% set ns.b = cycler(ns.b, ns.b).items %}"
    "{% endfor %}{{ ns.a == ns.b }}",
    "{% set a = {} %}{% set b = {} %}{% for i in range(41) %}{% set _ = dict.update(a, {i: {}}) %}"
    "{% set _ = dict.update(b, {i: {}}) %}{% endfor %}{% for i in range(40) %}"
    "{% set _ = dict.update(a[i], {'x': a[i+1], 'y': a[i+1]}) %}"
    "{% set _ = dict.update(b[i], {'x': b[i+1], 'y': b[i+1]}) %}{% endfor %}{{ a[0] == b[0] }}",
    "{% set a = {} %}{% for i in range(41) %}{% set _ = dict.setdefault(a, i, {}) %}{% endfor %}"
    "{{ a|length }}",
    "{% set a = [] %}{% set _ = list.append(a, 1) %}{{ a }}",
    _DOUBLE + "{% set ns.a = dict(a=ns.a, b=ns.a).values() %}"
    "{% set ns.b = dict(a=ns.b, b=ns.b).values() %}{% endfor %}{{ ns.a|list == ns.b|list }}",
]


def test_lists_of_shared_lists_are_refused_before_a_comparison_walks_them() -> None:
    results = _render_in_child(SHARED, timeout=60)
    for body, outcome in zip(SHARED, results, strict=True):
        assert outcome["error"] is not None, (body[:80], outcome)
        assert outcome["seconds"] < 2.5, (body[:80], outcome)


@pytest.mark.parametrize("body", ["{{ cycler(1, 2).next() }}", "{{ joiner(',')() }}"])
def test_cycler_and_joiner_are_not_offered(body: str) -> None:
    with pytest.raises(MissingValuesError):  # names nobody gave, like any other
        render_template(TemplateDraft("x", "s", body), {})


def test_a_namespace_still_carries_a_value_out_of_a_loop() -> None:
    body = "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}"
    body += "{% endfor %}{{ ns.n }}"
    assert render_template(TemplateDraft("x", "s", body), {}).body == "3"


@pytest.mark.parametrize(
    "body", ["Notes: {{ notes|urlize }}", "{{ dict(a=1)|xmlattr }}", "{{ 'x'|no_such_filter }}"]
)
def test_a_filter_an_email_has_no_use_for_is_refused_with_its_line(body: str) -> None:
    assert check_template_text("Hi\n" + body) == [
        f"line 2: No filter named '{body.split('|')[1].split(' ')[0].split('(')[0]}'."
    ]


def test_wrapping_narrower_than_a_word_is_refused_rather_than_running_for_seconds() -> None:
    with pytest.raises(TemplateError, match="wordwrap' wraps at 10 characters or more"):
        render_template(TemplateDraft("x", "s", "{{ v|wordwrap(1) }}"), {"v": "\t" * 100_000})
    wrapped = render_template(TemplateDraft("x", "s", "{{ v|wordwrap(10) }}"), {"v": "aa " * 9})
    assert wrapped.body == "aa aa aa\naa aa aa\naa aa aa"


_S = "{% set s = 'x' * 50000 %}"
# Each made 1-2 GB in one call (or many) and the render went on to succeed.
GREEDY = [
    "{{ (1).to_bytes(999999999, 'big')|length }}",
    "{{ ((1).to_bytes(1, 'big') * 999999999)|length }}",
    _S + "{{ ('{0}' * 20000)['for' ~ 'mat'](s)|length }}",
    _S + "{{ ('%(a)s' * 20000)|format(a=s)|length }}",
    _S + "{{ (('%(a)s' * 20000) % {'a': s})|length }}",
    "{% if false %}{% block a %}{% set s = 'x' * 200000 %}{% for i in range(5000) %}{{ s }}"
    "{% endfor %}{% endblock %}{% endif %}{{ self.a()|length }}",
    "{% set s = 'x' * 200000 %}{{ ([[s]] * 5000)|join(attribute=0)|length }}",
    "{{ today.strftime('%A' * 99999)|length }}",
    "{% set s = 'ß' * 199999 %}{{ s.upper()|length }}",
]


def test_what_would_make_a_gigabyte_in_one_call_is_refused_before_it_is_made() -> None:
    results = _render_in_child(GREEDY, timeout=120)
    for body, outcome in zip(GREEDY, results, strict=True):
        assert outcome["error"] is not None, (body[:80], outcome)
        assert outcome["error"].startswith(("TemplateError", "TemplateLimitError")), body[:80]
        assert outcome["grown_mb"] < 72 and outcome["seconds"] < 2.5, (body[:80], outcome)


def test_dates_case_formats_and_joins_by_attribute_still_work_at_an_ordinary_size() -> None:
    body = (
        "{{ in_days(0).strftime('%d') }} {{ 'abc'.upper() }} {{ '%s+%s' % ('a', 'b') }} "
        "{{ '%(n)s%%'|format(n=5) }} {{ [{'n': 'a'}, {'n': 'b'}]|join(', ', attribute='n') }}"
    )
    text = render_template(TemplateDraft("x", "s", body), {}).body
    assert text.split(" ", 1)[1] == "ABC a+b 5% a, b"


@pytest.mark.parametrize(
    "body",
    [
        "{{ weekday(weekday) }}",
        "{{ format_date(in_days) }}",
        "{{ weekday(dict) }}",
        "{{ format_date(self) }}",
        "{{ in_days(dict) }}",
        "{{ [today] }}",
        "{{ range(3) }}",
    ],
)
def test_a_helper_given_a_function_or_a_list_of_dates_shows_no_repr(body: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_template(TemplateDraft("x", "s", body), {})
    message = str(caught.value)
    for internal in ("0x", "<function", "<class", "<Template", "datetime.date", "range("):
        assert internal not in message, message
    assert message.split(": ", 1)[1].strip()


def test_the_scrubber_catches_any_repr_with_an_address_or_a_class() -> None:
    def helper() -> None:
        pass

    # The last resort, for a repr that slipped past every check (here given as a text).
    for shown in (repr(helper), repr(dict)):
        with pytest.raises(TemplateError, match="internals"):
            render_template(TemplateDraft("x", "s", "{{ v }}"), {"v": shown})


def test_the_date_helpers_still_take_dates_texts_numbers_and_missing_values() -> None:
    body = "{{ in_days('3') > in_days(-2) }} {{ weekday('2026-03-10') }} {{ format_date('soon') }}"
    assert render_template(TemplateDraft("x", "s", body), {}).body == "True Tuesday soon"
    with pytest.raises(MissingValuesError, match="new_date, n"):
        render_template(TemplateDraft("x", "s", "{{ weekday(new_date) }}{{ in_days(n) }}"), {})


def test_a_call_block_of_something_that_is_not_a_macro_is_one_template_error() -> None:
    with pytest.raises(TemplateError, match="calls something that is not a macro"):
        render_template(TemplateDraft("x", "s", "{% call dict() %}{% endcall %}"), {})
    with pytest.raises(MissingValuesError, match="nobody gave: m"):
        render_template(TemplateDraft("x", "s", "{% call m() %}{% endcall %}"), {})
    body = "{% macro m() %}<{{ caller() }}>{% endmacro %}{% call m() %}x{% endcall %}"
    assert render_template(TemplateDraft("x", "s", body), {}).body == "<x>"


def test_reaching_a_method_that_makes_bytes_is_refused_in_words() -> None:
    with pytest.raises(TemplateError, match="reaching 'to_bytes' of an int is not allowed"):
        render_template(TemplateDraft("x", "s", "{{ (1).to_bytes(1, 'big') }}"), {})
