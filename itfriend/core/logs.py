"""Logging to a rotating file in the logs folder. Nothing secret is ever logged.

An error nobody foresaw is told to the technician in one line that names the log file; its
traceback goes to that file only (``report_unexpected``), for whoever looks into it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "itfriend.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file whose own failure (a full disk) stays quiet: logging would otherwise print
    "--- Logging error ---" and a traceback on the technician's terminal."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


class _OneLineFormatter(logging.Formatter):
    """For records that go to the terminal: never a traceback in front of the technician."""

    def formatException(self, ei: object) -> str:
        return ""

    def formatStack(self, stack_info: str) -> str:
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = ""
        return super().format(record).rstrip("\n")


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Send log records to ``folder/itfriend.log`` (1 MB, 3 old files kept); returns the path.

    Called again for the same folder (a second start in one process), it adds no second handler.
    Where the log cannot be written (a read-only or full data folder), records go to standard
    error instead and None is returned: the app must still start and read its data.
    """
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "baseFilename", None) == str(path.absolute()):
            return path
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _QuietFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler, found = logging.StreamHandler(), None
        handler.setFormatter(_OneLineFormatter(_FORMAT))
    else:
        found = path
        handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return found


def report_unexpected(exc: BaseException, doing: str, folder: Path | None = None) -> str:
    """Log ``exc`` with its traceback and return the one line to show the technician.

    ``doing`` says what failed ("the command", "reading the people"). The record goes to the
    log file of ``folder`` (default: this installation's logs folder), set up here if it was not
    yet; if that file cannot be written, the line says so instead of naming it.
    """
    if folder is None:
        from itfriend.core.paths import app_paths

        folder = app_paths().logs
    path: Path | None
    try:
        path = setup_logging(folder)
    except OSError:
        path = None
    kind = type(exc).__name__
    if path is None:
        # Logging now would reach Python's last-resort handler: the traceback on stderr.
        return f"an unexpected error ({kind}) stopped {doing}; it could not be logged either"
    logging.getLogger("itfriend").error("unexpected error in %s", doing, exc_info=exc)
    return f"an unexpected error ({kind}) stopped {doing}; the details are in {path}"
