"""The last-contact date always equals the newest interaction, whatever is done to the history."""

from datetime import timedelta

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.services import Services


def last_contact(services: Services, person_id: int):  # type: ignore[no-untyped-def]
    return services.people.row(person_id).last_contact


def test_log_edit_delete_keep_last_contact_true(services: Services, clock: FakeClock) -> None:
    person = services.people.add("Jane Doe")
    now = clock.now()
    old = services.interactions.log(person.id, "phone", at=now - timedelta(days=10))
    new = services.interactions.log(person.id, "email", at=now - timedelta(days=2))
    assert last_contact(services, person.id) == new.at

    services.interactions.edit(old.id, at=now - timedelta(hours=1))
    assert last_contact(services, person.id) == now - timedelta(hours=1)

    services.interactions.delete(old.id)
    assert last_contact(services, person.id) == new.at

    services.interactions.delete(new.id)
    assert last_contact(services, person.id) is None


def test_moving_an_interaction_updates_both_people(services: Services, clock: FakeClock) -> None:
    jane = services.people.add("Jane Doe")
    john = services.people.add("John Smith")
    interaction = services.interactions.log(jane.id, "video")
    services.interactions.edit(interaction.id, person_id=john.id)
    assert last_contact(services, jane.id) is None
    assert last_contact(services, john.id) == clock.now()


def test_an_older_contact_logged_later_does_not_move_last_contact_back(
    services: Services, clock: FakeClock
) -> None:
    person = services.people.add("Jane Doe")
    services.interactions.log(person.id, "chat")
    services.interactions.log(person.id, "phone", at=clock.now() - timedelta(days=30))
    assert last_contact(services, person.id) == clock.now()


def test_history_is_newest_first(services: Services, clock: FakeClock) -> None:
    person = services.people.add("Jane Doe")
    for days in (3, 1, 2):
        services.interactions.log(
            person.id, "chat", f"{days} days ago", at=clock.now() - timedelta(days=days)
        )
    assert [i.summary for i in services.interactions.history(person.id)] == [
        "1 days ago",
        "2 days ago",
        "3 days ago",
    ]


def test_log_many_is_all_or_nothing(services: Services) -> None:
    person = services.people.add("Jane Doe")
    with pytest.raises(NotFoundError):
        services.interactions.log_many([person.id, 999], "in-person", "walk-around")
    assert services.interactions.history(person.id) == []
    assert last_contact(services, person.id) is None


def test_bad_interactions_are_refused(services: Services, clock: FakeClock) -> None:
    person = services.people.add("Jane Doe")
    with pytest.raises(ValidationError, match="way of contact"):
        services.interactions.log(person.id, "pigeon")
    with pytest.raises(ValidationError, match="future"):
        services.interactions.log(person.id, "chat", at=clock.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="after the contact"):
        services.interactions.log(person.id, "chat", follow_up_due=clock.now())


def test_follow_up_lifecycle(services: Services, clock: FakeClock) -> None:
    person = services.people.add("Jane Doe", department="Finance")
    services.interactions.log(
        person.id,
        "in-person",
        "new laptop delivered",
        follow_up_due=clock.now() + timedelta(days=3),
    )
    [follow_up] = services.follow_ups.pending()
    assert follow_up.reason == "new laptop delivered"
    assert services.follow_ups.due() == []
    clock.advance(days=3)
    assert [f.id for f in services.follow_ups.due()] == [follow_up.id]

    services.follow_ups.snooze(follow_up.id, clock.now() + timedelta(hours=1))
    assert services.follow_ups.due() == []
    assert services.follow_ups.get(follow_up.id).state == "snoozed"
    with pytest.raises(ValidationError, match="future"):
        services.follow_ups.snooze(follow_up.id, clock.now() - timedelta(hours=1))

    clock.advance(hours=2)
    done = services.follow_ups.done(follow_up.id, log_channel="phone")
    assert done.state == "done"
    assert services.follow_ups.pending() == []
    assert last_contact(services, person.id) == clock.now()
    with pytest.raises(ValidationError, match="already done"):
        services.follow_ups.done(follow_up.id)
