"""Filling a saved template for each recipient of an announcement.

A Bcc message goes to everyone at once, so it cannot greet one person by name: there
``person.first_name`` is "everyone" unless the technician gives another value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from itfriend.core.announcements.compose import Renderer
from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.people import PersonRow
from itfriend.core.settings import Settings

EVERYONE = {"person.first_name": "everyone"}


def template_renderer(
    db: Database, clock: Clock, settings: Settings, templates: Any | None, name: str
) -> tuple[Renderer, str]:
    """A renderer for the saved template ``name`` (any case), and the template's own name."""
    from itfriend.core.templates import TemplateService, render_template, template_values

    service = templates if templates is not None else TemplateService(db, clock)
    template = service.get(name)

    def render(person: PersonRow | None, extra: Mapping[str, str]) -> tuple[str, str]:
        given = dict(extra) if person is not None else {**EVERYONE, **extra}
        values = template_values(person, settings, given, clock=clock)
        rendered = render_template(template, values)
        return str(rendered.subject).strip(), str(rendered.body)

    return render, str(template.name)
