"""Filling a template in: the message it gives, the values it needs, the problems it has.

The subject and the body are both Jinja2 templates run in the sandbox of
``itfriend.core.templates.environment``. They can use:

- ``person.*``: first_name, name, department, building, floor, room, email, phone, role;
- ``me.*``: name, phone, email, signature (from Settings);
- ``ticket.*``: number, title;
- ``today``, ``weekday(d)``, ``format_date(d)``, ``in_days(n)``;
- free values such as ``new_date``, ``system``, ``start``, ``end``, given by the user.

A value used but not given makes ``render_template`` raise ``MissingValuesError`` naming every
one; ``{{ person.first_name | default("there") }}`` is the way to make one optional.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from jinja2 import meta

from itfriend.core.templates.analysis import ValueUse, value_uses
from itfriend.core.templates.environment import (
    ENVIRONMENT,
    ValueGroup,
    compile_text,
    render_recording,
)
from itfriend.core.templates.errors import MissingValuesError, TemplateError, TemplateLimitError
from itfriend.core.templates.limits import watched
from itfriend.core.templates.values import (
    GROUP_FIELDS,
    HELPERS,
    date_helpers,
    merge_values,
    nest_values,
)


class TemplateLike(Protocol):
    """Anything with a subject and a body: a stored TemplateRecord or an unsaved TemplateDraft."""

    @property
    def subject(self) -> str: ...

    @property
    def body(self) -> str: ...


@dataclass(frozen=True)
class RenderedMessage:
    """A filled-in template: a one-line subject and the body text."""

    subject: str
    body: str


def render_template(template: TemplateLike, values: Mapping[str, Any]) -> RenderedMessage:
    """Fill a template in with ``values`` (nested, or dotted keys such as ``"ticket.number"``).

    Raises MissingValuesError naming every value used but not given, or TemplateError for a
    syntax error (with its line) or an unsafe expression. Nothing is ever rendered blank.
    """
    subject, body, missing = _render(template, values)
    if missing:
        raise MissingValuesError(missing)
    return RenderedMessage(subject=subject, body=body)


def missing_values(template: TemplateLike, values: Mapping[str, Any]) -> list[str]:
    """The dotted names of the values this template would use but are not in ``values``."""
    return _render(template, values)[2]


def one_render_budget() -> AbstractContextManager[None]:
    """A block in which every render (``missing_values``, ``render_template``) shares one time,
    memory and depth limit: a preview that asks what is missing, then fills in, takes one
    render's time at most, not one per call."""
    return watched()


def required_values(template: TemplateLike) -> list[str]:
    """Every value the template may need, in the order of the text, without the date helpers
    and without those it only uses with a default (``| default(...)``, ``is defined``)."""
    needed: list[str] = []
    for use in _uses(template.subject) + _uses(template.body):
        if not use.optional and use.path not in needed:
            needed.append(use.path)
    return needed


def check_template_text(text: str) -> list[str]:
    """Problems of one template text (a body or a subject) for the editor to show at once:
    a syntax error with its line, an unsafe expression, an unknown variable. Empty when fine."""
    try:
        compile_text(text)
    except TemplateError as exc:
        return [str(exc)]
    return [_describe_unknown(use) for use in _uses(text) if _is_unknown(use)]


def validate_template(template: TemplateLike, body_first_line: int | None = None) -> None:
    """Raise TemplateError for the first problem of the subject or the body.

    With ``body_first_line`` (the file line the body starts on), lines are the file's lines.
    """
    for part, text in (("subject", template.subject), ("body", template.body)):
        problems = check_template_text(text)
        if not problems:
            continue
        problem = problems[0]
        if part == "body" and body_first_line is not None:
            problem = re.sub(
                r"^line (\d+)", lambda m: f"line {int(m.group(1)) + body_first_line - 1}", problem
            )
        elif part == "body":
            problem = f"body {problem}"
        else:
            problem = f"subject: {problem}"
        raise TemplateError(problem)


