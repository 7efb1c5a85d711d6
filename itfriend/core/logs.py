"""Logging to a rotating file in the logs folder. Nothing secret is ever logged."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Send log records to ``folder/itfriend.log`` (1 MB, 3 old files kept); returns the path.

    Where the log cannot be written (a read-only or full data folder), records go to standard
    error instead and None is returned: the app must still start and read its data.
    """
    path: Path | None = folder / "itfriend.log"
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            folder / "itfriend.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.StreamHandler(), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return path
