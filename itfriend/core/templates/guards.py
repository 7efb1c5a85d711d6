"""Checks made before a template's operation runs: how big its result would be, and whether it
would turn a Python object (a function, a helper) into text.

Each amplifying operation a template can reach (``*``, ``+``, ``%``, ``~``, the filters and the
text methods that pad, repeat, join or replace) is sized from its operands first and refused by
``refuse_size`` when the result would be too large, so that nothing is allocated for it. Text made
of an internal object would show its ``repr`` with a memory address; that is refused too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from jinja2 import Undefined

from itfriend.core.templates.errors import TemplateError
from itfriend.core.templates.limits import MAX_VALUE, refuse_size, stop_if_over

_PLAIN = (str, int, float, bool, date, datetime, time, type(None), Undefined)
# Dict views hold what their dict holds: ``dict(a=x, b=x).values()`` shares ``x`` twice.
_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))
_CONTAINERS = (list, tuple, dict, set, frozenset, *_VIEWS)
# A repr with an address, as it would read in a message (an error code such as 0x80070005 is not).
# Any repr ending in an address (``<function f.<locals>.g at 0x7f...>``), and a class's repr.
REPR = re.compile(r" at 0x[0-9a-fA-F]{6,}>|<class '[^'\n]*'>")


def _now_and_then(count: int) -> None:
    # These walks may take a while over a big list: let a limit gone past stop them.
    if count & 4095 == 0:
        stop_if_over()


def _items(value: Any) -> Iterable[Any]:
    return [*value.keys(), *value.values()] if isinstance(value, dict) else value


def is_plain(value: Any) -> bool:
    """Whether ``value`` reads as text an email may hold: no function, helper or other object.

    Containers are looked into, each one once however often it is repeated (``[big] * 9999``).
    """
    seen: set[int] = set()
    todo = [(value, False)]
    while todo:
        item, inside = todo.pop()
        _now_and_then(len(todo))
        if inside and isinstance(item, date | time):
            return False  # shown by its repr inside a list: ``datetime.date(2026, 12, 1)``
        if isinstance(item, Undefined):
            # Shown by its repr ("Undefined") in a list or by pprint, it would not count as
            # used: as text it does, so that the missing value is asked for, never shown.
            str(item)
            continue
        if isinstance(item, _PLAIN) or type(item).__name__ == "ValueGroup":
            continue
        if not isinstance(item, _CONTAINERS):
            return False
        if id(item) not in seen:
            seen.add(id(item))
            todo.extend((child, True) for child in _items(item))
    return True


def refuse_internal(value: Any, where: str = "") -> Any:
    """``value``, or TemplateError when it is a Python object that would show as its repr."""
    if not is_plain(value):
        kind = "a function" if callable(value) else "a Python object"
        place = f" in {where}" if where else ""
        raise TemplateError(
            f"it shows {kind}{place}, not a value (did you forget the brackets of a call, "
            "or '| list'?)"
        )
    return value


def text_size(value: Any, enough: int = MAX_VALUE + 1) -> int:
    """How many characters ``value`` gives as text, counted without making the text; counting
    stops once past ``enough`` (so that ``[big] * 9999`` is not walked to the end)."""
    size = 0
    todo = [value]
    while todo and size <= enough:
        item = todo.pop()
        _now_and_then(len(todo))
        if isinstance(item, str):
            size += len(item) + 2  # quoted inside a list
        elif isinstance(item, _CONTAINERS):
            size += 2
            todo.extend(_items(item))
        elif isinstance(item, int | float | bool | None):
            size += len(repr(item))  # short: numbers are kept far below 2**1000
        else:
            size += 24  # a date, a person's group: short
    return size - 2 if isinstance(value, str) else size


def weight(value: Any, enough: int = MAX_VALUE + 1) -> int:
    """How many items ``value`` holds, those of the lists in it included as often as they are
    repeated: what a comparison, ``max`` or ``sort`` in C may have to walk. Each list is looked
    at once (``[x, x]`` doubled forty times is forty lists); counts stop at ``enough``."""
    if not isinstance(value, _CONTAINERS):
        return 0
    done: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        item, counted = stack.pop()
        _now_and_then(len(stack))
        key = id(item)
        if key in done and not counted:
            continue
        inner = [child for child in _items(item) if isinstance(child, _CONTAINERS)]
        if counted:
            total = len(item) + sum(done.get(id(child), enough) for child in inner)
            done[key] = min(total, enough)
        else:
            done.setdefault(key, enough)  # a list met again inside itself counts as too many
            stack.append((item, True))
            stack.extend((child, False) for child in inner if id(child) not in done)
    return done[id(value)]


def refuse_heavy(value: Any) -> Any:
    """``value``, once known to hold at most ``MAX_VALUE`` items (nested ones counted)."""
    if isinstance(value, _CONTAINERS):
        refuse_size(weight(value), "a list")
    return value


def refuse_bytes(value: Any) -> Any:
    """``value``, or TemplateError when it is bytes: a template has no use for them, and their
    methods (``* n``, ``ljust``, ``%``, ``replace``) would each need a check of their own."""
    if isinstance(value, bytes | bytearray | memoryview):
        raise TemplateError("it makes bytes, which a template cannot use; use text")
    return value


def refuse_unprintable(value: Any, where: str = "") -> Any:
    """``value``, once known to give a plain text small enough to make."""
    refuse_internal(value, where)
    if isinstance(value, _CONTAINERS):
        refuse_size(text_size(value), "a text")
    return value


def first_missing(values: Iterable[Any]) -> Undefined | None:
    """The first missing value among ``values`` (an argument of a filter or a method), noted as
    used so that the technician is asked for it; None when all are given."""
    for value in values:
        if isinstance(value, Undefined):
            str(value)  # notes it as used (or raises, for an unsafe attribute)
            return value
    return None
