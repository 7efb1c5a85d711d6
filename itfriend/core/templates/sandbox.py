"""The sandbox templates run in: Jinja2's immutable sandbox, with every way of making something
large or showing a Python object checked first.

On top of ``ImmutableSandboxedEnvironment`` (no ``_`` attributes, no internals, no changing of
given values), the operators ``*``, ``**``, ``%`` and ``+`` and the concatenation ``~`` are sized
from their operands before they run; the filters and text methods are checked the same way
(``itfriend.core.templates.filters``, ``guards``); text captured by a macro, ``caller()``,
``{% set %}...{% endset %}`` or ``{% filter %}`` goes into a buffer that refuses to grow past the
limit; and what is written out must be a plain value, never a function.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, modifies_known_mutable, safe_range

from itfriend.core.quoting import quoted
from itfriend.core.templates.analysis import UNSAFE_NAMES
from itfriend.core.templates.errors import TemplateError, TemplateLimitError
from itfriend.core.templates.filters import guarded_filters
from itfriend.core.templates.guards import (
    first_missing,
    refuse_bytes,
    refuse_heavy,
    refuse_internal,
    refuse_unprintable,
    text_size,
    weight,
)
from itfriend.core.templates.limits import MAX_OUTPUT, refuse_size, stop_if_over
from itfriend.core.templates.methods import STR_METHODS, check_percent, guarded_str_method

# Numbers a template computes with stay far below what needs long arithmetic: 2**1000.
MAX_NUMBER_BITS = 1000


def _too_large(operator: str) -> TemplateError:
    return TemplateError(f"the template computes with a number or text too large ({operator})")


def _bits(value: Any) -> int:
    return abs(value).bit_length() if isinstance(value, int) else 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` before it runs when its result would be too large."""
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str) and isinstance(count, int):
                refuse_size(len(seq) * max(count, 0), "a text")
                return
            if isinstance(seq, list | tuple) and isinstance(count, int):
                refuse_size(max(len(seq), weight(seq)) * max(count, 0), "a list")
                return
        if _bits(left) + _bits(right) > MAX_NUMBER_BITS:
            raise _too_large(operator)
    elif operator == "**":
        whole = isinstance(left, int) and isinstance(right, int)
        if whole and abs(left) > 1 and right > 0 and _bits(left) * right > MAX_NUMBER_BITS:
            raise _too_large(operator)
    elif operator == "%" and isinstance(left, str):
        check_percent(left, right)
    elif operator == "+" and isinstance(left, str) and isinstance(right, str):
        refuse_size(len(left) + len(right), "a text")
    elif operator == "+" and isinstance(left, list | tuple) and isinstance(right, list | tuple):
        refuse_size(weight(left) + weight(right), "a list")


