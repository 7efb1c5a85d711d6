"""The sandbox templates run in, and the undefined value that records what a template lacks.

Templates are shared between technicians, so they run in Jinja2's
``ImmutableSandboxedEnvironment``: no attribute starting with ``_``, no Python internals, no
changing of values given to them. Any attempt to reach something unsafe stops the render at once
with a ``TemplateError`` instead of rendering a blank.

A value nobody gave is never rendered as a blank either. ``RecordingUndefined`` behaves like
Jinja2's ``StrictUndefined`` but, instead of stopping at the first gap, notes the dotted name of
every value that was used while missing (``person.first_name``) and lets the render finish, so
that the picker can ask for all of them at once. ``| default(...)`` and ``is defined`` never
count as a use, so defaults work as in plain Jinja2.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, NoReturn

from jinja2 import Template, TemplateSyntaxError, Undefined
from jinja2.exceptions import SecurityError, UndefinedError

from itfriend.core.templates.analysis import GROUPS, find_unsafe
from itfriend.core.templates.errors import TemplateError, TemplateLimitError, reason_of
from itfriend.core.templates.guards import REPR
from itfriend.core.templates.limits import MAX_MISSING, MAX_OUTPUT, stop_if_over, watched
from itfriend.core.templates.sandbox import Sandbox
from itfriend.core.templates.template_size import refuse_too_many_parts

_RECORDER: ContextVar[list[str] | None] = ContextVar("itfriend_template_missing", default=None)


class ValueGroup:
    """The fields of ``person``, ``me`` or ``ticket`` as a template sees them.

    It has no public attributes, so that ``person.items`` or ``person.values`` cannot resolve to
    a dict method, and it knows its own name so that a missing field is reported in full.
    """

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: Mapping[str, Any]) -> None:
        self._path = path
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        stop_if_over()
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __str__(self) -> str:
        # ``{{ person }}`` reads as the person's name.
        if "name" not in self._values:
            _record(f"{self._path}.name")
            return ""
        return str(self._values["name"])

    @property
    def group_path(self) -> str:
        return self._path


def _record(path: str) -> None:
    missing = _RECORDER.get()
    if missing is not None and path not in missing:
        if len(missing) >= MAX_MISSING:  # a field each in the picker: thousands would freeze it
            raise TemplateLimitError(
                f"it asks for more than {MAX_MISSING} values nobody gave", "values"
            )
        missing.append(path)


class RecordingUndefined(Undefined):
    """A missing value: using it notes its dotted name; ``default`` and ``defined`` do not."""

    __slots__ = ()

    def dotted_name(self) -> str:
        obj, name = self._undefined_obj, str(self._undefined_name)
        if isinstance(obj, ValueGroup):
            return f"{obj.group_path}.{name}"
        if isinstance(obj, RecordingUndefined):
            return f"{obj.dotted_name()}.{name}"
        return name

    def _use(self, *args: Any, **kwargs: Any) -> Any:
        stop_if_over()  # library code may loop on a missing value: see stop_if_over
        if self._undefined_exception is not UndefinedError:
            self._refuse()
        _record(self.dotted_name())
        return self

    def _refuse(self) -> NoReturn:
        raise self._undefined_exception(self._undefined_message)

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        stop_if_over()
        if self._undefined_exception is not UndefinedError:
            self._refuse()
        if self.dotted_name() in GROUPS:
            # ``person.email`` when no person was given at all: name the field, not the group.
            return RecordingUndefined(obj=self, name=name)
        return self

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return self.__getattr__(key)
        return self._use()

    __add__ = __radd__ = __sub__ = __rsub__ = _use
    __mul__ = __rmul__ = __div__ = __rdiv__ = _use
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _use
    __mod__ = __rmod__ = __pos__ = __neg__ = __pow__ = __rpow__ = _use
    __call__ = __lt__ = __le__ = __gt__ = __ge__ = _use

    def __str__(self) -> str:
        self._use()
        return ""

    def __len__(self) -> int:
        self._use()
        return 0

    def __iter__(self) -> Iterator[Any]:
        self._use()
        return iter(())

    def __bool__(self) -> bool:
        self._use()
        return False

    # Same signatures as the base class's (which raises), so the override stays type-compatible.
    def __int__(self, *args: Any, **kwargs: Any) -> Any:
        self._use()
        return 0

    def __float__(self, *args: Any, **kwargs: Any) -> Any:
        self._use()
        return 0.0

    def __contains__(self, item: object) -> bool:
        self._use()
        return False


ENVIRONMENT = Sandbox(
    undefined=RecordingUndefined,
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


@lru_cache(maxsize=256)
def compile_text(text: str) -> Template:
    """The compiled template of ``text``; raises TemplateError for bad syntax or unsafe parts.

    Cached, because the picker's live preview renders the same few texts again and again.
    """
    try:
        return _compile(text)
    except (RecursionError, SyntaxError, MemoryError):  # Python's own limits on nesting
        raise TemplateError(
            "the template nests its blocks or brackets too deeply to be read "
            "(at most about 20 blocks inside one another)"
        ) from None


def _compile(text: str) -> Template:
    refuse_too_many_parts(ENVIRONMENT, text)
    try:
        tree = ENVIRONMENT.parse(text)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"line {exc.lineno}: {exc.message}", line=exc.lineno) from None
    unsafe = find_unsafe(tree)
    if unsafe is not None:
        reason, line = unsafe
        raise TemplateError(f"line {line}: {reason}", line=line)
    try:
        return ENVIRONMENT.from_string(tree)
    except TemplateSyntaxError as exc:  # a filter or a test that is not there ("no filter named")
        raise TemplateError(f"line {exc.lineno}: {exc.message}", line=exc.lineno) from None


def render_recording(template: Template, context: Mapping[str, Any]) -> tuple[str, list[str]]:
    """Render, returning the text and the dotted names of the values used while missing.

    The render runs under the limits of ``itfriend.core.templates.limits``; its output is read
    piece by piece and stopped past ``MAX_OUTPUT`` characters. Raises TemplateLimitError for a
    limit gone past, TemplateError for anything else that went wrong, with a reason.
    """
    missing: list[str] = []
    token = _RECORDER.set(missing)
    pieces: list[str] = []
    size = 0
    try:
        with watched():
            for piece in template.generate(context):
                piece = _as_text(piece)
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TemplateLimitError(
                        f"its text grows past {MAX_OUTPUT:,} characters, the most a message "
                        "may have",
                        "output",
                    )
                pieces.append(piece)
            text = "".join(pieces)
    except TemplateLimitError:
        raise
    except TemplateError as exc:  # refused by a check of the sandbox: the reason is in exc
        raise TemplateError(f"the template cannot be filled in: {exc}") from None
    except SecurityError as exc:
        raise TemplateError(
            f"the template tried to reach Python internals and was stopped ({reason_of(exc)}); "
            "nothing was run"
        ) from None
    except UndefinedError as exc:  # an operation no recording could cover
        raise TemplateError(f"the template uses a missing value: {reason_of(exc)}") from None
    except Exception as exc:  # a user's template may divide by zero or call a helper wrongly
        raise TemplateError(f"the template failed while filling in: {reason_of(exc)}") from None
    finally:
        _RECORDER.reset(token)
    if REPR.search(text):  # a repr that slipped past every check: never shown
        raise TemplateError("the template shows a Python object's internals, not a value")
    return text, missing


def _as_text(piece: Any) -> str:
    """A piece of the output as text. ``{% call m() %}`` writes what ``m`` gives as it is, not
    through ``finalize``: a missing ``m`` is asked for, anything else but text is refused."""
    if isinstance(piece, str):
        return piece
    if isinstance(piece, Undefined):
        return str(piece)  # noted as missing
    raise TemplateError(
        "a '{% call %}' block calls something that is not a macro (it gives no text)"
    )
