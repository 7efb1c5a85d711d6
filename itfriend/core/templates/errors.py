"""The errors a template can raise, each with a message a technician can act on."""

from __future__ import annotations

import re
from collections.abc import Iterable

from itfriend.core.errors import ValidationError

# A memory address, as reprs show them (scrubbed from error messages).
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


class TemplateError(ValidationError):
    """A template that cannot be used: a syntax error (with its line), an unsafe expression,
    or a file that is not in the template format.

    ``line`` is the 1-based line of the problem in the text that was checked, when known.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class MissingValuesError(ValidationError):
    """Values a template needs that nobody gave; ``missing`` names every one (``person.email``).

    The picker asks for exactly these; the CLI prints them and exits non-zero.
    """

    def __init__(self, missing: Iterable[str]) -> None:
        self.missing: list[str] = list(dict.fromkeys(missing))
        noun = "a value" if len(self.missing) == 1 else "values"
        super().__init__(f"the template needs {noun} nobody gave: {', '.join(self.missing)}")


class TemplateLimitError(TemplateError):
    """A template stopped for going past one of the limits that keep a shared template from
    freezing or filling the app (time, memory, size of its text); ``limit`` names which one."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


_REASON_LENGTH = 200
_REASONS: dict[type[BaseException], str] = {
    ZeroDivisionError: "it divides by zero",
    MemoryError: "it needed more memory than there is",
    RecursionError: "it calls itself too deeply",
    OverflowError: "a number grew too large",
}


def reason_of(exc: BaseException) -> str:
    """A one-line reason for ``exc``: never empty, never a memory address, never longer than
    a line (a message may quote a value of the template, 200,000 characters long)."""
    text = ADDRESS.sub("…", " ".join(str(exc)[:1000].split()))
    if len(text) > _REASON_LENGTH:
        text = text[: _REASON_LENGTH - 1] + "…"
    for kind, reason in _REASONS.items():
        if isinstance(exc, kind):
            return f"{reason} ({text})" if text else reason
    return text or f"a {type(exc).__name__} with no message"
