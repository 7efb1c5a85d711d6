from datetime import UTC, datetime, timedelta

import pytest

from itfriend.core.errors import ValidationError
from itfriend.core.when import parse_moment

NOW = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)  # tests run with TZ=Europe/London (UTC in March)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("3d", NOW + timedelta(days=3)),
        ("1w", NOW + timedelta(weeks=1)),
        ("2h", NOW + timedelta(hours=2)),
        ("30m", NOW + timedelta(minutes=30)),
        ("tomorrow", datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
        ("next week", datetime(2026, 3, 11, 9, 0, tzinfo=UTC)),
        ("2026-03-20", datetime(2026, 3, 20, 9, 0, tzinfo=UTC)),
        ("2026-03-20 14:15", datetime(2026, 3, 20, 14, 15, tzinfo=UTC)),
    ],
)
def test_parse_moment(text: str, expected: datetime) -> None:
    assert parse_moment(text, NOW) == expected


def test_local_time_is_honoured_in_summer() -> None:
    # 1 July is BST (UTC+1): 09:00 local is 08:00 UTC.
    assert parse_moment("2026-07-01", NOW) == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_nonsense_is_refused_with_help() -> None:
    with pytest.raises(ValidationError, match="3d, 1w"):
        parse_moment("whenever", NOW)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("99999999d", "too far away"),
        ("99999999999999999999w", "too far away"),
        ("0001-01-01", "not a year I can use"),
        ("9999-12-31 23:59", "not a year I can use"),
    ],
)
def test_moments_out_of_range_are_refused_not_crashing(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_moment(text, NOW)
