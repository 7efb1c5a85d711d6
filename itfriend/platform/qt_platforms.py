"""The platform names Qt can start with here, read the way Qt reads them, without loading Qt.

Qt resolves ``QT_QPA_PLATFORM`` by the ``Keys`` of each plugin's metadata (one plugin may answer
to several names: ``libqwayland.so`` is ``wayland``, ``wayland-egl`` and ``wayland-brcm``),
compared without regard to case, in ``QT_QPA_PLATFORM_PLUGIN_PATH``, then in the ``platforms``
folder of each library path (``QT_PLUGIN_PATH``, the plugins PySide6 ships, the program's own
folder). The metadata is a small CBOR map in an ELF note near the start of the file, so reading
the first few kilobytes of each plugin is enough. A file whose keys cannot be read counts by its
name (``libq<name>.so``), as Qt's own folders name them.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

_KEYS_MARK = b"\x64Keys"  # CBOR: the text "Keys" (a 4-byte string), followed by an array
_HEAD_BYTES = 16384


def available_platforms(environ: Mapping[str, str]) -> frozenset[str] | None:
    """The lowercased platform names found, or None when no plugin folder is found (then Qt
    is left to judge)."""
    names: set[str] = set()
    found_folder = False
    for folder in _platform_folders(environ):
        try:
            plugins = [p for p in folder.iterdir() if p.suffix in (".so", ".dylib", ".dll")]
        except OSError:
            continue
        found_folder = True
        for plugin in plugins:
            names.update(_plugin_keys(plugin))
    return frozenset(names) if found_folder else None


def _platform_folders(environ: Mapping[str, str]) -> Iterator[Path]:
    if environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        yield Path(environ["QT_QPA_PLATFORM_PLUGIN_PATH"])
    for entry in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep):
        if entry:
            yield Path(entry) / "platforms"
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        yield Path(location) / "Qt" / "plugins" / "platforms"
    yield Path(sys.executable).parent / "platforms"


def _plugin_keys(plugin: Path) -> list[str]:
    try:
        with plugin.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
    except OSError:
        return []
    keys = _cbor_text_array_after(head, head.find(_KEYS_MARK))
    if keys:
        return [k.lower() for k in keys]
    stem = plugin.name.split(".")[0].removeprefix("lib")
    return [stem.removeprefix("q").lower()] if stem.startswith("q") else []


def _cbor_text_array_after(data: bytes, mark: int) -> list[str]:
    """The short CBOR array of short texts right after ``mark`` (Qt's keys: a handful of names)."""
    if mark < 0:
        return []
    at = mark + len(_KEYS_MARK)
    if at >= len(data) or not 0x80 <= data[at] < 0x98:
        return []
    count, at = data[at] - 0x80, at + 1
    keys = []
    for _ in range(count):
        if at >= len(data) or not 0x60 <= data[at] < 0x78:
            return []
        length = data[at] - 0x60
        keys.append(data[at + 1 : at + 1 + length].decode("ascii", "replace"))
        at += 1 + length
    return keys
