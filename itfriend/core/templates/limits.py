"""The limits every render runs under, and the watch that enforces time, depth and memory.

A template is shared between technicians, so it is untrusted input: whatever it contains, filling
it in must end within ``MAX_SECONDS`` and may not make the app much bigger. Three layers do this:

- the sandbox (``itfriend.core.templates.sandbox``) refuses an operation that would make a text or
  a list past ``MAX_VALUE`` *before* it allocates, and counts all it makes against ``MAX_MADE``;
- the output is read piece by piece and stopped past ``MAX_OUTPUT`` characters;
- ``watched()`` puts a trace function on the rendering thread only, which on each call and on each
  line of the template's own compiled code checks the clock, the depth of the template's calls
  (so recursion stops long before Python's own limit) and, where the system tells it cheaply, the
  process's resident memory. It raises inside the template's own code, which nothing catches.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType
from typing import Any

from itfriend.core.templates.errors import TemplateLimitError

MAX_SECONDS = 2.0
MAX_OUTPUT = 200_000  # characters of a subject or a body: far more than any email needs
MAX_VALUE = 200_000  # characters of one text, or items of one list, a template makes
MAX_MADE = 16_000_000  # characters and items one render may make in all (about 64 MB at most)
MAX_MEMORY = 48 * 1024 * 1024  # growth of the resident memory during one render (one step of a
# render may add some more before it is stopped: it stays within about 64 MB)
MAX_DEPTH = 100  # nested calls of a template's macros, caller() and recursive loops
MAX_MISSING = 50  # values a template may ask for: each becomes a field in the picker

# Compiled templates carry this file name; only their frames get line events.
TEMPLATE_CODE = "<template>"
_MEMORY_EVERY = 64  # trace events between two looks at the resident memory


class _Watch:
    """What one render has used so far, and the first limit it went past."""

    __slots__ = ("deadline", "depth", "events", "made", "over", "rss_start")

    def __init__(self) -> None:
        self.deadline = time.perf_counter() + MAX_SECONDS
        self.made = 0
        self.depth = 0
        self.events = 0
        self.rss_start = _resident_bytes()
        self.over: TemplateLimitError | None = None

    def check(self) -> None:
        """Note the first limit gone past (raised later, in the template's own code)."""
        if self.over is not None:
            return
        if time.perf_counter() > self.deadline:
            self.over = TemplateLimitError(
                f"it ran longer than {MAX_SECONDS:g} seconds, the limit for filling one in", "time"
            )
        self.events += 1
        if self.rss_start is not None and self.events % _MEMORY_EVERY == 0:
            grown = (_resident_bytes() or 0) - self.rss_start
            if grown > MAX_MEMORY:
                self.over = TemplateLimitError(
                    f"it needed more than {MAX_MEMORY // (1024 * 1024)} MB of memory", "memory"
                )


_WATCH: ContextVar[_Watch | None] = ContextVar("itfriend_template_watch", default=None)


def stop_if_over() -> None:
    """Raise the limit the render went past, if it did.

    The trace function notes a limit gone past but raises it only in the template's own code:
    raising from a trace function would switch tracing off. Library code that a template keeps
    busy (``textwrap`` looping on a missing width) calls back into the sandbox, the filters or a
    missing value, which call this: the render stops there too.
    """
    watch = _WATCH.get()
    if watch is not None and watch.over is not None:
        raise watch.over


def refuse_size(size: int, what: str) -> None:
    """Raise before making ``what`` (a text, a list) of ``size`` characters or items if it is
    past ``MAX_VALUE``; count it against ``MAX_MADE`` otherwise."""
    stop_if_over()
    if size > MAX_VALUE:
        raise TemplateLimitError(
            f"it makes {what} too large ({size:,} characters or items; at most {MAX_VALUE:,})",
            "size",
        )
    watch = _WATCH.get()
    if watch is None:
        return
    watch.made += max(size, 0)
    if watch.made > MAX_MADE:
        raise TemplateLimitError(
            f"it makes more than {MAX_MADE:,} characters and items in all "
            "(the limit that keeps its memory small)",
            "memory",
        )


@contextmanager
def watched() -> Iterator[None]:
    """Run the block (one render) under the time, depth and memory limits, on this thread only.

    A trace function another tool set (a debugger, coverage) is put back afterwards. Nested
    (the subject, then the body of one message), the inner block shares the outer one's limits.
    """
    if _WATCH.get() is not None:
        yield
        return
    watch = _Watch()
    token = _WATCH.set(watch)
    previous = sys.gettrace()

    def in_template(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "return":
            watch.depth -= 1
        watch.check()
        if watch.over is not None:
            raise watch.over
        return in_template

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        watch.check()
        if frame.f_code.co_filename != TEMPLATE_CODE:
            return None
        # Generators (the template's body) are "called" on each resume and "return" on each yield.
        watch.depth += 1
        if watch.depth > MAX_DEPTH and watch.over is None:
            watch.over = TemplateLimitError(f"it calls itself more than {MAX_DEPTH} deep", "depth")
        if watch.over is not None:
            raise watch.over
        return in_template

    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)
        _WATCH.reset(token)


def _resident_bytes() -> int | None:
    """This process's resident memory, where the system gives it cheaply (Linux); else None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
