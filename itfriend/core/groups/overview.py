"""What the Groups window reads, gathered in one call each so that it can run on a pool thread:
the groups with their member counts, and what a rule can name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from itfriend.core.people_search.candidates import Candidate, candidates_of

if TYPE_CHECKING:
    from itfriend.core.groups.service import GroupRow
    from itfriend.core.services import Services


@dataclass(frozen=True)
class GroupsData:
    """The saved groups and how many people each means now (by group id)."""

    rows: list[GroupRow]
    counts: dict[int, int]


def load_groups(services: Services) -> GroupsData:
    """Every saved group, and how many people its rule and hand-picked members mean now."""
    rows = services.groups.list()
    return GroupsData(rows, {row.id: services.groups.count_members(row.rule) for row in rows})


def load_choices(services: Services) -> tuple[list[str], list[str], list[str], list[Candidate]]:
    """The departments, buildings and systems a rule can name, and the people to hand-pick."""
    people = services.people
    return (
        people.departments(),
        people.buildings(),
        people.system_names(),
        candidates_of(people.list()),
    )
