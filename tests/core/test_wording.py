"""Counts read "1 person", "2 people": one helper for the tray, the windows and the CLI."""

from __future__ import annotations

from itfriend.core.wording import plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert plural(1, "visit") == "1 visit"
    assert plural(0, "visit") == "0 visits"
    assert plural(2, ".eml file") == "2 .eml files"


def test_an_irregular_plural_is_named() -> None:
    assert plural(1, "person", "people") == "1 person"
    assert plural(5, "person", "people") == "5 people"
    assert plural(2, "bad entry", "bad entries") == "2 bad entries"
