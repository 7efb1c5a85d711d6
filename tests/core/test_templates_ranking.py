"""Which templates the picker shows first: usage order with nothing typed, then the best match."""

from __future__ import annotations

from datetime import UTC, datetime

from itfriend.core.templates import TemplateRecord
from itfriend.core.templates.ranking import build_index, named_exactly, rank, usage_order


def record(
    number: int,
    name: str,
    abbreviation: str = "",
    body: str = "",
    use_count: int = 0,
    last_used_at: datetime | None = None,
) -> TemplateRecord:
    return TemplateRecord(
        id=number,
        name=name,
        category="General",
        subject=f"About {name.lower()}",
        body=body,
        abbreviation=abbreviation,
        use_count=use_count,
        last_used_at=last_used_at,
    )


RECORDS = [
    record(1, "Printer moved", "prn", "Your printer now sits on floor {{ floor }}."),
    record(2, "Password reset", "pwd", "Like a teapot by the river.", use_count=1),
    record(3, "Quick thanks", "thx", "Thanks!", use_count=3),
    record(
        4,
        "Laptop delivery",
        "lapdel",
        "Your laptop is ready.",
        use_count=1,
        last_used_at=datetime(2026, 3, 1, tzinfo=UTC),
    ),
]


def names(found: list[TemplateRecord]) -> list[str]:
    return [r.name for r in found]


def test_nothing_typed_gives_most_used_then_most_recent_then_by_name() -> None:
    index = build_index(RECORDS)
    assert names(rank(index, "  ")) == [
        "Quick thanks",
        "Laptop delivery",
        "Password reset",
        "Printer moved",
    ]
    assert names(rank(index, "", limit=2)) == ["Quick thanks", "Laptop delivery"]
    assert sorted(RECORDS, key=usage_order) == list(index.records)


def test_an_exact_abbreviation_wins_and_a_typo_or_the_body_still_finds_one() -> None:
    index = build_index(RECORDS)
    assert names(rank(index, "lapdel"))[0] == "Laptop delivery"
    assert names(rank(index, "PRN"))[0] == "Printer moved"
    assert names(rank(index, "pasword rset"))[0] == "Password reset"
    assert names(rank(index, "teapot river"))[0] == "Password reset"
    assert rank(index, "zzqqxx") == []


def test_named_exactly_means_the_abbreviation_or_the_whole_name() -> None:
    laptop = RECORDS[3]
    assert named_exactly(laptop, " LAPDEL ")
    assert named_exactly(laptop, "laptop delivery")
    assert not named_exactly(laptop, "laptop")
    assert not named_exactly(laptop, "")
