from datetime import timedelta

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import AmbiguousError, NotFoundError, ValidationError
from itfriend.core.services import Services


def test_add_and_read_back_every_field(services: Services) -> None:
    row = services.people.add(
        "Jane Doe",
        preferred_name="Janie",
        email="Jane@Example.org",
        phone="555-0101",
        role="Accountant",
        department="Finance",
        building="North",
        floor="2",
        room="214",
        notes="Uses two monitors",
        personal_notes="Dog called Biscuit",
        birthday="1985-06-01",
        cadence_days=14,
        systems=["CRM", "Payroll", "crm"],
    )
    person = services.people.get(row.id)
    assert person.email == "jane@example.org"
    assert person.first_name == "Janie"
    assert [s.name for s in person.systems] == ["CRM", "Payroll"]
    assert person.birthday is not None and person.birthday.isoformat() == "1985-06-01"
    assert row.cadence_days == 14 and row.last_contact is None


def test_line_ends_are_stored_as_plain_line_breaks_on_add_and_edit(services: Services) -> None:
    """Issue 13 §3: a "\\r" kept would come back from an export as "\\n"."""
    row = services.people.add(
        "Jane Doe", notes="Windows\r\nline", personal_notes="Mac\rline", systems=["A\r\nB"]
    )
    person = services.people.get(row.id)
    assert (person.notes, person.personal_notes) == ("Windows\nline", "Mac\nline")
    assert [s.name for s in person.systems] == ["A\nB"]

    services.people.edit(row.id, notes="one\r\r\ntwo\r", role="Lead\rDesk")
    person = services.people.get(row.id)
    assert (person.notes, person.role) == ("one\n\ntwo", "Lead\nDesk")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "not an email"),
        ({"cadence_days": 0}, "between 1 and 3650"),
        ({"cadence_days": "weekly"}, "number of days"),
        ({"birthday": "1st of May"}, "not a date"),
        ({"notes": "x" * 20_001}, "too long"),
    ],
)
def test_bad_fields_are_refused_with_a_reason(
    services: Services, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.people.add("Someone", **fields)
    assert services.people.list() == []


def test_empty_name_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError, match="needs a name"):
        services.people.add("   ")


def test_duplicate_email_is_refused_and_nothing_changes(services: Services) -> None:
    services.people.add("Jane Doe", email="jane@example.org")
    with pytest.raises(ValidationError, match="already has the email"):
        services.people.add("Janet Doe", email="JANE@example.org")
    assert [r.name for r in services.people.list()] == ["Jane Doe"]


def test_resolve_by_id_email_and_unique_fragment(services: Services) -> None:
    jane = services.people.add("Jane Doe", email="jane@example.org")
    john = services.people.add("John Smith")
    services.people.add("Joan Smithers")
    assert services.people.resolve(str(jane.id)) == jane.id
    assert services.people.resolve("JANE@example.org") == jane.id
    assert services.people.resolve("doe") == jane.id
    assert services.people.resolve("john smith") == john.id  # exact beats fragment
    with pytest.raises(AmbiguousError) as excinfo:
        services.people.resolve("smith")
    assert len(excinfo.value.candidates) == 2
    assert "John Smith" in str(excinfo.value) and "Joan Smithers" in str(excinfo.value)
    with pytest.raises(NotFoundError):
        services.people.resolve("nobody")
    with pytest.raises(NotFoundError):
        services.people.resolve("999")


def test_search_matches_name_email_department_and_building(services: Services) -> None:
    services.people.add("Jane Doe", department="Finance", building="North")
    services.people.add("Raj Patel", email="raj@school.example", building="Science Block")
    services.people.add("Ann Lee", role="Head of 100% Maths")
    assert [r.name for r in services.people.list(search="finance")] == ["Jane Doe"]
    assert [r.name for r in services.people.list(search="SCHOOL")] == ["Raj Patel"]
    assert [r.name for r in services.people.list(search="science")] == ["Raj Patel"]
    assert [r.name for r in services.people.list(search="100%")] == ["Ann Lee"]
    assert services.people.list(search="_") == []


def test_edit_and_remove(services: Services) -> None:
    row = services.people.add("Jane Doe", systems=["CRM"])
    services.interactions.log(row.id, "phone", "hello")
    edited = services.people.edit(row.id, department="HR", systems=["Email"])
    assert edited.department == "HR"
    assert [s.name for s in services.people.get(row.id).systems] == ["Email"]
    assert services.people.remove(row.id) == "Jane Doe"
    assert services.people.list() == []
    assert services.interactions.history(row.id) == []


def test_overdue_uses_person_cadence_then_default(services: Services, clock: FakeClock) -> None:
    services.settings.set("contact.cadence_days", 30)
    weekly = services.people.add("Weekly Person", cadence_days=7)
    monthly = services.people.add("Monthly Person")
    services.interactions.log(weekly.id, "chat")
    services.interactions.log(monthly.id, "chat")
    clock.advance(days=7)
    assert services.people.overdue() == []
    clock.advance(days=1)
    assert [r.name for r in services.people.overdue()] == ["Weekly Person"]
    assert services.people.row(weekly.id).days_since_contact == 8
    clock.advance(days=23)
    assert {r.name for r in services.people.overdue()} == {"Weekly Person", "Monthly Person"}
    assert services.people.count_overdue() == 2
    assert [r.name for r in services.people.list(overdue_only=True)] == [
        "Monthly Person",
        "Weekly Person",
    ]
    # Changing the default cadence applies at once to people without their own.
    services.settings.set("contact.cadence_days", 60)
    assert [r.name for r in services.people.overdue()] == ["Weekly Person"]


def test_never_contacted_people_count_from_when_they_were_added(
    services: Services, clock: FakeClock
) -> None:
    services.people.add("New Starter", cadence_days=10)
    clock.advance(days=10)
    assert services.people.overdue() == []
    clock.advance(days=1)
    overdue = services.people.overdue()
    assert [r.name for r in overdue] == ["New Starter"]
    assert overdue[0].days_since_contact is None


def test_overdue_list_is_longest_without_contact_first(
    services: Services, clock: FakeClock
) -> None:
    a = services.people.add("A", cadence_days=1)
    b = services.people.add("B", cadence_days=1)
    services.interactions.log(b.id, "chat", at=clock.now() - timedelta(days=5))
    services.interactions.log(a.id, "chat", at=clock.now() - timedelta(days=2))
    assert [r.name for r in services.people.overdue()] == ["B", "A"]


def test_a_system_name_with_a_semicolon_is_refused(services: Services) -> None:
    # ";" separates systems in a CSV cell: "x;=1+1" would come back from an export as two.
    with pytest.raises(ValidationError, match="a system name cannot hold ';'"):
        services.people.add("Ann", systems=["x;=1+1"])
    assert services.people.list() == []
