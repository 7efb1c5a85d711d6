"""Reads vCard 3.0 and 4.0 files (and Outlook's 2.1 as far as it goes), several cards per file.

A small parser on purpose: it unfolds continuation lines, splits a content line into name,
parameters and value (parameter values may be quoted and hold ':' or ';'), and undoes the text
escapes ``\\,`` ``\\;`` ``\\n`` ``\\\\``. Fields itfriend has and vCard lacks travel as
``X-ITFRIEND-*`` properties, so that an exported file imports back to the same people.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator

from itfriend.core.contacts_io.encodings import text_codec
from itfriend.core.contacts_io.records import (
    ParsedContact,
    capped,
    join_name,
    normalise_birthday,
)
from itfriend.core.errors import ImportFileError

# Our own properties for the fields vCard has no place for.
EXTENSIONS = {
    "X-ITFRIEND-BUILDING": "building",
    "X-ITFRIEND-FLOOR": "floor",
    "X-ITFRIEND-ROOM": "room",
    "X-ITFRIEND-PERSONAL-NOTES": "personal_notes",
    "X-ITFRIEND-CADENCE-DAYS": "cadence_days",
}
SYSTEMS_PROPERTY = "X-ITFRIEND-SYSTEMS"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


class _Property:
    """One unfolded content line: ``[group.]NAME *(;PARAM[=VALUE]) : VALUE``."""

    def __init__(self, name: str, params: dict[str, list[str]], value: str) -> None:
        self.name = name
        self.params = params
        self.value = value

    def has_type(self, kind: str) -> bool:
        return kind in self.params.get("TYPE", []) or (kind == "pref" and "PREF" in self.params)


def parse_vcards(text: str, file_name: str, warnings: list[str]) -> list[ParsedContact]:
    """The people in a vCard file; raise ImportFileError naming each malformed line or card."""
    problems: list[str] = []
    contacts: list[ParsedContact] = []
    card: list[_Property] | None = None
    start = 0
    for number, line in _unfold(text):
        prop = _parse_line(line)
        if prop is None:
            problems.append(f"line {number}: '{line[:40]}' is not a vCard line (NAME:value)")
            continue
        is_vcard = prop.value.strip().upper() == "VCARD"
        if prop.name == "BEGIN" and is_vcard:
            if card is not None:
                problems.append(f"line {start}: the card that starts here has no END:VCARD")
            card, start = [], number
        elif prop.name == "END" and is_vcard:
            if card is None:
                problems.append(f"line {number}: END:VCARD without a BEGIN:VCARD before it")
            else:
                contact = _contact(card, start, warnings)
                if "name" not in contact.fields:
                    problems.append(
                        f"line {start}: the card that starts here has no name (no FN or N line)"
                    )
                contacts.append(contact)
            card = None
        elif card is None:
            problems.append(f"line {number}: '{line[:40]}' is outside BEGIN:VCARD ... END:VCARD")
        else:
            card.append(prop)
    if card is not None:
        problems.append(f"line {start}: the card that starts here has no END:VCARD")
    if problems:
        raise ImportFileError(
            f"{file_name} is not a valid vCard file; nothing was imported", capped(problems)
        )
    if not contacts:
        raise ImportFileError(f"{file_name} holds no BEGIN:VCARD ... END:VCARD card")
    return contacts


def _unfold(text: str) -> Iterator[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts on."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        continues_qp = (
            bool(current) and current[-1].endswith("=") and _is_quoted_printable(current[0])
        )
        if current and (raw[:1] in (" ", "\t")):
            current.append(raw[1:])  # RFC 6350 3.2: drop the break and one whitespace character
        elif continues_qp:
            current[-1] = current[-1][:-1]  # vCard 2.1 quoted-printable soft line break
            current.append(raw)
        else:
            if current and "".join(current).strip():
                yield start, "".join(current)
            current, start = [raw], number
    if current and "".join(current).strip():
        yield start, "".join(current)


def _is_quoted_printable(line: str) -> bool:
    return "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()


def _parse_line(line: str) -> _Property | None:
    colon = _outside_quotes(line, ":")
    if colon is None:
        return None
    head, value = line[:colon], line[colon + 1 :]
    pieces = _split_unquoted(head, ";")
    name = pieces[0].strip().upper().rsplit(".", 1)[-1]  # drop a group prefix ("item1.EMAIL")
    if not name:
        return None
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        key, sep, raw = piece.partition("=")
        if not sep:  # vCard 2.1 bare parameter: "TEL;WORK;VOICE:..."
            key, raw = "TYPE", piece
        values = [v.strip().strip('"') for v in _split_unquoted(raw, ",")]
        params.setdefault(key.strip().upper(), []).extend(
            v.lower() if key.strip().upper() == "TYPE" else v for v in values
        )
    if "QUOTED-PRINTABLE" in [v.upper() for v in params.get("ENCODING", [])]:
        # A charset that is no text encoding (base64, idna, undefined) is read as UTF-8.
        charset = text_codec((params.get("CHARSET") or ["utf-8"])[0]) or "utf-8"
        raw_bytes = quopri.decodestring(value.encode("ascii", "replace"))
        try:
            value = raw_bytes.decode(charset, "replace")
        except UnicodeError:
            value = raw_bytes.decode("utf-8", "replace")
    return _Property(name, params, value)


def _outside_quotes(text: str, char: str) -> int | None:
    quoted = False
    for index, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            return index
    return None


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts, start, quoted = [], 0, False
    for index, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == separator and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def unescape(text: str) -> str:
    """Undo vCard text escaping: ``\\n`` is a line break, ``\\,`` ``\\;`` ``\\\\`` themselves."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def split_escaped(value: str, separator: str) -> list[str]:
    """Split a structured value at separators that are not escaped, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for c in chars:
        if c == "\\":
            current.append(c + next(chars, ""))
        elif c == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(c)
    parts.append(unescape("".join(current)))
    return parts


def _pick(props: list[_Property], name: str, *preferred: str) -> _Property | None:
    """The property of this name marked with the first preferred type, else the first one."""
    matching = [p for p in props if p.name == name and p.value.strip()]
    for kind in preferred:
        for prop in matching:
            if prop.has_type(kind):
                return prop
    return matching[0] if matching else None


def _contact(props: list[_Property], line: int, warnings: list[str]) -> ParsedContact:
    contact = ParsedContact(line, label=f"card at line {line}")
    values = {p.name: p for p in reversed(props) if p.value.strip()}  # first of each name wins
    if "FN" in values:
        contact.put("name", unescape(values["FN"].value))
    if "N" in values:
        family, given, additional, _prefix, suffix, *_ = [
            *split_escaped(values["N"].value, ";"),
            "",
            "",
            "",
            "",
            "",
        ]
        contact.put("name", join_name(given, additional, family, suffix))
    if "NICKNAME" in values:
        contact.put("preferred_name", split_escaped(values["NICKNAME"].value, ",")[0])
    email = _pick(props, "EMAIL", "pref", "work")
    if email:
        contact.put("email", unescape(email.value).removeprefix("mailto:"))
    tel = _pick(props, "TEL", "pref", "work")
    if tel:
        contact.put("phone", unescape(tel.value).removeprefix("tel:"))
    for name in ("TITLE", "ROLE"):
        if name in values:
            contact.put("role", unescape(values[name].value))
    if "ORG" in values:
        units = split_escaped(values["ORG"].value, ";")
        contact.put("department", units[1] if len(units) > 1 else "")
    notes = [unescape(p.value).strip() for p in props if p.name == "NOTE" and p.value.strip()]
    contact.put("notes", "\n\n".join(notes))
    if "BDAY" in values and "text" in [v.lower() for v in values["BDAY"].params.get("VALUE", [])]:
        warnings.append(
            f"{contact.where}: birthday '{unescape(values['BDAY'].value)}' is text, "
            "not a date; the birthday was not imported"
        )
    elif "BDAY" in values:
        contact.put(
            "birthday", normalise_birthday(unescape(values["BDAY"].value), contact.where, warnings)
        )
    for prop_name, key in EXTENSIONS.items():
        if prop_name in values:
            contact.put(key, unescape(values[prop_name].value))
    if SYSTEMS_PROPERTY in values:
        contact.put(
            "systems",
            [s.strip() for s in split_escaped(values[SYSTEMS_PROPERTY].value, ",") if s.strip()],
        )
    return contact
