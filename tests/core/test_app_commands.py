"""The one table of the app's windows: what the CLI sends is what the running app reads."""

from __future__ import annotations

import pytest

from itfriend.core.app_commands import (
    WINDOWS,
    OpenRequest,
    RequestError,
    open_arguments,
    read_request,
)


def test_every_window_with_its_options_travels_to_the_app_and_back() -> None:
    for window in WINDOWS:
        options: dict[str, int | str] = {
            option.keyword: 7 if option.kind is int else "North" for option in window.options
        }
        assert read_request(open_arguments(window.name, options)) == OpenRequest(
            window.name, options
        ), window.name


def test_options_left_out_are_not_sent() -> None:
    assert open_arguments("people", {"person_id": None}) == ["open", "people"]
    assert open_arguments("people", {"person_id": 12}) == ["open", "people", "--person", "12"]


def test_short_forms_bare_names_and_no_words_open_their_windows() -> None:
    assert read_request([]) == OpenRequest("people")
    assert read_request(["show"]) == OpenRequest("people")
    assert read_request(["pick"]) == OpenRequest("picker")
    assert read_request(["cool-down"]) == OpenRequest("cool-down")
    # What desktop shortcuts of earlier versions send.
    assert read_request(["walk-around"]) == OpenRequest("walk-around")
    assert read_request(["groups"]) == OpenRequest("groups")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["open"], "open which window?"),
        (["open", "inbox"], "no window called 'inbox'"),
        (["changed"], "no window called 'changed'"),
        (["open", "people", "--group", "North"], "takes no option '--group'"),
        (["open", "people", "--person"], "--person needs a value"),
        (["open", "people", "--person", "twelve"], "--person needs an id"),
        # Too large for SQLite: refused here, not by the window's query (OverflowError).
        (["open", "people", "--person", str(2**70)], "ids run from 1 to"),
        (["open", "log", "--person", "0"], "ids run from 1 to"),
        (["open", "walk-around", "--walk-around", str(2**63)], "not a walk-around's id"),
        (["open", "announce"], "the announce window needs --group"),
    ],
)
def test_requests_the_app_cannot_read_say_why(arguments: list[str], message: str) -> None:
    with pytest.raises(RequestError, match=message):
        read_request(arguments)


def test_the_menu_offers_the_windows_in_the_tray_menus_order() -> None:
    labels = [window.menu_label for window in WINDOWS if window.menu_label is not None]
    assert labels == [
        "Log a contact…",
        "People…",
        "Templates…",
        "Walk-around…",
        "Cool down…",
        "Groups…",
        "Settings…",
    ]
