"""Tells which encoding a contacts file is in, so that no technician needs to know or name it.

A byte-order mark settles it (UTF-8 as Excel writes "CSV UTF-8", UTF-16 as Outlook writes
"Unicode" text); so does text that is valid UTF-8, which a file in a legacy code page almost never
is. Anything else was written by Windows in its code page: charset-normalizer picks among the
code pages Outlook and Excel use on a European or American Windows (``WINDOWS_CODE_PAGES``),
reading a bounded sample (the start, and lines with non-ASCII bytes), so a big file costs no more.

Names alone are often too short for the detector to tell cp1252 from cp1250 or cp1251: its
ranking is checked against signs of a wrong reading (``plausible``), and when readings that differ
are still equally likely, the import warns that the encoding is a guess. The import's summary says
which encoding was used, and ``--encoding`` overrides it.
"""

from __future__ import annotations

import codecs
import re

from itfriend.core.contacts_io.plausible import implausibility
from itfriend.core.errors import ImportFileError
from itfriend.core.quoting import quoted

WINDOWS_CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257")
_PREFERRED = "cp1252"
_SAMPLE_START = 32_000
_SAMPLE_LINES = 32_000  # bytes of the lines holding non-ASCII bytes, after the start
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")
_TIE = 0.01  # detector scores closer than this are taken as equal
FIX_ENCODING = "save it as 'CSV UTF-8', or pass --encoding with the file's encoding"
# Text codecs that are no file's encoding: they raise on ordinary text, whatever it holds.
_NOT_FILE_ENCODINGS = frozenset({"undefined", "idna", "punycode"})
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with a byte-order mark", "utf-16": "UTF-16"}


def encoding_name(encoding: str) -> str:
    """How the summary names an encoding (the codec name itself is what --encoding takes)."""
    return _NAMES.get(encoding, encoding)


def decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str, str]:
    """The file's text, the encoding it was read in, and a doubt about a guessed code page ("" if
    none); ImportFileError if it cannot be read."""
    if encoding:
        return _decoded_as(data, name, _known(encoding)), encoding, ""
    if data.startswith(codecs.BOM_UTF8):
        return _decoded_as(data, name, "utf-8-sig"), "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded_as(data, name, "utf-16"), "utf-16", ""
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        not_utf8 = exc.start
    detected = detect_code_page(data)
    if detected is None:
        nul = data.find(b"\x00")
        where = (
            f"it has a NUL byte at {_where(data, nul)}"
            if nul != -1
            else f"byte 0x{data[not_utf8]:02x} at {_where(data, not_utf8)} is not UTF-8"
        )
        raise ImportFileError(
            f"{name} is neither UTF-8 nor in a Windows code page itfriend can tell ({where}); "
            f"{FIX_ENCODING}"
        )
    return _decoded_as(data, name, detected[0]), *detected


def detect_code_page(data: bytes) -> tuple[str, str] | None:
    """The Windows code page ``data`` is most likely in, and a doubt to report ("" if none).

    The detector ranks the code pages; ``plausible`` then rules out readings that show signs of
    a wrong code page (a symbol inside a word, letters no one language writes together). Among
    the readings left that the detector scores alike, cp1252 is taken when it is one of them (as
    Windows' code page for Western Europe and the Americas), else the detector's first. When
    those readings differ, the guess is uncertain and the doubt names the others.
    """
    from charset_normalizer import from_bytes

    sample = data[:_SAMPLE_START]
    extra = bytearray()
    for found in _NON_ASCII_LINE.finditer(data, len(sample)):
        extra += found.group()
        if len(extra) >= _SAMPLE_LINES:
            break
    sample += b"\n" + bytes(extra)
    matches = list(from_bytes(sample, cp_isolation=list(WINDOWS_CODE_PAGES)))
    if not matches:
        return None
    signs = [implausibility(str(match)) for match in matches]
    fewest = min(signs)
    left = [match for match, n in zip(matches, signs, strict=True) if n == fewest]
    first = left[0]
    alike = [
        match
        for match in left
        if abs(match.chaos - first.chaos) < _TIE and abs(match.coherence - first.coherence) < _TIE
    ]
    chosen = next((m for m in alike if _PREFERRED in m.could_be_from_charset), first)
    same = chosen.could_be_from_charset  # code pages that read the bytes alike
    name = _PREFERRED if _PREFERRED in same else codecs.lookup(chosen.encoding).name
    others = [codecs.lookup(m.encoding).name for m in alike if str(m) != str(chosen)]
    if not others:
        return name, ""
    return name, (
        f"the encoding is a guess: the file reads as {name} or as {' or '.join(others)}; "
        "if names look wrong, import it again with --encoding and the right one"
    )


def text_codec(encoding: str) -> str | None:
    """The codec name if ``encoding`` is a text encoding Python knows, else None.

    codecs.lookup also knows bytes-to-bytes codecs (base64, hex, zlib) and str-to-str ones
    (rot13), which ``bytes.decode`` refuses with a LookupError; "undefined" and "idna" raise on
    any text. None of them is a file's encoding.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a name holding a NUL
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        return None
    return info.name


def _known(encoding: str) -> str:
    if text_codec(encoding) is None:
        raise ImportFileError(
            f"{quoted(encoding)} is not a text encoding Python knows (try utf-8, cp1252 or latin-1)"
        )
    return encoding


def _decoded_as(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{name} is not {encoding_name(encoding)}: byte 0x{data[exc.start]:02x} at "
            f"{_where(data, exc.start)} cannot be decoded; {FIX_ENCODING}"
        ) from None
    except UnicodeError as exc:  # a codec that refuses text as such, not one byte of it
        raise ImportFileError(f"{name} cannot be read as {encoding}: {exc}") from None


def _where(data: bytes, position: int) -> str:
    """The line and column (counted in bytes) of ``position`` in ``data``."""
    line = data.count(b"\n", 0, position) + 1
    column = position - data.rfind(b"\n", 0, position)
    return f"line {line}, column {column}"
