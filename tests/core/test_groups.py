"""Groups: rules combine with AND across fields and OR within one, plus hand-picked members."""

from __future__ import annotations

import pytest

from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.groups import GroupRule, GroupService
from itfriend.core.services import Services


@pytest.fixture
def groups(services: Services) -> GroupService:
    return GroupService(services.db, services.clock, services.settings)


@pytest.fixture
def staff(services: Services) -> dict[str, int]:
    people = services.people
    rows = [
        people.add(
            "Ann Sales",
            department="Sales",
            building="North",
            systems=["CRM"],
            email="ann@example.org",
        ),
        people.add("Bob Sales", department="sales", building="South", systems=["Payroll"]),
        people.add("Cy Finance", department="Finance", building="North", systems=["CRM", "ERP"]),
        people.add("Di Ops", department="Ops", building="North"),
        people.add("Ed Finance", department="Finance", building="South"),
    ]
    return {row.name.split()[0]: row.id for row in rows}


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.name for r in rows]


def test_values_of_one_field_combine_with_or(groups: GroupService, staff: dict[str, int]) -> None:
    rule = GroupRule(departments=("Sales", "Finance"))
    assert names(groups.preview(rule)) == ["Ann Sales", "Bob Sales", "Cy Finance", "Ed Finance"]


def test_fields_combine_with_and(groups: GroupService, staff: dict[str, int]) -> None:
    rule = GroupRule(departments=("Sales", "Finance"), buildings=("North",))
    assert names(groups.preview(rule)) == ["Ann Sales", "Cy Finance"]
    rule = GroupRule(buildings=("north",), systems=("crm",))
    assert names(groups.preview(rule)) == ["Ann Sales", "Cy Finance"]


def test_hand_picked_members_are_added_to_the_rule(
    groups: GroupService, staff: dict[str, int]
) -> None:
    row = groups.add("CRM users", GroupRule(systems=("CRM",), member_ids=(staff["Di"],)))
    assert names(groups.members("crm USERS")) == ["Ann Sales", "Cy Finance", "Di Ops"]
    assert row.member_names == ("Di Ops",)
    assert "uses CRM" in row.describe() and "Di Ops" in row.describe()


def test_hand_picked_only_group(groups: GroupService, staff: dict[str, int]) -> None:
    groups.add("Pilot", GroupRule(member_ids=(staff["Ed"], staff["Bob"])))
    assert names(groups.members("Pilot")) == ["Bob Sales", "Ed Finance"]


def test_empty_rule_is_refused_and_matches_nobody(
    groups: GroupService, staff: dict[str, int]
) -> None:
    with pytest.raises(ValidationError, match="needs a department"):
        groups.add("Everyone?", GroupRule(departments=("  ",)))
    assert groups.preview(GroupRule()) == []
    assert groups.list() == []


def test_names_are_unique_and_members_must_exist(
    groups: GroupService, staff: dict[str, int]
) -> None:
    groups.add("Sales", GroupRule(departments=("Sales",)))
    with pytest.raises(ValidationError, match="already a group"):
        groups.add("SALES", GroupRule(buildings=("North",)))
    with pytest.raises(NotFoundError, match="#9999"):
        groups.add("Ghosts", GroupRule(member_ids=(9999,)))
    assert [g.name for g in groups.list()] == ["Sales"]


def test_edit_replaces_rule_and_renames(groups: GroupService, staff: dict[str, int]) -> None:
    row = groups.add("North", GroupRule(buildings=("North",), member_ids=(staff["Ed"],)))
    edited = groups.edit(
        f"#{row.id}", name="North CRM", rule=GroupRule(buildings=("North",), systems=("CRM",))
    )
    assert edited.name == "North CRM" and edited.rule.member_ids == ()
    assert names(groups.members("North CRM")) == ["Ann Sales", "Cy Finance"]
    with pytest.raises(NotFoundError):
        groups.get("North")


def test_removing_a_person_or_group(
    groups: GroupService, services: Services, staff: dict[str, int]
) -> None:
    groups.add("Pilot", GroupRule(member_ids=(staff["Ed"], staff["Bob"])))
    services.people.remove(staff["Ed"])
    assert names(groups.members("Pilot")) == ["Bob Sales"]
    assert groups.remove("pilot") == "Pilot"
    with pytest.raises(NotFoundError, match="groups list"):
        groups.members("Pilot")


def test_members_is_one_query_at_scale(groups: GroupService, services: Services) -> None:
    from itfriend.core.models import Person

    now = services.clock.now()
    with services.db.transaction() as session:
        session.add_all(
            Person(
                name=f"P{i:05}",
                department=f"D{i % 50}",
                building=f"B{i % 7}",
                created_at=now,
                updated_at=now,
            )
            for i in range(5000)
        )
    statements: list[str] = []
    from sqlalchemy import event

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(services.db.engine, "before_cursor_execute", count)
    try:
        rows = groups.preview(GroupRule(departments=("D1", "D2"), buildings=("B3",)))
    finally:
        event.remove(services.db.engine, "before_cursor_execute", count)
    expected = [i for i in range(5000) if i % 50 in (1, 2) and i % 7 == 3]
    assert names(rows) == [f"P{i:05}" for i in expected]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
