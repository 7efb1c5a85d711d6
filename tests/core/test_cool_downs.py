"""Cool-down lengths and the CoolDownService, with a FakeClock moving time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.services import Services
from itfriend.core.tone import cool_down_minutes

ANGRY = "THIS IS THE THIRD TIME THE PRINTER HAS FAILED. You people are useless!!"
CALM = "Hi, could you look at the printer in room 4 when you have a moment? Thanks"


def test_length_grows_with_heat_between_the_bounds() -> None:
    assert cool_down_minutes(0, 2, 15) == 2
    assert cool_down_minutes(100, 2, 15) == 15
    assert cool_down_minutes(50, 2, 12) == 7
    assert cool_down_minutes(250, 2, 15) == 15
    assert cool_down_minutes(-5, 2, 15) == 2
    lengths = [cool_down_minutes(h, 2, 15) for h in range(0, 101, 10)]
    assert lengths == sorted(lengths)


def test_bad_bounds_are_a_user_error() -> None:
    with pytest.raises(ValidationError, match=r"cooldown\.min_minutes"):
        cool_down_minutes(50, 20, 10)


def test_start_uses_the_heat_and_the_settings(services: Services, clock: FakeClock) -> None:
    services.settings.update({"cooldown.min_minutes": 3, "cooldown.max_minutes": 20})
    hot = services.cool_downs.start("#1042", ANGRY)
    cool = services.cool_downs.start("#1043", CALM)
    assert hot.heat > cool.heat
    assert hot.started_at == clock.now()
    assert hot.minutes == cool_down_minutes(hot.heat, 3, 20)
    assert cool.minutes == 3
    assert hot.ends_at == clock.now() + timedelta(minutes=hot.minutes)
    assert services.cool_downs.get(hot.id).ticket_text == ANGRY


def test_several_run_at_once_and_next_end_is_the_soonest(
    services: Services, clock: FakeClock
) -> None:
    first = services.cool_downs.start("a", ANGRY, minutes=10)
    second = services.cool_downs.start("b", CALM, minutes=4)
    assert [c.id for c in services.cool_downs.running()] == [second.id, first.id]
    assert services.cool_downs.next_end() == second.ends_at
    assert services.cool_downs.due() == []
    clock.advance(minutes=5)
    assert [c.id for c in services.cool_downs.due()] == [second.id]
    assert services.cool_downs.get(second.id).remaining(clock.now()) == timedelta(0)
    assert services.cool_downs.get(first.id).remaining(clock.now()) == timedelta(minutes=5)
    services.cool_downs.end(second.id)
    assert services.cool_downs.next_end() == first.ends_at
    services.cool_downs.replied(first.id, draft="Hi Sam, I'm on my way.")
    assert services.cool_downs.next_end() is None
    assert services.cool_downs.running() == []
    assert services.cool_downs.get(first.id).draft == "Hi Sam, I'm on my way."
    assert services.cool_downs.get(first.id).state == "replied"


def test_replying_early_is_allowed_once(services: Services) -> None:
    row = services.cool_downs.start("early", ANGRY)
    assert services.cool_downs.replied(row.id).state == "replied"
    with pytest.raises(ValidationError, match="already replied"):
        services.cool_downs.replied(row.id)
    with pytest.raises(ValidationError):
        services.cool_downs.end(row.id)


def test_drafts_are_kept_while_running(services: Services) -> None:
    row = services.cool_downs.start("d", ANGRY)
    services.cool_downs.save_draft(row.id, "Hi Jo,")
    assert services.cool_downs.get(row.id).draft == "Hi Jo,"
    assert services.cool_downs.get(row.id).state == "running"


def test_bad_input_is_refused_and_nothing_is_saved(services: Services) -> None:
    with pytest.raises(ValidationError, match="paste the ticket"):
        services.cool_downs.start("x", "   ")
    with pytest.raises(ValidationError):
        services.cool_downs.start("x", ANGRY, minutes=-1)
    with pytest.raises(NotFoundError):
        services.cool_downs.end(999)
    assert services.cool_downs.running() == []
