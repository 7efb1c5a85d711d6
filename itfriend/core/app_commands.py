"""The windows of the running tray app and the requests that open them: one table, read by the
command line (``itfriend open WINDOW``), the app's socket commands and the tray menu.

It is Qt-free on purpose: the command line lists the windows without importing Qt. A request
travels to the running app as a list of words, e.g. ``["open", "people", "--person", "12"]``;
the short forms (``show``, ``pick``, ``cool-down``) and the bare window names that older starts
and desktop shortcuts send are read the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from itfriend.core.errors import UsageError
from itfriend.core.ids import parse_id

OPEN = "open"


@dataclass(frozen=True)
class WindowOption:
    """An option a window opens at: ``--person 12`` hands ``person_id=12`` to its opener.

    An ``int`` option is a record's id: read as ``core.ids.parse_id`` reads ids, so that a number
    SQLite cannot hold is refused where the request is read, not by the window's query.
    """

    flag: str
    keyword: str
    kind: type[int] | type[str]
    metavar: str
    help: str
    required: bool = False

    @property
    def what(self) -> str:
        """What the value names, for messages: "a person" for ``--person``."""
        return "a " + self.flag.lstrip("-")


@dataclass(frozen=True)
class AppWindow:
    """A window the running app can open.

    ``menu_label`` is its tray-menu entry (None: not in the menu); ``short_form`` a top-level
    command that opens it too (``itfriend show``).
    """

    name: str
    help: str
    menu_label: str | None = None
    options: tuple[WindowOption, ...] = ()
    short_form: str | None = None
    short_help: str = field(default="", compare=False)


PERSON = WindowOption("--person", "person_id", int, "ID", "open it at the person with this id")
GROUP = WindowOption("--group", "group", str, "NAME", "open it at this group")

# In the tray menu's order.
WINDOWS: tuple[AppWindow, ...] = (
    AppWindow("log", "log a contact, with a person if given", "Log a contact…", (PERSON,)),
    AppWindow(
        "people",
        "the People window, at a person if given",
        "People…",
        (PERSON,),
        short_form="show",
        short_help="open the People window",
    ),
    AppWindow("templates", "the Templates window", "Templates…"),
    AppWindow(
        "walk-around",
        "the Walk-around window, at a walk-around's building if given",
        "Walk-around…",
        (
            WindowOption(
                "--walk-around", "walk_around_id", int, "ID", "open it at this walk-around"
            ),
        ),
    ),
    AppWindow(
        "cool-down",
        "the Cool-down window, with the clipboard's ticket",
        "Cool down…",
        short_form="cool-down",
        short_help="open the Cool-down window, with the clipboard's ticket",
    ),
    AppWindow("groups", "the Groups window, at a group if given", "Groups…", (GROUP,)),
    AppWindow("settings", "the Settings dialog", "Settings…"),
    AppWindow(
        "picker",
        "the template picker, in front of the active window",
        short_form="pick",
        short_help="open the template picker in front of the active window (bind it to a key "
        "in your desktop's shortcut settings where the global hotkey cannot work, e.g. on "
        "Wayland)",
    ),
    AppWindow(
        "announce",
        "the Announce dialog for a group (in its Groups window)",
        options=(
            WindowOption("--group", "group", str, "NAME", "the group to announce to", True),
            WindowOption("--template", "template", str, "NAME", "start with this template"),
        ),
    ),
)
WINDOWS_BY_NAME = {window.name: window for window in WINDOWS}
SHORT_FORMS = {window.short_form: window for window in WINDOWS if window.short_form}


class RequestError(ValueError):
    """A request the app cannot read (a wrong option or value); the message says which."""


@dataclass(frozen=True)
class OpenRequest:
    """Open ``window`` with ``options`` (keyword to value, as its opener takes them)."""

    window: str
    options: Mapping[str, int | str] = field(default_factory=dict)


def open_arguments(window: str, options: Mapping[str, int | str | None] | None = None) -> list[str]:
    """The words that ask the running app to open ``window``; options that are None are left
    out."""
    spec = WINDOWS_BY_NAME[window]
    words = [OPEN, window]
    given = options or {}
    for option in spec.options:
        value = given.get(option.keyword)
        if value is not None:
            words += [option.flag, str(value)]
    return words


def read_request(arguments: Sequence[str]) -> OpenRequest:
    """What window ``arguments`` ask for; no words mean the People window, as a bare second
    ``itfriend`` does. Raises RequestError for a request naming no known window or option."""
    if not arguments:
        return OpenRequest("people")
    first, rest = arguments[0], list(arguments[1:])
    if first == OPEN:
        if not rest:
            raise RequestError(f"open which window? ({window_names()})")
        first, rest = rest[0], rest[1:]
    elif first in SHORT_FORMS:
        first = SHORT_FORMS[first].name
    spec = WINDOWS_BY_NAME.get(first)
    if spec is None:
        raise RequestError(f"no window called {first!r} ({window_names()})")
    return OpenRequest(spec.name, _read_options(spec, rest))


def window_names() -> str:
    return ", ".join(window.name for window in WINDOWS)


def _read_options(spec: AppWindow, words: list[str]) -> dict[str, int | str]:
    by_flag = {option.flag: option for option in spec.options}
    options: dict[str, int | str] = {}
    while words:
        flag = words.pop(0)
        option = by_flag.get(flag)
        if option is None:
            raise RequestError(f"the {spec.name} window takes no option {flag!r}")
        if not words:
            raise RequestError(f"{flag} needs a value")
        value = words.pop(0)
        if option.kind is int:
            try:
                options[option.keyword] = parse_id(value, f"{option.what}'s id")
            except UsageError as exc:
                raise RequestError(f"{flag} needs an id: {exc}") from None
        else:
            options[option.keyword] = value
    missing = [o.flag for o in spec.options if o.required and o.keyword not in options]
    if missing:
        raise RequestError(f"the {spec.name} window needs {', '.join(missing)}")
    return options
