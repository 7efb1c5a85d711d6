"""Logging to a rotating file in the logs folder. Nothing secret is ever logged."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(folder: Path, level: int = logging.INFO) -> Path:
    """Send log records to ``folder/itfriend.log`` (1 MB, 3 old files kept); returns the path."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "itfriend.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return path
