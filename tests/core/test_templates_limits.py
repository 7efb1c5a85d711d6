"""A shared template is untrusted input: whatever it holds, filling it in ends within 2 s, stays
within about 64 MB more memory and 200,000 characters, and says which template hit which limit.

Time and memory are measured in a child process (its own clock and peak resident memory, and an
address-space cap, so that a template that is not stopped cannot take the test machine down).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import itfriend
from itfriend.core.services import Services
from itfriend.core.templates import (
    TemplateDraft,
    TemplateError,
    check_template_text,
    render_template,
)
from itfriend.core.templates.errors import TemplateLimitError
from itfriend.core.templates.limits import MAX_OUTPUT

ROOT = Path(itfriend.__file__).resolve().parents[1]  # the tree under test, for the child

# Render each body as the template "hostile"; print what happened, how long it took and how much
# the peak resident memory grew. The address space is capped 1 GB above the start.
_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from itfriend.core.templates import TemplateDraft, render_template
    from itfriend.core.templates.environment import compile_text
    vm = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (vm + 2**30, vm + 2**30))
    results = []
    for body in json.loads(sys.argv[1]):
        compile_text(body)  # compiling is not rendering: keep it out of the figures
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        try:
            render_template(TemplateDraft("hostile", "s", body), {})
            outcome = {"error": None, "limit": None}
        except BaseException as exc:
            limit = getattr(exc, "limit", None)
            outcome = {"error": f"{type(exc).__name__}: {exc}", "limit": limit}
        outcome["seconds"] = time.perf_counter() - start
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
        outcome["grown_mb"] = grown / 1024
        results.append(outcome)
    print(json.dumps(results))
    """
)


def _render_in_child(bodies: list[str], timeout: float) -> list[dict[str, Any]]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(bodies)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the renders were not stopped within {timeout} s")
    assert done.returncode == 0, done.stderr[-2000:]
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


# Loops that make nothing but take for ever (the file, and variations).
SLOW = [
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{% set ns = namespace(d={}) %}{% for i in range(99999) %}{% for j in range(99999) %}"
    "{% set ns.d = dict(a=i) %}{% endfor %}{% endfor %}",
]


def test_a_template_that_runs_for_ever_is_stopped_within_two_seconds() -> None:
    for outcome in _render_in_child(SLOW, timeout=30):
        assert outcome["limit"] == "time", outcome
        assert "the template 'hostile' was stopped" in outcome["error"]
        assert "2 seconds" in outcome["error"]
        assert outcome["seconds"] < 2.5, outcome


# Each of these reached about 1 GB (or more) at once, or grows without end.
GREEDY = [
    "{{ '%999999999d' % 1 }}",
    "{{ '%999999999d' % missing }}",
    "{{ '%s'|format(1) }}{{ '%999999999s'|format(1) }}",
    "{{ 'x'|center(999999999) }}",
    "{{ range(99999)|join('y' * 9999) }}",
    "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}",
    "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s * 2 %}{% endfor %}",
    "{% macro twice(s) %}{{ twice(s ~ s) }}{% endmacro %}{{ twice('x') }}",
    "{% set big %}{% for i in range(99999) %}{{ 'x' * 9999 }}{% endfor %}{% endset %}",
    "{{ 'a'.ljust(999999999) }}",
    "{{ 'a'.zfill(999999999) }}",
    "{{ ('a\t' * 1000).expandtabs(999999) }}",
    "{{ ('a' * 9999).replace('a', 'b' * 9999) }}",
    "{{ ('a' * 9999)|replace('a', 'b' * 9999) }}",
    "{{ '{:999999999}'['for' ~ 'mat'](1) }}",
    "{{ ('a' * 999)|indent(999999) }}",
    "{{ ('a ' * 9999)|wordwrap(10, wrapstring='x' * 9999) }}",
    "{{ (range(99999)|list) * 99999 }}",
    "{{ ([1] * 10000) * 10000 }}",
    "{{ range(9)|batch(999999999, 'x')|list }}",
    "{% set ns = namespace(s='x' * 100000) %}{% for i in range(99999) %}"
    "{% set ns.l = ns.s ~ i %}{% endfor %}",
    "".join(f"{{% set a{i} = range(99999)|batch(1)|list %}}" for i in range(300)),
    # One C call walking far more than was ever allocated: nested lists repeated.
    "{% set a = range(99999)|list %}{{ ([a] * 199999)|tojson }}",
    "{% set a = range(99999)|list %}{{ ([a] * 199999)|max }}",
    "{% set a = range(99999)|list %}{{ [a] * 199999 }}",
    "{% set ns = namespace(a=[1], b=[1]) %}{% for i in range(60) %}{% set ns.a = [ns.a, ns.a] %}"
    "{% set ns.b = [ns.b, ns.b] %}{% endfor %}{{ ns.a == ns.b }}",
    "{% set ns = namespace(a={}, b={}) %}{% for i in range(60) %}"
    "{% set ns.a = dict(k=ns.a, j=ns.a) %}{% set ns.b = dict(k=ns.b, j=ns.b) %}{% endfor %}"
    "{{ ns.a == ns.b }}",
]


