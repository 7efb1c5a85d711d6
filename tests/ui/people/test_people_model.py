"""The People table model filters and sorts like a plain filter of the five fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from itfriend.core.people_search.index import BUILDING, LAST_CONTACT, NAME
from itfriend.ui.people.model import PeopleTableModel
from tests.core.people_search.test_people_index import people, plain_filter


def test_typing_and_deleting_in_the_model_follows_the_plain_filter(qapp: QApplication) -> None:
    rows = people()
    model = PeopleTableModel()
    model.set_rows(rows)
    for query in ("ana ga", "north tower 3", "Zoë Mü", "josé.müller", "x e", "an  ana"):
        typed = [query[: n + 1] for n in range(len(query))]
        for text in [*typed, *reversed(typed[:-1]), ""]:
            model.set_filter(text)
            shown = [model.person_at(row).id for row in range(model.rowCount())]  # type: ignore[union-attr]
            assert sorted(shown) == sorted(plain_filter(rows, text)), repr(text)
        # Pasting adds several words at once to a shown filter.
        for text in ("an", "an o'brien 1", "an o'brien 12 nurse", "z", "z ng ana"):
            model.set_filter(text)
            shown = [model.person_at(row).id for row in range(model.rowCount())]  # type: ignore[union-attr]
            assert sorted(shown) == sorted(plain_filter(rows, text)), repr(text)
        model.sort(LAST_CONTACT, Qt.SortOrder.DescendingOrder)
        model.set_filter("an")
        assert model.rowCount() == len(plain_filter(rows, "an"))
        model.sort(BUILDING, Qt.SortOrder.AscendingOrder)
        assert model.rowCount() == len(plain_filter(rows, "an"))


def test_the_model_answers_only_the_roles_it_serves(qapp: QApplication) -> None:
    model = PeopleTableModel()
    model.set_rows(people(10))
    index = model.index(0, NAME)
    for role in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.EditRole,
    ):
        assert model.data(index, role) is None
    last = model.index(0, LAST_CONTACT).data()
    days = model.person_at(0).days_since_contact  # type: ignore[union-attr]
    expected = {None: "never", 0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
    assert last == expected
