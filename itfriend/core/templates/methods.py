"""Format strings and text methods as a shared template gets them: sized before they run.

``'%999999999d' % 1``, ``'{:999999999}'.format(1)``, ``'x'.ljust(999999999)`` or
``(',' * 9999).join(range(99999))`` would each make a gigabyte in one call, which no clock can
interrupt: each is sized from its format, widths and operands first and refused when too large.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from itfriend.core.quoting import quoted
from itfriend.core.templates.errors import TemplateError
from itfriend.core.templates.guards import first_missing, refuse_internal, text_size
from itfriend.core.templates.limits import refuse_size

# A %-format spec: flags, width, precision (``*`` takes them from the values).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)
_NUMBERS = re.compile(r"\d+")


def check_percent(template: str, args: Any) -> None:
    """Refuse ``template % args`` when a width or precision would make too large a text."""
    values = list(args.values()) if isinstance(args, Mapping) else args
    values = list(values) if isinstance(values, tuple) else [values]
    for value in values:
        refuse_internal(value, "a % format")
    # Each field may show the largest value (``'%(a)s' * 20000`` shows one value 20,000 times).
    largest = max((text_size(value) for value in values), default=0)
    size = len(template)
    for width, precision, kind in _PERCENT_SPEC.findall(template):
        if "*" in (width, precision):
            raise TemplateError("a '*' width in a % format is not allowed in a template")
        size += int(width or 0) + int(precision or 0) + (largest if kind != "%" else 0)
        if kind == "r":
            raise TemplateError("'%r' is not allowed in a template; use '%s'")
    refuse_size(size, "a text")


def check_format(template: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse ``template.format(...)`` when its widths would make too large a text."""
    values = [*args, *kwargs.values()]
    for value in values:
        refuse_internal(value, "a format")
    largest = max((text_size(value) for value in values), default=0)
    size = len(template)
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
        # Each field may show the largest value: ``('{0}' * 20000).format(s)`` shows s 20,000 times.
        size += largest + sum(int(number) for number in _NUMBERS.findall(spec or ""))
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
    elif name in _CASE_METHODS:  # one character may become three: "ΐ".upper()
        refuse_size(len(text) * 3, "a text")
    elif name in ("translate", "maketrans", "encode"):
        raise TemplateError(f"the text method {quoted(name)} is not allowed in a template")


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


_CASE_METHODS = frozenset({"upper", "lower", "title", "casefold", "swapcase", "capitalize"})
STR_METHODS = _CASE_METHODS | frozenset(
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