# Who a template is filled in for when it is checked or previewed without a real person.
SAMPLE_PERSON = {
    "first_name": "Sam",
    "name": "Sam Taylor",
    "email": "sam.taylor@example.org",
    "department": "Finance",
    "building": "North",
    "floor": "2",
    "room": "2.14",
    "phone": "555 0142",
    "role": "Accountant",
}
_SAMPLE_VALUES = {
    "person": SAMPLE_PERSON,
    "me": {"name": "Alex Tech", "phone": "555 0100", "email": "alex@example.org"},
    "ticket": {"number": "4711", "title": "Printer offline"},
}


def check_limits(template: TemplateLike) -> None:
    """Raise TemplateLimitError when filling ``template`` in for a sample person goes past a
    limit (time, memory, size), so that a hostile shared template is refused when it is saved or
    imported, not first when someone uses it. Values the sample lacks are simply left missing;
    a failure that depends on them is for the real render to report.
    """
    try:
        _render(template, _SAMPLE_VALUES)
    except TemplateLimitError:
        raise
    except TemplateError:
        pass


def _render(template: TemplateLike, values: Mapping[str, Any]) -> tuple[str, str, list[str]]:
    subject_template = _compile(template.subject, "subject")
    body_template = _compile(template.body, "body")
    context = _context(values)
    try:
        with watched():  # one time limit for the subject and the body together
            subject, missing = render_recording(subject_template, context)
            body, body_missing = render_recording(body_template, context)
    except TemplateLimitError as exc:
        name = getattr(template, "name", "")
        called = f"the template '{name}'" if name else "the template"
        raise TemplateLimitError(f"{called} was stopped: {exc}", exc.limit) from None
    missing += [path for path in body_missing if path not in missing]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in body.split("\n")))
    return " ".join(subject.split()), body.strip("\n"), missing


def _compile(text: str, part: str) -> Any:
    try:
        return compile_text(text)
    except TemplateError as exc:
        raise TemplateError(f"{part} {exc}", line=exc.line) from None


def _context(values: Mapping[str, Any]) -> dict[str, Any]:
    # The date helpers are always there; template_values() gives ones that follow the app clock.
    given = merge_values(date_helpers(date.today()), nest_values(values))
    return {key: _wrap(key, value) for key, value in given.items()}


def _wrap(path: str, value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return ValueGroup(path, {key: _wrap(f"{path}.{key}", item) for key, item in value.items()})


@lru_cache(maxsize=256)
def _uses(text: str) -> tuple[ValueUse, ...]:
    """The reads of values the template does not set itself (``{% set %}``, loop variables)."""
    compile_text(text)  # raises TemplateError for bad syntax or unsafe parts
    tree = ENVIRONMENT.parse(text)
    try:
        free = meta.find_undeclared_variables(tree)
        uses = value_uses(tree)
    except RecursionError:
        raise TemplateError("the template nests its blocks or brackets too deeply") from None
    return tuple(use for use in uses if use.root in free and use.root not in HELPERS)


def _is_unknown(use: ValueUse) -> bool:
    fields = GROUP_FIELDS.get(use.root)
    if fields is not None:
        return use.field is not None and use.field not in fields
    return bool(difflib.get_close_matches(use.root, [*GROUP_FIELDS, *HELPERS], n=1, cutoff=0.75))


def _describe_unknown(use: ValueUse) -> str:
    fields = GROUP_FIELDS.get(use.root)
    if fields is not None:
        guess = difflib.get_close_matches(use.field or "", fields, n=1)
        hint = (
            f"did you mean {use.root}.{guess[0]}?"
            if guess
            else f"{use.root} has: {', '.join(fields)}"
        )
        return f"line {use.line}: unknown variable {use.path}; {hint}"
    guess = difflib.get_close_matches(use.root, [*GROUP_FIELDS, *HELPERS], n=1, cutoff=0.75)
    return f"line {use.line}: unknown variable {use.root}; did you mean {guess[0]}?"
