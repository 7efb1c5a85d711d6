"""Rules that cannot work are refused when they are added, and a bad stored one cannot stop the
other reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import ValidationError
from itfriend.core.models import WalkAround
from itfriend.core.services import Services


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY;BYHOUR=25", "BYHOUR takes numbers from 0 to 23"),
        ("FREQ=WEEKLY;BYDAY=TU;BYMINUTE=75", "BYMINUTE takes numbers from 0 to 59"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never happens"),
    ],
)
def test_impossible_rules_are_refused_and_nothing_is_stored(
    services: Services, rule: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.walk_arounds.add("North", rule)
    assert services.walk_arounds.list() == []


def test_a_bad_stored_rule_is_skipped_and_the_others_still_come(
    services: Services, clock: FakeClock
) -> None:
    good = services.walk_arounds.add("South", "FREQ=DAILY;BYHOUR=10;BYMINUTE=0")
    with services.db.transaction() as session:  # as an older version might have stored it
        session.add(
            WalkAround(
                building="North",
                rule="FREQ=HOURLY;BYHOUR=25",
                label="",
                enabled=True,
                created_at=clock.now(),
            )
        )
    clock.advance(days=1, hours=2)
    assert [d.walk_around.id for d in services.walk_arounds.due()] == [good.id]
    next_due = services.walk_arounds.next_due()
    assert next_due is not None and next_due <= clock.now() + timedelta(days=1)
