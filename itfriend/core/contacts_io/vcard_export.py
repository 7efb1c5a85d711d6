"""Writes people as vCard 3.0 (RFC 2426), the version every address book still reads.

Text is escaped, long lines are folded at 75 octets without splitting a UTF-8 character, and
lines end with CRLF. Fields vCard has no place for go in ``X-ITFRIEND-*`` properties, which other
programs ignore and ``vcard.parse_vcards`` reads back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from itfriend.core.contacts_io.vcard import EXTENSIONS, SYSTEMS_PROPERTY

_FOLD_AT = 75


def escape(text: str) -> str:
    """vCard text escaping: backslash, line breaks, comma and semicolon."""
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def vcard_lines(person: dict[str, Any]) -> Iterator[str]:
    """The unfolded content lines of one person's card."""
    name = person["name"]
    words = name.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")
    yield "BEGIN:VCARD"
    yield "VERSION:3.0"
    yield f"FN:{escape(name)}"
    yield f"N:{escape(family)};{escape(given)};;;"
    if person.get("preferred_name"):
        yield f"NICKNAME:{escape(person['preferred_name'])}"
    if person.get("email"):
        yield f"EMAIL;TYPE=INTERNET,PREF:{escape(person['email'])}"
    if person.get("phone"):
        yield f"TEL;TYPE=WORK,VOICE:{escape(person['phone'])}"
    if person.get("role"):
        yield f"TITLE:{escape(person['role'])}"
    if person.get("department"):
        yield f"ORG:;{escape(person['department'])}"
    if person.get("birthday"):
        yield f"BDAY:{person['birthday']}"
    if person.get("notes"):
        yield f"NOTE:{escape(person['notes'])}"
    for prop_name, key in EXTENSIONS.items():
        value = person.get(key)
        if value not in (None, ""):
            yield f"{prop_name}:{escape(str(value))}"
    if person.get("systems"):
        yield f"{SYSTEMS_PROPERTY}:" + ",".join(escape(s) for s in person["systems"])
    yield "END:VCARD"


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets joined by CRLF and a space."""
    if len(line) <= _FOLD_AT // 4 or len(line.encode("utf-8")) <= _FOLD_AT:
        return line
    chunks: list[str] = []
    current: list[str] = []
    size, limit = 0, _FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, _FOLD_AT - 1  # the leading space counts
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def vcard_text(person: dict[str, Any]) -> str:
    """One person's card, folded, with CRLF line ends."""
    return "".join(fold(line) + "\r\n" for line in vcard_lines(person))