def test_a_template_that_would_eat_memory_is_stopped_early() -> None:
    results = _render_in_child(GREEDY, timeout=120)
    for body, outcome in zip(GREEDY, results, strict=True):
        assert outcome["limit"] is not None, (body[:80], outcome)
        assert "the template 'hostile' was stopped" in outcome["error"], outcome
        assert outcome["grown_mb"] < 72, (body[:80], outcome)  # about 64 MB at most
        assert outcome["seconds"] < 2.5, (body[:80], outcome)


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}",
        "{{ 'x' * 150000 }}{{ 'y' * 150000 }}",
    ],
)
def test_the_text_stops_at_the_size_an_email_can_have(body: str) -> None:
    with pytest.raises(TemplateLimitError) as caught:
        render_template(TemplateDraft("Long", "s", body), {})
    assert caught.value.limit == "output"
    assert str(caught.value).startswith("the template 'Long' was stopped: ")
    assert f"{MAX_OUTPUT:,} characters" in str(caught.value)


def test_a_long_subject_is_stopped_too() -> None:
    with pytest.raises(TemplateLimitError, match="'Long' was stopped"):
        render_template(TemplateDraft("Long", "{{ 'x' * 150000 }}{{ 'y' * 150000 }}", "b"), {})


def test_summing_lists_which_copies_them_at_every_step_is_refused() -> None:
    body = "{{ [[1] * 9999] * 9999|sum(start=[]) }}"
    with pytest.raises(TemplateError, match="adds numbers only"):
        render_template(TemplateDraft("Sum", "s", body), {})
    assert render_template(TemplateDraft("Sum", "s", "{{ [1, 2.5]|sum }}"), {}).body == "3.5"


def test_macros_that_call_themselves_stop_at_a_depth_with_a_reason() -> None:
    body = "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(1) }}"
    with pytest.raises(TemplateLimitError, match="calls itself more than 100 deep") as caught:
        render_template(TemplateDraft("Deep", "s", body), {})
    assert caught.value.limit == "depth"


