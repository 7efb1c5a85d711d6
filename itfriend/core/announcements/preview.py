"""The Announce dialog's preview, built on a pool thread: every value a template still needs for
a whole group, so that the dialog can ask for all of them at once and never send a blank, then
the per-recipient messages and the cadence check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itfriend.core.announcements.cadence import CadenceCheck
from itfriend.core.announcements.compose import Composition
from itfriend.core.announcements.rendering import EVERYONE
from itfriend.core.templates import (
    MissingValuesError,
    missing_values,
    required_values,
    template_values,
)
from itfriend.core.templates.values import PERSON_FIELDS, person_values

if TYPE_CHECKING:
    from itfriend.core.services import Services


@dataclass(frozen=True)
class Preview:
    """What the dialog shows: the values to ask for, those still empty, and the messages."""

    template_name: str
    fields: tuple[str, ...]  # every value the technician has to give for this template and group
    missing: tuple[str, ...]  # of those, the ones not given yet
    composition: Composition | None = None
    cadence: CadenceCheck | None = None


def needed_values(
    services: Services, group: str, template_name: str, values: Mapping[str, str], bcc: bool
) -> list[str]:
    """Values the template would miss for at least one reachable member (or for everyone in
    Bcc), in the order the template uses them."""
    template = services.templates.get(template_name)
    settings, clock = services.settings, services.clock
    if bcc:
        context = template_values(None, settings, {**EVERYONE, **values}, clock=clock)
        return missing_values(template, context)
    found: list[str] = []
    shapes: set[tuple[str, ...]] = set()
    for member in services.groups.members(group):
        if not member.email:
            continue  # skipped anyway: they get no message
        given = person_values(member)
        # People with the same empty fields miss the same values: render one of each kind.
        shape = tuple(f for f in PERSON_FIELDS if f not in given)
        if shape in shapes:
            continue
        shapes.add(shape)
        context = template_values(member, settings, values, clock=clock)
        found += [v for v in missing_values(template, context) if v not in found]
    order = required_values(template)
    return sorted(found, key=lambda v: order.index(v) if v in order else len(order))


def build_preview(
    services: Services, group: str, template_name: str, values: Mapping[str, str], bcc: bool
) -> Preview:
    """The preview for the dialog; ``values`` holds only what the technician filled in."""
    name = services.templates.get(template_name).name
    fields = needed_values(services, group, name, {}, bcc)
    missing = needed_values(services, group, name, values, bcc)
    fields += [m for m in missing if m not in fields]
    if missing:
        return Preview(name, tuple(fields), tuple(missing))
    try:
        composition = services.announcements.compose(group, name, values, bcc=bcc)
    except MissingValuesError as exc:  # a value only one person's greeting needs
        return Preview(name, tuple([*fields, *exc.missing]), tuple(exc.missing))
    cadence = services.announcements.check_cadence(composition) if composition.messages else None
    return Preview(name, tuple(fields), (), composition, cadence)
