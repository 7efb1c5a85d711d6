"""``itfriend open WINDOW`` on the real desktop: with no itfriend running it starts the tray app
at that window; with one running, each window of the command table opens in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from itfriend.core.groups import GroupRule
from itfriend.core.services import open_services
from tests.desktop import TrayHost, app_env, wait_until
from tests.e2e.test_tray_app import itfriend, windows_named

pytestmark = pytest.mark.desktop

# Each window the table offers, the options it is opened with, and its title on the desktop.
WINDOWS = [
    ("log", ["--person", "1"], "Log a contact — itfriend"),
    ("templates", [], "Templates — itfriend"),
    ("walk-around", [], "Walk-around — itfriend"),
    ("cool-down", [], "Cool down — itfriend"),
    ("groups", ["--group", "Northerners"], "Groups — itfriend"),
    ("announce", ["--group", "Northerners"], "Announce to Northerners — itfriend"),
    ("settings", [], "Settings — itfriend"),
    ("picker", [], "Insert a template — itfriend"),
]


def test_open_starts_the_app_then_opens_every_window_in_it(
    tray_host: TrayHost, itfriend_home: Path
) -> None:
    from itfriend.core.app_commands import WINDOWS as TABLE

    assert {name for name, _, _ in WINDOWS} | {"people"} == {w.name for w in TABLE}
    services = open_services()
    jane = services.people.add("Jane Doe", building="North", email="jane@example.org")
    assert jane.id == 1
    services.groups.add("Northerners", GroupRule(buildings=("North",)))
    services.close()
    env = app_env(itfriend_home, display=tray_host.display)

    first = itfriend(env, "open", "people", "--person", "1")  # nothing running: it starts
    try:
        wait_until(lambda: tray_host.icons() or None, 20, "the itfriend icon in the tray")
        wait_until(
            lambda: windows_named(tray_host.display, "People — itfriend") or None,
            20,
            "the People window of the app it started",
        )
        for name, options, title in WINDOWS:
            opening = itfriend(env, "open", name, *options)
            assert opening.wait(timeout=20) == 0, opening.stderr.read() if opening.stderr else ""
            wait_until(
                lambda title=title: windows_named(tray_host.display, title) or None,
                20,
                f"the {title!r} window",
            )
        assert first.poll() is None  # one itfriend all along

        wrong = itfriend(env, "open", "inbox")
        assert wrong.wait(timeout=20) == 2
        assert wrong.stderr is not None and b"invalid choice: 'inbox'" in wrong.stderr.read()

        quitting = itfriend(env, "quit")
        assert quitting.wait(timeout=20) == 0
        assert first.wait(timeout=20) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    log = (itfriend_home / "logs" / "itfriend.log").read_text()
    assert "handed ['open', 'settings'] to the running itfriend" in log
