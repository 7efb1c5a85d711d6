"""Jinja2's filters as a shared template gets them: each sized before it runs.

``|center(999999999)``, ``|indent(999999999)``, ``range(99999)|join('y' * 9999)``,
``|batch(999999999, 'x')`` or ``|format`` with a huge width would each allocate gigabytes in one
call, which no clock can interrupt. Each such filter is checked from its arguments first; every
filter's result is counted against the render's limits after; filters that turn their value into
text refuse a Python object (which would show as its repr with a memory address).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import update_wrapper
from typing import Any

from jinja2.filters import make_attrgetter

from itfriend.core.templates.errors import TemplateError
from itfriend.core.templates.guards import (
    first_missing,
    refuse_heavy,
    refuse_unprintable,
    text_size,
)
from itfriend.core.templates.limits import refuse_size, stop_if_over
from itfriend.core.templates.methods import check_join, check_percent, replaced_size

# Filters an email in plain text has no use for, taken out of the sandbox: ``urlize`` runs a
# regular expression that is quadratic on runs of dots and holds the GIL (so the GUI froze with
# it); ``xmlattr`` writes HTML.
REMOVED_FILTERS = frozenset({"urlize", "xmlattr"})
MIN_WRAP = 10

Check = Callable[[Any, tuple[Any, ...], dict[str, Any]], tuple[Any, tuple[Any, ...]]]

# Filters that turn their value into text: an internal object must not reach them.
_TEXT_FILTERS = frozenset(
    {
        "capitalize",
        "center",
        "e",
        "escape",
        "forceescape",
        "format",
        "indent",
        "lower",
        "pprint",
        "replace",
        "safe",
        "string",
        "striptags",
        "title",
        "tojson",
        "trim",
        "truncate",
        "upper",
        "urlencode",
        "wordcount",
        "wordwrap",
    }
)


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _number(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _center(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    refuse_size(max(text_size(value), _number(_arg(args, kwargs, 0, "width", 80))), "a text")


def _indent(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    width = _arg(args, kwargs, 0, "width", 4)
    step = len(width) if isinstance(width, str) else _number(width)
    text = str(value)
    refuse_size(len(text) + (text.count("\n") + 1) * step, "a text")


def _wordwrap(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    text = str(value)
    width = _number(_arg(args, kwargs, 0, "width", 79))
    if width < MIN_WRAP:  # ``textwrap`` takes seconds on tabs wrapped 1 wide: past the clock
        raise TemplateError(f"'| wordwrap' wraps at {MIN_WRAP} characters or more in a template")
    wrap = _arg(args, kwargs, 2, "wrapstring", None) or "\n"
    breaks = min(len(text), len(text) // width + text.count(" ") + text.count("\n") + 1)
    refuse_size(len(text) + breaks * len(str(wrap)), "a text")


def _replace(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    old = str(_arg(args, kwargs, 0, "old", ""))
    new = str(_arg(args, kwargs, 1, "new", ""))
    refuse_size(replaced_size(str(value), old, new), "a text")


def _format(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    check_percent(str(value), kwargs or args)


def _count(name: str, index: int) -> Callable[[Any, tuple[Any, ...], dict[str, Any]], None]:
    def check(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        refuse_size(_number(_arg(args, kwargs, index, name, 0)), "a list")

    return check


def _sum(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Summing lists or texts copies them again at every step: numbers only.
    start = _arg(args, kwargs, 1, "start", 0)
    if not isinstance(start, int | float):
        raise TemplateError("'| sum' adds numbers only in a template")


def _tojson(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    indent = _arg(args, kwargs, 0, "indent", None)
    if indent is not None and (not isinstance(indent, int) or indent > 8):
        raise TemplateError("'| tojson' indents by at most 8 spaces in a template")


_CHECKS: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], None]] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "replace": _replace,
    "format": _format,
    "batch": _count("linecount", 0),
    "slice": _count("slices", 0),
    "sum": _sum,
    "tojson": _tojson,
}


def _checked_join(
    head: tuple[Any, ...], value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[list[Any], tuple[Any, ...], dict[str, Any]]:
    """``| join``'s items, checked; with ``attribute``, the attributes are taken first, so that
    what is joined is what was checked (``[[big]] * 5000 | join(attribute=0)``)."""
    separator = str(_arg(rest, kwargs, 0, "d", ""))
    attribute = _arg(rest, kwargs, 1, "attribute", None)
    if attribute is None:
        return check_join(separator, value), rest, kwargs
    getter = make_attrgetter(head[0].environment, attribute)
    items = check_join(separator, (getter(item) for item in value))
    return items, (separator,), {}


def _guard(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (the filter ``name``) checked before it runs and sized after."""
    special = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    check = _CHECKS.get(name)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        stop_if_over()
        head, value, rest = args[:special], args[special], args[special + 1 :]
        # A missing argument is asked for, instead of failing on it in an odd way (or, for
        # ``wordwrap``, looping on it); ``default``'s argument is only used when needed.
        missing = None if name in ("default", "d") else first_missing((*rest, *kwargs.values()))
        if missing is not None:
            return missing
        if name in _TEXT_FILTERS:  # first: the checks below make text of the value
            refuse_unprintable(value, f"'| {name}'")
        if name == "join":
            value, rest, kwargs = _checked_join(head, value, rest, kwargs)
        elif check is not None:
            check(value, rest, kwargs)
        result = function(*head, value, *rest, **kwargs)
        if isinstance(result, str | list | tuple):
            refuse_size(len(result), "a text" if isinstance(result, str) else "a list")
        return refuse_heavy(result)

    update_wrapper(guarded, function)
    return guarded


def guarded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Every filter of ``filters``, guarded."""
    return {
        name: _guard(name, function)
        for name, function in filters.items()
        if name not in REMOVED_FILTERS
    }
