"""Reads a contacts file as text and tells which kind it is.

Spreadsheet programs save CSV in many encodings. UTF-8 (with or without the byte-order mark Excel
writes) and UTF-16 with a byte-order mark are recognised; anything else must be named with
``encoding``, because guessing wrong would silently garble names with accents.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from itfriend.core.errors import ImportFileError, ValidationError

CSV, VCARD, JSON = "csv", "vcard", "json"
_EXTENSIONS = {".csv": CSV, ".vcf": VCARD, ".vcard": VCARD, ".json": JSON}
# About a million people in a typical export; a bigger file is more likely a mistake.
MAX_FILE_BYTES = 256_000_000
_FIX_ENCODING = "save it as 'CSV UTF-8' or pass --encoding cp1252 (or the file's encoding)"


def read_text(path: Path, encoding: str | None = None) -> str:
    """The file's text; raise ImportFileError if it cannot be read, decoded, or is empty."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{path.name} is {size // 1_000_000} MB, more than the "
                f"{MAX_FILE_BYTES // 1_000_000} MB an import reads at once; "
                "split it into smaller files"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a contacts file") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    text = _decode(data, path.name, encoding)
    if not text.strip():
        raise ImportFileError(f"{path.name} is empty: there is nothing to import")
    return text


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(
                f"'{encoding}' is not an encoding Python knows (try utf-8, cp1252 or latin-1)"
            ) from None
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{name} is not {encoding}: {_where(data, exc)}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{name} is damaged UTF-16: {_where(data, exc)}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{name} is not UTF-8 ({_where(data, exc)}); {_FIX_ENCODING}"
        ) from None
    if "\x00" in text:
        # UTF-16 without a byte-order mark decodes as UTF-8 full of NUL characters.
        raise ImportFileError(
            f"{name} is not UTF-8 (it contains NUL bytes, perhaps UTF-16 "
            f"without a byte-order mark); {_FIX_ENCODING}"
        )
    return text


def _where(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    return f"byte 0x{data[exc.start]:02x} on line {line} cannot be decoded"


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
            raise ValidationError(f"unknown export format '{fmt}': use csv, vcard or json")
        return chosen
    guessed = _EXTENSIONS.get(path.suffix.lower())
    if guessed is None:
        raise ValidationError(
            f"cannot tell the format from the name {path.name}: pass --format csv, vcard or json"
        )
    return guessed
