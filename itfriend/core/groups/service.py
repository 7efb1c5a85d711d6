"""Groups: the people an announcement goes to, by saved rule, by hand, or both.

A rule holds lists of departments, buildings and systems. Within one field any listed value matches
(OR); fields that are given must all match (AND); an empty field sets no condition. A rule with no
condition at all matches nobody, so that a group never silently means "everyone". Hand-picked
members are added to whoever the rule matches. Members are found with one SQL query.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, func, insert, or_, select
from sqlalchemy.orm import Session

from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.ids import looks_like_id, parse_id
from itfriend.core.models import Group, Person, group_members
from itfriend.core.people import PersonRow, make_row, people_using, row_select
from itfriend.core.quoting import quoted
from itfriend.core.settings import Settings

MAX_NAME = 200


@dataclass(frozen=True)
class GroupRule:
    """Who a group means: rule conditions and hand-picked person ids (not yet saved)."""

    departments: tuple[str, ...] = ()
    buildings: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    member_ids: tuple[int, ...] = ()

    @property
    def has_conditions(self) -> bool:
        return bool(self.departments or self.buildings or self.systems)

    def cleaned(self) -> GroupRule:
        return GroupRule(
            _clean_names(self.departments),
            _clean_names(self.buildings),
            _clean_names(self.systems),
            tuple(dict.fromkeys(self.member_ids)),
        )


@dataclass(frozen=True)
class GroupRow:
    """A saved group as lists and windows show it."""

    id: int
    name: str
    description: str
    rule: GroupRule
    member_names: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """The rule in words, e.g. ``department in Sales, Finance and uses CRM``."""
        parts = []
        if self.rule.departments:
            parts.append("department in " + ", ".join(self.rule.departments))
        if self.rule.buildings:
            parts.append("building in " + ", ".join(self.rule.buildings))
        if self.rule.systems:
            parts.append("uses " + " or ".join(self.rule.systems))
        text = " and ".join(parts)
        if self.member_names:
            picked = "hand-picked: " + ", ".join(self.member_names)
            text = f"{text}; plus {picked}" if text else picked
        return text or "nobody"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "departments": list(self.rule.departments),
            "buildings": list(self.rule.buildings),
            "systems": list(self.rule.systems),
            "member_ids": list(self.rule.member_ids),
            "members": list(self.member_names),
        }


def _clean_names(values: Iterable[str]) -> tuple[str, ...]:
    names = (str(v).strip() for v in values)
    seen: dict[str, str] = {}
    for name in names:
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return tuple(seen.values())


def _lowered_in(column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    result: ColumnElement[bool] = func.lower(column).in_([v.lower() for v in values])
    return result


def member_clause(rule: GroupRule) -> ColumnElement[bool]:
    """A WHERE condition on ``Person`` selecting the members of a rule (one SQL expression)."""
    matched: list[ColumnElement[bool]] = []
    if rule.departments:
        matched.append(_lowered_in(Person.department, rule.departments))
    if rule.buildings:
        matched.append(_lowered_in(Person.building, rule.buildings))
    if rule.systems:
        matched.append(Person.id.in_(people_using(rule.systems)))
    by_rule: ColumnElement[bool] = false()
    if matched:
        by_rule = and_(*matched)
    if rule.member_ids:
        return or_(by_rule, Person.id.in_(rule.member_ids))
    return by_rule


class GroupService:
    """Adds, edits, removes and lists groups, and finds their members."""

    def __init__(self, db: Database, clock: Clock, settings: Settings | None = None) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings

    def add(self, name: str, rule: GroupRule, description: str = "") -> GroupRow:
        clean_name = _check_name(name)
        clean_rule = _check_rule(rule)
        with self._db.transaction() as session:
            if _find(session, clean_name) is not None:
                raise ValidationError(f"there is already a group named '{clean_name}'")
            _check_people(session, clean_rule.member_ids)
            group = Group(
                name=clean_name, description=description.strip(), created_at=self._clock.now()
            )
            _store_rule(session, group, clean_rule)
            return _row(session, group)

    def edit(
        self,
        reference: str,
        *,
        name: str | None = None,
        rule: GroupRule | None = None,
        description: str | None = None,
    ) -> GroupRow:
        """Rename a group, replace its rule and members, or change its description."""
        with self._db.transaction() as session:
            group = _get(session, reference)
            if name is not None:
                clean_name = _check_name(name)
                other = _find(session, clean_name)
                if other is not None and other.id != group.id:
                    raise ValidationError(f"there is already a group named '{clean_name}'")
                group.name = clean_name
            if description is not None:
                group.description = description.strip()
            if rule is not None:
                clean_rule = _check_rule(rule)
                _check_people(session, clean_rule.member_ids)
                _store_rule(session, group, clean_rule)
            return _row(session, group)

    def remove(self, reference: str) -> str:
        """Delete a group (its announcement history stays, under the group's name)."""
        with self._db.transaction() as session:
            group = _get(session, reference)
            name = group.name
            session.delete(group)
            return name

    def get(self, reference: str) -> GroupRow:
        """A group by name (any case) or ``#id``."""
        with self._db.transaction() as session:
            return _row(session, _get(session, reference))

    def list(self) -> list[GroupRow]:
        with self._db.transaction() as session:
            groups = session.scalars(select(Group).order_by(func.lower(Group.name)))
            return [_row(session, g) for g in groups]

    def members(self, reference: str) -> builtins.list[PersonRow]:
        """The people a saved group means now, by name."""
        return self.preview(self.get(reference).rule)

    def preview(self, rule: GroupRule) -> builtins.list[PersonRow]:
        """The people an unsaved rule would mean: the live preview while a group is edited."""
        query = (
            row_select()
            .where(member_clause(rule.cleaned()))
            .order_by(func.lower(Person.name), Person.id)
        )
        now = self._clock.now()
        cadence = int(self._settings.get("contact.cadence_days")) if self._settings else 30
        with self._db.transaction() as session:
            return [make_row(r, now, cadence) for r in session.execute(query)]

    def count_members(self, rule: GroupRule) -> int:
        query = select(func.count()).select_from(Person).where(member_clause(rule.cleaned()))
        with self._db.transaction() as session:
            return int(session.scalar(query) or 0)


def _check_name(name: str) -> str:
    text = name.strip()
    if not text:
        raise ValidationError("a group needs a name")
    if len(text) > MAX_NAME:
        raise ValidationError(f"a group name is at most {MAX_NAME} characters")
    if text.startswith("#") and looks_like_id(text):
        raise ValidationError("a group name cannot look like an id (#12)")
    return text


def _check_rule(rule: GroupRule) -> GroupRule:
    clean = rule.cleaned()
    if not clean.has_conditions and not clean.member_ids:
        raise ValidationError(
            "a group needs a department, building or system to match, "
            "or at least one hand-picked member"
        )
    return clean


def _check_people(session: Session, person_ids: Sequence[int]) -> None:
    if not person_ids:
        return
    found = set(session.scalars(select(Person.id).where(Person.id.in_(person_ids))))
    missing = [i for i in person_ids if i not in found]
    if missing:
        raise NotFoundError(f"there is no person #{missing[0]}")


def _store_rule(session: Session, group: Group, rule: GroupRule) -> None:
    group.departments = json.dumps(list(rule.departments), ensure_ascii=False)
    group.buildings = json.dumps(list(rule.buildings), ensure_ascii=False)
    group.systems = json.dumps(list(rule.systems), ensure_ascii=False)
    session.add(group)
    session.flush()
    session.execute(delete(group_members).where(group_members.c.group_id == group.id))
    if rule.member_ids:
        session.execute(
            insert(group_members), [{"group_id": group.id, "person_id": p} for p in rule.member_ids]
        )
    session.expire(group, ["members"])


def _load_list(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()  # a damaged rule field sets no condition rather than stopping every view
    return _clean_names(value) if isinstance(value, list) else ()


def _row(session: Session, group: Group) -> GroupRow:
    picked = session.execute(
        select(Person.id, Person.name)
        .join(group_members, group_members.c.person_id == Person.id)
        .where(group_members.c.group_id == group.id)
        .order_by(func.lower(Person.name))
    ).all()
    rule = GroupRule(
        _load_list(group.departments),
        _load_list(group.buildings),
        _load_list(group.systems),
        tuple(p.id for p in picked),
    )
    return GroupRow(group.id, group.name, group.description, rule, tuple(p.name for p in picked))


def _find(session: Session, name: str) -> Group | None:
    return session.scalar(select(Group).where(func.lower(Group.name) == name.lower()))


def _get(session: Session, reference: str) -> Group:
    ref = reference.strip()
    group: Group | None
    if ref.startswith("#") and looks_like_id(ref):
        group = session.get(Group, parse_id(ref, "a group's id"))
    else:
        group = _find(session, ref)
    if group is None:
        raise NotFoundError(f"there is no group {quoted(ref)}; see 'itfriend groups list'")
    return group
