"""Requests to open windows, as the shell reads them: from later starts and the CLI (over the
instance socket), from the tray menu, and at a start where there is no tray to stay in."""

from __future__ import annotations

import functools
import logging
import sys
from typing import TYPE_CHECKING

from itfriend.core.app_commands import WINDOWS, OpenRequest, RequestError, read_request
from itfriend.ui.shell.tray import MenuEntry

if TYPE_CHECKING:
    from itfriend.ui.shell.navigator import Navigator
    from itfriend.ui.shell.windows import WindowManager

log = logging.getLogger(__name__)

NO_TRAY_MESSAGE = (
    "No system tray was found on this desktop, so itfriend shows its window instead. "
    "Closing the window quits itfriend."
)


def readable_request(arguments: list[str]) -> OpenRequest | None:
    """The window request in ``arguments``; None (logged) for one the app cannot read."""
    try:
        return read_request(arguments)
    except RequestError as exc:
        log.warning("ignored a request the app cannot read: %s", exc)
        return None


def window_entries(navigator: Navigator) -> list[MenuEntry]:
    """The tray menu's entries for the windows of the command table that it offers."""
    return [
        MenuEntry(window.menu_label, functools.partial(navigator.open, window.name))
        for window in WINDOWS
        if window.menu_label is not None
    ]


def open_without_tray(navigator: Navigator, windows: WindowManager, arguments: list[str]) -> None:
    """Say there is no tray, and open the window the start asked for (``itfriend open
    settings``; the People window when it asked for none, or for one the app cannot read) in
    its place: closing it quits itfriend."""
    log.warning(NO_TRAY_MESSAGE)
    print(f"itfriend: {NO_TRAY_MESSAGE}", file=sys.stderr)
    request = readable_request(arguments) or OpenRequest("people")
    navigator.open(request.window, **request.options)  # the services are loaded
    if not windows.open_keys():  # the picker is no window to close: quitting needs one
        navigator.open("people")
    for key in windows.open_keys():
        window = windows.window(key)
        if window is not None:
            window.setWindowTitle(no_tray_title(window.windowTitle()))


def no_tray_title(title: str) -> str:
    """``title`` saying there is no tray, before its " — itfriend": Qt adds the display name to
    a title that does not end with it, which would say "itfriend" twice."""
    suffix = " — itfriend"
    if title.endswith(suffix):
        return f"{title[: -len(suffix)]} (no system tray found){suffix}"
    return f"{title} (no system tray found)"
