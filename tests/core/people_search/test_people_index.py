"""The People search index gives exactly what a plain filter of the five fields gives."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from itfriend.core.people import PersonRow
from itfriend.core.people_search.index import DEPARTMENT, NAME, PeopleIndex, char_positions

FIRST = ["Ada", "Anna", "Ana", "José", "Zoë", "Émilie", "Jürgen", "Ştefan", "Straße", "Ian"]
LAST = ["Müller", "García", "Smith", "Ng", "O'Brien", "Çelik", "Lovelace", "Anand", "Dvořák"]
ROLES = ["", "Analyst", "Head of IT", "Nurse", "Architect"]
DEPARTMENTS = ["Finance", "Human Resources", "Recherche et Développement", "Sales"]
BUILDINGS = ["North Tower", "Annex", "Bâtiment B", "Main Building", ""]


def people(count: int = 400, seed: int = 3) -> list[PersonRow]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = None if number % 7 == 0 else f"{first}.{last}.{number}@Example.org".lower()
        rows.append(
            PersonRow(
                id=number,
                name=f"{first} {last}",
                email=email,
                role=rng.choice(ROLES),
                department=rng.choice(DEPARTMENTS),
                building=rng.choice(BUILDINGS),
                floor="",
                room="",
                phone="",
                cadence_days=None,
                last_contact=None,
                days_since_contact=rng.choice([None, 0, 1, 5, 40]),
                overdue=False,
            )
        )
    return rows


def plain_filter(rows: Sequence[PersonRow], text: str) -> list[int]:
    """The meaning of a search: every typed word is in one of the five fields."""
    words = text.lower().split()
    return [
        row.id
        for row in rows
        if all(
            any(
                word in field.lower()
                for field in (row.name, row.email or "", row.role, row.department, row.building)
            )
            for word in words
        )
    ]


QUERIES = [
    *"abcdefghijklmnopqrstuvwxyz0123456789.@'-",
    *"éëüçşřâßñ€",  # accents, some in nobody's fields
    "an",
    "na",
    "ng",
    "mü",
    "MÜ",
    "zoë",
    "zoe",
    "é",
    "É",
    "dév",
    "straße",
    "dvořák",
    "ana an",
    "an ana",
    "a a",
    "anna ana",
    "ana g",
    "ana ga",
    "north tower",
    "tower north",
    "o'brien",
    "josé.müller",
    "@example.org",
    "example org",
    "smith finance 1",
    "head of it",
    "nurse annex",
    "x y",
    "a q",
    "jürgen 9",
]


@pytest.mark.parametrize(("column", "descending"), [(NAME, False), (DEPARTMENT, True)])
def test_matching_gives_what_a_plain_filter_gives(column: int, descending: bool) -> None:
    rows = people()
    index = PeopleIndex.build(rows, column, descending)
    for query in QUERIES:
        found = [index.rows[position].id for position in index.matching(query.lower().split())]
        assert sorted(found) == sorted(plain_filter(rows, query)), query
        assert list(index.matching(query.lower().split())) == sorted(
            index.position[i] for i in found
        ), f"{query}: positions are not ascending"


def test_matching_among_keeps_only_rows_from_among() -> None:
    index = PeopleIndex.build(people())
    among = [p for p in range(len(index.rows)) if index.rows[p].department == "Sales"]
    found = index.matching(["a"], among)
    assert list(found) == [p for p in among if "a" in index.keys[p]]
    assert 0 < len(found) < len(index.matching(["a"]))


def test_each_character_lists_exactly_the_keys_holding_it() -> None:
    index = PeopleIndex.build(people(120))
    table = char_positions(index.keys)
    every_char = set("".join(index.keys)) - {" ", "\n"}
    assert set(table) == every_char
    for char, positions in table.items():
        assert list(positions) == [i for i, key in enumerate(index.keys) if char in key], char
    assert isinstance(table["@"], range) is all("@" in key for key in index.keys)
    assert table["ü"] and table["ř"]


def test_an_empty_index_matches_nothing() -> None:
    assert list(PeopleIndex.empty().matching(["a"])) == []
    assert list(PeopleIndex.empty().matching(["ab"])) == []
