"""``PeopleIndex.patched``: rows changed elsewhere merged into an index give exactly the index a
full build of the new rows gives, and keep their place (sharing the keys) when nothing moved."""

from __future__ import annotations

import dataclasses

import pytest

from itfriend.core.people import PersonRow
from itfriend.core.people_search.index import BUILDING, LAST_CONTACT, NAME, PeopleIndex
from tests.core.people_search.test_people_index import people


def same(patched: PeopleIndex, built: PeopleIndex) -> None:
    assert [r.id for r in patched.rows] == [r.id for r in built.rows]
    assert patched.rows == built.rows and patched.by_name == built.by_name
    assert patched.keys == built.keys and patched.position == built.position
    assert {c: list(p) for c, p in patched.by_char.items()} == {
        c: list(p) for c, p in built.by_char.items()
    }


@pytest.mark.parametrize("column", [NAME, BUILDING, LAST_CONTACT])
@pytest.mark.parametrize("descending", [False, True])
def test_a_patch_gives_what_a_full_build_gives(column: int, descending: bool) -> None:
    rows = people(300)
    index = PeopleIndex.build(rows, column, descending)
    contacted = dataclasses.replace(rows[10], days_since_contact=0, last_contact=None)
    renamed = dataclasses.replace(rows[20], name="Aaron Aardvark")
    moved = dataclasses.replace(rows[30], building="Zeppelin Hangar")
    added = dataclasses.replace(rows[40], id=1_000, name="Zed New")
    changed = [contacted, renamed, moved, added]
    removed = [rows[50].id, rows[51].id]

    patched, in_place = index.patched(changed, removed)

    by_id = {row.id: row for row in rows} | {row.id: row for row in changed}
    after = [row for row_id, row in by_id.items() if row_id not in removed]
    same(patched, PeopleIndex.build(after, column, descending))
    assert not in_place
    assert index.rows[index.position[rows[20].id]] is rows[20]  # the old index is untouched


def test_a_row_that_keeps_its_place_and_key_is_patched_in_place() -> None:
    rows = people(300)
    index = PeopleIndex.build(rows, NAME)
    row = rows[7]
    contacted = dataclasses.replace(row, days_since_contact=0, overdue=not row.overdue)
    patched, in_place = index.patched([contacted])
    assert in_place and patched.keys is index.keys and patched.by_char is index.by_char
    assert patched.rows[patched.position[row.id]] is contacted
    assert index.rows[index.position[row.id]] is row
    same(patched, PeopleIndex.build([contacted if r.id == row.id else r for r in rows], NAME))


def test_a_changed_search_key_or_sort_value_is_not_in_place() -> None:
    rows: list[PersonRow] = people(50)
    by_contact = PeopleIndex.build(rows, LAST_CONTACT)
    row = next(r for r in rows if r.days_since_contact != 40)
    assert not by_contact.patched([dataclasses.replace(row, days_since_contact=40)])[1]
    by_name = PeopleIndex.build(rows, NAME)
    assert not by_name.patched([dataclasses.replace(row, role="Codebreaker")])[1]
