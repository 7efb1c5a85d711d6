"""Reading a template file to import: a regular file, and no more of it than a template can be.

The whole file used to be read before its size was checked: a 150 MB file took 345 MB of memory,
``/dev/zero`` ran out of it, and a named pipe would block the import for ever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from itfriend.core.errors import ValidationError
from itfriend.core.templates.errors import TemplateError
from itfriend.core.templates.fileformat import LIMITS

# Every field at its longest, four bytes a character (UTF-8), with room for the front matter.
MAX_FILE_BYTES = 4 * (sum(LIMITS.values()) + 1000)


def read_template_file(path: Path) -> str:
    """The text of the template file at ``path``; ValidationError when it cannot be read or is
    not a regular file, TemplateError when it is too large or not UTF-8."""
    try:
        # Non-blocking, so that opening a named pipe nobody writes to returns at once.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(handle, "rb") as file:
        try:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise ValidationError(f"cannot import {path}: it is not a regular file")
            data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ValidationError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise TemplateError(
            f"cannot import {path}: it is too large for a template "
            f"(more than {MAX_FILE_BYTES // 1024:,} KB)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError(f"cannot import {path}: it is not UTF-8 text") from None
