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
