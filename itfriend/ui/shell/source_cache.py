"""Keeps PySide6 from holding the source of every module that imports it.

PySide6 (6.x) checks each module that imports it for its ``__feature__`` switches by reading the
module's whole source with ``inspect.getsource``, which goes through ``linecache``: the text of
every such module (itfriend's and the libraries') then stays in memory for the life of the
process. In the idle tray that was about 5 MiB of the Python heap, for a check whose answer is
only whether the text mentions "PySide6". The same check is made here from the source read
afresh by the module's loader, and nothing is cached. Where PySide6 no longer has that check,
nothing is changed.
"""

from __future__ import annotations

import linecache
import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"


def _uses_pyside(module: ModuleType) -> bool:
    """What PySide6's ``_mod_uses_pyside`` answers: whether the module's source names PySide6
    (False where there is no source, as for built-in and frozen modules)."""
    try:
        spec = module.__spec__
        loader = spec.loader if spec is not None else None
        source = loader.get_source(module.__name__) if loader is not None else None  # type: ignore[attr-defined]
    except (AttributeError, ImportError, OSError, SyntaxError, TypeError, ValueError):
        return False
    return source is not None and "PySide6" in source


def stop_caching_sources() -> None:
    """Replace PySide6's source check by one that caches nothing, and let go of what it read."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6 has no source check to replace")
        return
    setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 (a private name of PySide6)
    linecache.clearcache()
