"""Finds the data files shipped in ``resources/``: icons, default templates, word lists.

In a wheel or frozen app they live in ``itfriend/resources``; in a source checkout they are the
top-level ``resources/`` folder beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import itfriend


@cache
def resource_root() -> Path:
    package_dir = Path(itfriend.__file__).resolve().parent
    packaged = package_dir / "resources"
    if packaged.is_dir():
        return packaged
    return package_dir.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a shipped resource, e.g. ``resource_path("icons", "itfriend.svg")``."""
    return resource_root().joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def read_word_list(name: str) -> list[str]:
    """A word list from ``resources/words``: one entry a line, ``#`` starts a comment."""
    entries = []
    for line in read_text("words", name).splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries
