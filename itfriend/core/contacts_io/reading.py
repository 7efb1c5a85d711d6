"""Reads a contacts file as text and tells which kind it is.

Spreadsheet programs save CSV in many encodings; ``encodings`` tells which one a file is in, and
the caller can name it instead. Text holding a NUL character is refused with where it is: no
contacts file has one, and it is the sign of UTF-16 without a byte-order mark.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import NamedTuple

from itfriend.core.contacts_io.encodings import FIX_ENCODING, decode
from itfriend.core.errors import ImportFileError, ValidationError
from itfriend.core.quoting import quoted

CSV, VCARD, JSON = "csv", "vcard", "json"
_EXTENSIONS = {".csv": CSV, ".vcf": VCARD, ".vcard": VCARD, ".json": JSON}
# About a million people in a typical export; a bigger file is more likely a mistake.
MAX_FILE_BYTES = 256_000_000
_BOM = "\ufeff"


class FileText(NamedTuple):
    """A file's text, the encoding it was read in (a codec name, as --encoding takes it), and a
    doubt about that encoding when it was a guess between readings that differ ("" if none)."""

    text: str
    encoding: str
    doubt: str = ""


def read_text(path: Path, encoding: str | None = None) -> FileText:
    """The file's text; raise ImportFileError if it cannot be read, decoded, or is empty."""
    try:
        data = _read_bytes(path)
    except FileNotFoundError:
        raise ImportFileError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a contacts file") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    text, used, doubt = decode(data, path.name, encoding)
    if _BOM in text:
        # A byte-order mark inside a file (two files joined with cat, a cell pasted from one) is
        # invisible: kept, it made "\ufeffBob Roe" a second person next to "Bob Roe".
        text = text.replace(_BOM, "")
    if not text.strip():
        raise ImportFileError(f"{path.name} is empty: there is nothing to import")
    nul = text.find("\x00")
    if nul != -1:
        line, column = text.count("\n", 0, nul) + 1, nul - text.rfind("\n", 0, nul)
        raise ImportFileError(
            f"{path.name} has a NUL character at line {line}, column {column} "
            "(perhaps it is UTF-16 without a byte-order mark); "
            f"{FIX_ENCODING}"
        )
    return FileText(text, used, doubt)


def _read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, never more than the limit.

    A FIFO, a device (/dev/zero) or a socket, named directly or through a link, has no end or
    blocks on opening: it is refused from its ``stat`` before it is opened. The size ``stat``
    gives may change while the file is read, so at most one byte past the limit is read.
    """
    found = path.stat()
    if stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(found.st_mode):
        raise ImportFileError(
            f"{path} is not a contacts file but a pipe, device or socket; nothing was read"
        )
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1) if found.st_size <= MAX_FILE_BYTES else b""
    if found.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        size = max(found.st_size, len(data))
        raise ImportFileError(
            f"{path.name} is {size // 1_000_000} MB, more than the "
            f"{MAX_FILE_BYTES // 1_000_000} MB an import reads at once; split it into smaller files"
        )
    return data


def detect_format(path: Path, text: str) -> str:
    """csv, vcard or json: by the file's extension, else by its first characters."""
    known = _EXTENSIONS.get(path.suffix.lower())
    if known:
        return known
    start = text.lstrip()[:20].upper()
    if start.startswith("BEGIN:VCARD"):
        return VCARD
    if start.startswith(("[", "{")):
        return JSON
    return CSV


def format_for_export(path: Path, fmt: str | None) -> str:
    """The export format asked for, or the one the file name implies."""
    if fmt:
        chosen = {"vcf": VCARD, "vcard": VCARD, "csv": CSV, "json": JSON}.get(fmt.lower())
        if chosen is None:
            raise ValidationError(f"unknown export format {quoted(fmt)}: use csv, vcard or json")
        return chosen
    guessed = _EXTENSIONS.get(path.suffix.lower())
    if guessed is None:
        raise ValidationError(
            f"cannot tell the format from the name {path.name}: pass --format csv, vcard or json"
        )
    return guessed
