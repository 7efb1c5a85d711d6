"""What the Groups window reads in one call each: the groups with counts, and rule choices."""

from __future__ import annotations

from itfriend.core.groups import GroupRule
from itfriend.core.groups.overview import load_choices, load_groups
from itfriend.core.services import Services


def test_each_group_comes_with_how_many_people_it_means_now(services: Services) -> None:
    people = services.people
    people.add("Ann Sales", department="Sales", systems=["CRM"])
    people.add("Bob Sales", department="Sales")
    di = people.add("Di Ops", department="Ops")
    sales = services.groups.add("Sales", GroupRule(departments=("sales",)))
    crm = services.groups.add("CRM and Di", GroupRule(systems=("CRM",), member_ids=(di.id,)))

    data = load_groups(services)
    assert sorted(row.name for row in data.rows) == ["CRM and Di", "Sales"]
    assert data.counts == {sales.id: 2, crm.id: 2}

    people.add("Cy Sales", department="Sales")
    assert load_groups(services).counts[sales.id] == 3


def test_choices_are_the_names_a_rule_can_use_and_the_people_to_pick(services: Services) -> None:
    services.people.add("Ann Sales", department="Sales", building="North", systems=["CRM"])
    services.people.add("Di Ops", department="Ops", email="di@example.org")

    departments, buildings, systems, candidates = load_choices(services)
    assert list(departments) == ["Ops", "Sales"]
    assert list(buildings) == ["North"]
    assert list(systems) == ["CRM"]
    assert [c.label for c in candidates] == ["Ann Sales — Sales", "Di Ops — Ops · di@example.org"]
