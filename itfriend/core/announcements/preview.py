"""The Announce dialog's preview, built on a pool thread: every value a template still needs for
a whole group, so that the dialog can ask for all of them at once and never send a blank, then
the per-recipient messages and the cadence check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itfriend.core.announcements.cadence import CadenceCheck
from itfriend.core.announcements.compose import Composition
from itfriend.core.announcements.rendering import EVERYONE
from itfriend.core.templates import (
    MissingValuesError,
    missing_values,
    one_render_budget,
    required_values,
    template_values,
)
from itfriend.core.templates.values import PERSON_FIELDS, person_values

if TYPE_CHECKING:
    from itfriend.core.services import Services
    from itfriend.core.templates.rendering import TemplateLike


@dataclass(frozen=True)
class Preview:
    """What the dialog shows: the values to ask for, those still empty, and the messages."""

    template_name: str
    fields: tuple[str, ...]  # every value the technician has to give for this template and group
    missing: tuple[str, ...]  # of those, the ones not given yet
    composition: Composition | None = None
    cadence: CadenceCheck | None = None


def needed_values(template: TemplateLike, contexts: Sequence[Mapping[str, Any]]) -> list[str]:
    """Values the template would miss for at least one of ``contexts``, in the order the
    template uses them."""
    found: list[str] = []
    for context in contexts:
        found += [v for v in missing_values(template, context) if v not in found]
    order = required_values(template)
    return sorted(found, key=lambda v: order.index(v) if v in order else len(order))


def value_contexts(
    services: Services, group: str, values: Mapping[str, str], bcc: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the template is filled in with, without and with ``values``: for everyone in Bcc,
    else for one reachable member of each kind of empty fields (people with the same empty
    fields miss the same values, so one of each kind is enough)."""
    settings, clock = services.settings, services.clock
    if bcc:
        return (
            [template_values(None, settings, EVERYONE, clock=clock)],
            [template_values(None, settings, {**EVERYONE, **values}, clock=clock)],
        )
    blank: list[dict[str, Any]] = []
    given: list[dict[str, Any]] = []
    shapes: set[tuple[str, ...]] = set()
    for member in services.groups.members(group):
        if not member.email:
            continue  # skipped anyway: they get no message
        filled = person_values(member)
        shape = tuple(f for f in PERSON_FIELDS if f not in filled)
        if shape in shapes:
            continue
        shapes.add(shape)
        blank.append(template_values(member, settings, {}, clock=clock))
        given.append(template_values(member, settings, values, clock=clock))
    return blank, given


def build_preview(
    services: Services, group: str, template_name: str, values: Mapping[str, str], bcc: bool
) -> Preview:
    """The preview for the dialog; ``values`` holds only what the technician filled in."""
    template = services.templates.get(template_name)
    name = template.name
    blank, given = value_contexts(services, group, values, bcc)
    # The reads come first: only the renders share one render's time limit in all, not one
    # each (a slow template would otherwise take that time twice per kind of member).
    with one_render_budget():
        fields = needed_values(template, blank)
        missing = needed_values(template, given)
    fields += [m for m in missing if m not in fields]
    if missing:
        return Preview(name, tuple(fields), tuple(missing))
    try:
        composition = services.announcements.compose(group, name, values, bcc=bcc)
    except MissingValuesError as exc:  # a value only one person's greeting needs
        return Preview(name, tuple([*fields, *exc.missing]), tuple(exc.missing))
    cadence = services.announcements.check_cadence(composition) if composition.messages else None
    return Preview(name, tuple(fields), (), composition, cadence)