class BoundedBuffer(list[str]):
    """The text a macro, ``caller()``, a set block or a filter block captures: at most
    ``MAX_OUTPUT`` characters, refused as it grows (nothing past it is kept)."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def append(self, text: str) -> None:
        self._grow(len(text))
        super().append(text)

    def extend(self, texts: Any) -> None:
        texts = list(texts)
        self._grow(sum(len(text) for text in texts))
        super().extend(texts)

    def _grow(self, size: int) -> None:
        self.size += size
        if self.size > MAX_OUTPUT:
            raise TemplateLimitError(
                f"it captures a text longer than {MAX_OUTPUT:,} characters", "output"
            )
        refuse_size(size, "a text")


def checked_concat(parts: tuple[Any, ...]) -> str:
    """``a ~ b ~ c``: sized first, and no function turned into text."""
    for part in parts:
        refuse_internal(part, "'~'")
    refuse_size(sum(text_size(part) for part in parts), "a text")
    return str_join(parts)


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with captured text going into a BoundedBuffer and ``~`` checked."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    # A list, tuple or dict written in the template may hold others: ``[ns.l, ns.l]`` in a loop
    # doubles what a comparison has to walk at each turn. Each is weighed as it is made.
    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._weighed(super().visit_List, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "store":  # ``{% for a, b in ... %}``: names to assign, not a value
            super().visit_Tuple(node, frame)
        else:
            self._weighed(super().visit_Tuple, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._weighed(super().visit_Dict, node, frame)

    def _weighed(self, visit: Any, node: nodes.Node, frame: Frame) -> None:
        self.write("environment.refuse_heavy(")
        visit(node, frame)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


# Methods that make bytes or a huge text in one call no clock can interrupt.
_UNSAFE_METHODS = frozenset({"to_bytes", "from_bytes"})
_DATE_TEXT = 16  # characters one strftime directive can give at most, about ("%c": 24 for 2)


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call whose result would be too large to make: ``date.strftime('%A' * 99999)``."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, date | time) and name == "strftime":
        pattern = args[0] if args else kwargs.get("format", "")
        refuse_size(len(str(pattern)) * _DATE_TEXT, "a text")


def _range(*args: Any) -> Any:
    missing = first_missing(args)
    if missing is not None:
        return missing  # ``range(count)`` with the count not given: asked for
    made = safe_range(*args)  # at most 100,000 items, as Jinja2's sandbox allows
    refuse_size(len(made), "a list")
    return made


# Mutable built-in types a template can reach (``dict`` is a global): their unbound methods
# (``dict.update(d, ...)``) would change a value as the immutable sandbox refuses on instances.
_MUTABLE_TYPES: tuple[tuple[type, Any], ...] = ((dict, {}), (list, []), (set, set()))


def _changes_a_type(obj: Any, attr: str) -> bool:
    """Whether ``obj.attr`` is the unbound method of a mutable type that changes its argument."""
    if not isinstance(obj, type):
        return False
    return any(
        issubclass(obj, kind) and modifies_known_mutable(sample, attr)
        for kind, sample in _MUTABLE_TYPES
    )


def bounded_concat(pieces: Any) -> str:
    """Jinja2's ``concat`` for what it joins itself (``self.block()``): at most ``MAX_OUTPUT``
    characters, refused as it grows."""
    buffer = BoundedBuffer()
    for piece in pieces:
        buffer.append(piece)
    return "".join(buffer)


def _finalize(value: Any) -> Any:
    return refuse_unprintable(value)


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, stricter still: an unsafe attribute stops the render where it is reached,
    and nothing a template makes may grow past the limits of ``limits``."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    bounded_buffer = BoundedBuffer
    checked_concat = staticmethod(checked_concat)
    refuse_heavy = staticmethod(refuse_heavy)
    concat = staticmethod(bounded_concat)

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)
        self.filters = guarded_filters(self.filters)
        self.globals.pop("lipsum", None)  # makes up to megabytes of text; no email needs it
        # An email needs neither; ``cycler(x, x).items`` built lists of shared lists unweighed.
        self.globals.pop("cycler", None)
        self.globals.pop("joiner", None)
        self.globals["range"] = _range

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        stop_if_over()
        # A missing value too: ``'%999999999d' % missing`` formats it as 0, a gigabyte wide.
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call from the template (a helper, ``dict(...)``, a method, a macro), its result
        weighed: a dict or list built of others must stay small enough to compare or sort."""
        stop_if_over()
        check_call(__obj, args, kwargs)
        return refuse_bytes(refuse_heavy(super().call(__context, __obj, *args, **kwargs)))

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        owner = getattr(value, "__self__", None)
        name = getattr(value, "__name__", "")
        if isinstance(owner, str) and name in STR_METHODS:
            return guarded_str_method(owner, name, wrapped or value)
        return wrapped

    # What an attribute or an item gives is weighed too: ``namespace`` attributes may hold
    # lists a template built; a bytes value (``(1).to_bytes``) has no use in an email.
    def getattr(self, obj: Any, attribute: str) -> Any:
        stop_if_over()
        return refuse_bytes(refuse_heavy(super().getattr(obj, attribute)))

    def getitem(self, obj: Any, argument: Any) -> Any:
        stop_if_over()
        return refuse_bytes(refuse_heavy(super().getitem(obj, argument)))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in UNSAFE_NAMES or attr in _UNSAFE_METHODS or _changes_a_type(obj, attr):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        kind = type(obj).__name__
        article = "an" if kind[:1] in tuple("aeiou") else "a"
        raise SecurityError(f"reaching {quoted(attribute)} of {article} {kind} is not allowed")