@pytest.mark.parametrize(
    "body",
    [
        "{{ weekday }}",
        "{{ in_days }}",
        "{{ [1, 2]|map('upper') }}",
        "{{ 'x' ~ format_date }}",
        "{{ format_date|string }}",
        "{{ (format_date|string)[-14:-1] }}",
        "{{ (format_date|pprint) }}",
        "{{ '%s' % weekday }}",
        "{{ '%r'|format('x') }}",
        "{{ '{}'['for' ~ 'mat'](weekday) }}",
        "{{ namespace(a=1) }}",
        "{{ [weekday]|join(', ') }}",
        "{{ ','.join([weekday]) }}",
        "{{ dict(a=weekday) }}",
    ],
)
def test_no_python_object_or_memory_address_reaches_the_text(body: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_template(TemplateDraft("Internals", "s", f"Hi {body}"), {})
    message = str(caught.value)
    assert "0x" not in message and "<function" not in message and " object at " not in message
    assert message.split(": ", 1)[1].strip()  # a reason, not an empty one


def test_an_error_without_a_message_still_gives_a_reason() -> None:
    def boom() -> None:
        raise MemoryError

    with pytest.raises(TemplateError) as caught:
        render_template(TemplateDraft("x", "s", "{{ boom() }}"), {"boom": boom})
    reason = str(caught.value).removeprefix("the template failed while filling in:").strip()
    assert reason


def test_ordinary_templates_and_numbers_still_render() -> None:
    body = (
        "{{ '%-6s|' % 'ab' }}{{ 'ab'|center(6) }}|{{ 'x'.ljust(3) }}|{{ range(3)|join(', ') }}"
        " {{ 20000 * 2 }} {{ 2 ** 10 }} Error 0x80070005 {{ [1, 2]|map('string')|join('-') }}"
        "{% macro m(x) %}<{{ x }}>{% endmacro %} {{ m('y') }} {{ ('a\nb')|indent(2) }}"
    )
    message = render_template(TemplateDraft("x", "s", body), {})
    assert message.body == ("ab    |  ab  |x  |0, 1, 2 40000 1024 Error 0x80070005 1-2 <y> a\n  b")


def test_the_watch_puts_back_a_trace_function_and_leaves_other_threads_alone() -> None:
    def tracer(*_args: object) -> None:
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        render_template(TemplateDraft("x", "s", "{% for i in range(3) %}{{ i }}{% endfor %}"), {})
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(previous)


@pytest.mark.parametrize(
    "body",
    [
        "{{" + "(" * 2400 + "1" + ")" * 2400 + "}}",  # within the tags and tokens allowed
        "{% if 1 %}" * 240 + "x" + "{% endif %}" * 240,
        "{{ 'x'" + "|upper" * 2400 + " }}",
        "{% for i in range(3) %}" * 30 + "x" + "{% endfor %}" * 30,
    ],
)
def test_a_template_nested_too_deeply_is_refused_with_a_reason_not_a_traceback(body: str) -> None:
    assert check_template_text(body) == [
        "the template nests its blocks or brackets too deeply to be read "
        "(at most about 20 blocks inside one another)"
    ]
    with pytest.raises(TemplateError, match="nests its blocks or brackets too deeply"):
        render_template(TemplateDraft("x", "s", body), {})


def test_a_hostile_file_is_refused_at_import_naming_the_limit_and_nothing_is_stored(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "loop.txt"  # the file
    path.write_text(
        "---\nname: loop\nsubject: s\n---\n"
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    before = [t.name for t in services.templates.list()]
    with pytest.raises(TemplateLimitError) as caught:
        services.templates.import_file(path)
    assert str(caught.value) == (
        "cannot import loop.txt: the template 'loop' was stopped: "
        "it ran longer than 2 seconds, the limit for filling one in"
    )
    assert [t.name for t in services.templates.list()] == before


def test_a_template_too_large_for_a_sample_person_is_not_saved(services: Services) -> None:
    draft = TemplateDraft(
        "Big", "s", "{% for i in range(9999) %}{{ person.name * 20 }}{% endfor %}"
    )
    with pytest.raises(TemplateLimitError, match="'Big' was stopped: its text grows past"):
        services.templates.create(draft)
    assert "Big" not in [t.name for t in services.templates.list()]


@pytest.mark.parametrize(
    "body", ["{{ [person.role] }}", "{{ person.role|pprint }}", "{{ {'a': person.role} }}"]
)
def test_a_missing_value_inside_a_list_is_asked_for_not_shown_as_undefined(body: str) -> None:
    from itfriend.core.templates import MissingValuesError

    with pytest.raises(MissingValuesError) as caught:
        render_template(TemplateDraft("x", "s", body), {"person": {"name": "Ann"}})
    assert caught.value.missing == ["person.role"]


@pytest.mark.parametrize(
    "body",
    [
        "{{ 'a b c'|wordwrap(width) }}",  # textwrap looped for ever on a missing width
        "{{ 'abc'|center(width) }}",
        "{{ 'abc'|truncate(width) }}",
        "{{ 'abc'.ljust(width) }}",
        "{% for i in range(width) %}{{ i }}{% endfor %}",
        "{{ range(3)|slice(width)|list }}",
    ],
)
def test_a_missing_argument_is_asked_for_rather_than_looping_or_failing_oddly(body: str) -> None:
    from itfriend.core.templates import MissingValuesError

    with pytest.raises(MissingValuesError) as caught:
        render_template(TemplateDraft("x", "s", body), {})
    assert caught.value.missing == ["width"]
    fine = render_template(TemplateDraft("x", "s", "{{ 'z'|default(width) }}"), {})
    assert fine.body == "z"


def test_library_code_a_template_keeps_busy_is_stopped_where_it_calls_back() -> None:
    import time

    def spin(group: Any) -> None:  # a helper that never ends, reading a value each turn
        while True:
            group["name"]

    started = time.perf_counter()
    with pytest.raises(TemplateLimitError, match="ran longer than 2 seconds"):
        render_template(
            TemplateDraft("Spin", "s", "{{ spin(person) }}"),
            {"spin": spin, "person": {"name": "Ann"}},
        )
    assert time.perf_counter() - started < 2.5


def test_a_reason_quoting_a_long_value_stays_one_short_line() -> None:
    with pytest.raises(TemplateError) as caught:
        render_template(TemplateDraft("x", "s", "{{ ('x' * 199999)|filesizeformat }}"), {})
    message = str(caught.value)
    assert message.startswith("the template failed while filling in: could not convert")
    assert len(message) < 300 and message.endswith("…")


def test_a_template_asking_for_thousands_of_values_is_stopped_before_the_picker_shows_them() -> (
    None
):
    body = "".join(f"{{{{ value{i} }}}}" for i in range(400))
    with pytest.raises(TemplateLimitError) as caught:
        render_template(TemplateDraft("Form", "s", body), {})
    assert str(caught.value) == (
        "the template 'Form' was stopped: it asks for more than 50 values nobody gave"
    )
    assert caught.value.limit == "values"
