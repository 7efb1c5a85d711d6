"""Tells which encoding a contacts file is in, so that no technician needs to know or name it.

A byte-order mark settles it (UTF-8 as Excel writes "CSV UTF-8", UTF-16 as Outlook writes
"Unicode" text); so does text that is valid UTF-8, which a file in a legacy code page almost never
is. Anything else was written by Windows in its code page: charset-normalizer picks among the
code pages Outlook and Excel use on a European or American Windows (``WINDOWS_CODE_PAGES``),
reading a bounded sample (the start, and lines with non-ASCII bytes), so a big file costs no more.

Names alone are often too short for the detector to tell cp1252 from cp1250 or cp1257 (e.g.
"José" is the same bytes in each): when cp1252 is among the equally good candidates it is taken,
as Windows' code page for Western Europe and the Americas. The import's summary says which
encoding was used, and ``--encoding`` overrides it.
"""

from __future__ import annotations

import codecs
import re

from itfriend.core.errors import ImportFileError
from itfriend.core.quoting import quoted

WINDOWS_CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257")
_PREFERRED = "cp1252"
_SAMPLE_START = 32_000
_SAMPLE_LINES = 32_000  # bytes of the lines holding non-ASCII bytes, after the start
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")
_TIE = 0.01  # detector scores closer than this are taken as equal
FIX_ENCODING = "save it as 'CSV UTF-8', or pass --encoding with the file's encoding"
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with a byte-order mark", "utf-16": "UTF-16"}


def encoding_name(encoding: str) -> str:
    """How the summary names an encoding (the codec name itself is what --encoding takes)."""
    return _NAMES.get(encoding, encoding)


def decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """The file's text and the encoding it was read in; ImportFileError if it cannot be read."""
    if encoding:
        return _decoded_as(data, name, _known(encoding)), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _decoded_as(data, name, "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded_as(data, name, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = detect_code_page(data)
    if detected is None:
        raise ImportFileError(
            f"{name} is neither UTF-8 nor in a Windows code page itfriend can tell; {FIX_ENCODING}"
        )
    return _decoded_as(data, name, detected), detected


def detect_code_page(data: bytes) -> str | None:
    """The Windows code page the detector finds most likely for a sample of ``data``."""
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE_START]
    extra = bytearray()
    for found in _NON_ASCII_LINE.finditer(data, len(sample)):
        extra += found.group()
        if len(extra) >= _SAMPLE_LINES:
            break
    matches = list(from_bytes(sample + b"\n" + bytes(extra), cp_isolation=list(WINDOWS_CODE_PAGES)))
    if not matches:
        return None
    best = matches[0]
    tied = [
        match
        for match in matches
        if abs(match.chaos - best.chaos) < _TIE and abs(match.coherence - best.coherence) < _TIE
    ]
    # The detector keeps one match for code pages that read the bytes alike.
    if any(_PREFERRED in match.could_be_from_charset for match in tied):
        return _PREFERRED
    return codecs.lookup(best.encoding).name


def _known(encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportFileError(
            f"{quoted(encoding)} is not an encoding Python knows (try utf-8, cp1252 or latin-1)"
        ) from None
    return encoding


def _decoded_as(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(
            f"{name} is not {encoding_name(encoding)}: byte 0x{data[exc.start]:02x} on line "
            f"{line} cannot be decoded; {FIX_ENCODING}"
        ) from None
