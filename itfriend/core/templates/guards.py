"""Checks made before a template's operation runs: how big its result would be, and whether it
would turn a Python object (a function, a helper) into text.

Each amplifying operation a template can reach (``*``, ``+``, ``%``, ``~``, the filters and the
text methods that pad, repeat, join or replace) is sized from its operands first and refused by
``refuse_size`` when the result would be too large, so that nothing is allocated for it. Text made
of an internal object would show its ``repr`` with a memory address; that is refused too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from jinja2 import Undefined

from itfriend.core.templates.errors import TemplateError
from itfriend.core.templates.limits import MAX_VALUE, refuse_size, stop_if_over

_PLAIN = (str, int, float, bool, date, datetime, time, type(None), Undefined, range)
_CONTAINERS = (list, tuple, dict, set, frozenset)
# A %-format spec: flags, width, precision (``*`` takes them from the values).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)
_NUMBERS = re.compile(r"\d+")
# A repr with an address, as it would read in a message (an error code such as 0x80070005 is not).
REPR = re.compile(r"<[^<>\n]*\bat 0x[0-9a-fA-F]+>")


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
    todo = [value]
    while todo:
        item = todo.pop()
        _now_and_then(len(todo))
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
            todo.extend(_items(item))
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


def refuse_unprintable(value: Any, where: str = "") -> Any:
    """``value``, once known to give a plain text small enough to make."""
    refuse_internal(value, where)
    if isinstance(value, _CONTAINERS):
        refuse_size(text_size(value), "a text")
    return value


def check_percent(template: str, args: Any) -> None:
    """Refuse ``template % args`` when a width or precision would make too large a text."""
    values = list(args.values()) if isinstance(args, Mapping) else args
    values = list(values) if isinstance(values, tuple) else [values]
    for value in values:
        refuse_internal(value, "a % format")
    size = len(template) + sum(text_size(value) for value in values)
    for width, precision, kind in _PERCENT_SPEC.findall(template):
        if "*" in (width, precision):
            raise TemplateError("a '*' width in a % format is not allowed in a template")
        size += int(width or 0) + int(precision or 0)
        if kind == "r":
            raise TemplateError("'%r' is not allowed in a template; use '%s'")
    refuse_size(size, "a text")


def check_format(template: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse ``template.format(...)`` when its widths would make too large a text."""
    values = [*args, *kwargs.values()]
    for value in values:
        refuse_internal(value, "a format")
    size = len(template) + sum(text_size(value) for value in values)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(f"a format text is wrong: {exc}") from None
    for _literal, field, spec, conversion in fields:
        if field is None:
            continue
        if "{" in (spec or ""):
            raise TemplateError("a width given by another value is not allowed in a format")
        if conversion == "r":
            raise TemplateError("'!r' is not allowed in a template's format")
        size += sum(int(number) for number in _NUMBERS.findall(spec or ""))
    refuse_size(size, "a text")


def _width(value: Any) -> int:
    return value if isinstance(value, int) else 0


def check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a text method (``ljust``, ``replace``, ``join``...) that would make too much."""
    if name in ("ljust", "rjust", "center", "zfill"):
        refuse_size(max(len(text), _width(args[0] if args else kwargs.get("width"))), "a text")
    elif name == "expandtabs":
        size = _width(args[0] if args else kwargs.get("tabsize", 8))
        refuse_size(len(text) + text.count("\t") * size, "a text")
    elif name == "replace" and len(args) >= 2:
        refuse_size(replaced_size(text, str(args[0]), str(args[1])), "a text")
    elif name == "join" and args:
        check_join(text, args[0])
    elif name in ("format", "format_map"):
        mapping = args[0] if name == "format_map" and args else {}
        check_format(text, args if name == "format" else (), {**kwargs, **dict(mapping)})
    elif name in ("translate", "maketrans", "encode"):
        raise TemplateError(f"the text method '{name}' is not allowed in a template")


def replaced_size(text: str, old: str, new: str) -> int:
    """The length of ``text.replace(old, new)``, counted without making it."""
    count = len(text) + 1 if old == "" else text.count(old)
    return len(text) + count * (len(new) - len(old))


def check_join(separator: str, items: Any) -> list[Any]:
    """The items, listed, once ``separator.join(items)`` is known to stay small enough."""
    listed = list(items)
    refuse_size(len(listed), "a list")
    refuse_size(len(separator) * max(len(listed) - 1, 0), "a text")  # before reading the items
    for item in listed:
        refuse_internal(item, "a join")
    size = len(separator) * max(len(listed) - 1, 0) + sum(text_size(i) for i in listed)
    refuse_size(size, "a text")
    return listed


def first_missing(values: Iterable[Any]) -> Undefined | None:
    """The first missing value among ``values`` (an argument of a filter or a method), noted as
    used so that the technician is asked for it; None when all are given."""
    for value in values:
        if isinstance(value, Undefined):
            str(value)  # notes it as used (or raises, for an unsafe attribute)
            return value
    return None


def guarded_str_method(text: str, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` (a method of ``text``), checked by ``check_str_method`` on each call."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        missing = first_missing((*args, *kwargs.values()))
        if missing is not None:
            return missing
        if name == "join" and args:
            args = (check_join(text, args[0]), *args[1:])
        else:
            check_str_method(text, name, args, kwargs)
        return method(*args, **kwargs)

    return checked


STR_METHODS = frozenset(
    {
        "ljust",
        "rjust",
        "center",
        "zfill",
        "expandtabs",
        "replace",
        "join",
        "format",
        "format_map",
        "translate",
        "maketrans",
        "encode",
    }
)
