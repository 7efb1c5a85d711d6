"""Shared templates cannot reach Python internals: refused when checked, stopped when run."""

from __future__ import annotations

from pathlib import Path

import pytest

from itfriend.core.services import Services
from itfriend.core.templates import (
    TemplateDraft,
    TemplateError,
    check_template_text,
    render_template,
)
from itfriend.core.templates.environment import ENVIRONMENT, render_recording

CLASSIC_PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].system('touch pwned') }}",
    "{{ self._TemplateReference__context }}",
    "{{ request.application.__globals__.__builtins__ }}",
    "{{ person['__class__'] }}",
    "{{ ''|attr('__class__') }}",
    "{{ namespace.mro() }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{{ joiner.__init__.__globals__ }}",
]


@pytest.mark.parametrize("payload", CLASSIC_PAYLOADS)
def test_classic_escape_payloads_are_refused_with_a_reason(payload: str) -> None:
    problems = check_template_text(f"Hi\n{payload}")
    assert len(problems) == 1
    assert problems[0].startswith("line 2: ")
    assert "not allowed" in problems[0]
    with pytest.raises(TemplateError, match="not allowed"):
        render_template(TemplateDraft("x", "s", payload), {"person": {"name": "Ann"}})


@pytest.mark.parametrize(
    "payload",
    [
        # Built at run time, so that no single piece of the text looks unsafe.
        "{% set u = '_' %}{{ ''[u ~ u ~ 'class' ~ u ~ u] }}",
        "{% set u = '_' %}{{ (person[u ~ u ~ 'class' ~ u ~ u]) }}",
        "{% set u = '_' %}{% set n = ''[u ~ u ~ 'class' ~ u ~ u] %}done",
    ],
)
def test_escapes_built_at_run_time_are_stopped_before_anything_runs(payload: str) -> None:
    assert check_template_text(payload) == []  # nothing to see before running it
    with pytest.raises(TemplateError, match="Python internals"):
        render_template(TemplateDraft("x", "s", payload), {"person": {"name": "Ann"}})


def test_the_sandbox_itself_refuses_internals_even_without_the_static_check() -> None:
    template = ENVIRONMENT.from_string("{{ x.__class__ }}")
    with pytest.raises(TemplateError, match="Python internals"):
        render_recording(template, {"x": 1})


def test_values_given_to_a_template_cannot_be_changed() -> None:
    with pytest.raises(TemplateError):
        render_template(TemplateDraft("x", "s", "{{ items.append(1) }}"), {"items": [1]})


def test_an_unsafe_template_is_not_imported_and_nothing_is_stored(
    services: Services, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.md"
    path.write_text(
        "---\nname: Evil\nsubject: hi\n---\nHello\n"
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n",
        encoding="utf-8",
    )
    before = [t.name for t in services.templates.list()]
    with pytest.raises(TemplateError, match=r"cannot import evil.md: line 6: .*__globals__"):
        services.templates.import_file(path)
    assert [t.name for t in services.templates.list()] == before
    assert not marker.exists()


@pytest.mark.parametrize(
    "body", ['{{ (10**8) * "x" }}', "{{ 9 ** 9 ** 9 ** 9 }}", "{{ [1] * 100000000 }}"]
)
def test_templates_cannot_exhaust_memory_or_time(body: str) -> None:
    from itfriend.core.templates import TemplateDraft, TemplateError, render_template

    with pytest.raises(TemplateError, match="too large"):
        render_template(TemplateDraft(name="x", subject="s", body=body), {})


def test_ordinary_arithmetic_still_works() -> None:
    from itfriend.core.templates import TemplateDraft, render_template

    draft = TemplateDraft(name="x", subject="s", body='{{ "-" * 10 }} {{ 3 * 4 }} {{ 2 ** 10 }}')
    assert render_template(draft, {}).body == "---------- 12 1024"
