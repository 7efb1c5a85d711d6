"""The template file format: the one of the shipped defaults, of import and of export.

A template file is UTF-8 text. It starts with a front matter of ``key: value`` lines between two
lines of three dashes, then the body::

    ---
    name: Laptop delay
    category: Equipment
    abbreviation: lapdel
    subject: Your new laptop: a short delay
    ---
    Hi {{ person.first_name | default("there") }},

    Your new laptop is running late; it should now arrive on {{ format_date(new_date) }}.

The keys are ``name`` (required), ``subject``, ``category`` and ``abbreviation``; each at most
once, in any order. Blank lines and lines starting with ``#`` in the front matter are skipped.
The subject and the body are Jinja2 templates (see ``itfriend.core.templates.rendering``). A file
without a category or an abbreviation is fine. Anything else is refused with the line it is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from itfriend.core.quoting import quoted
from itfriend.core.templates.errors import TemplateError

FRONT_MATTER_KEYS = ("name", "category", "abbreviation", "subject")
_DELIMITER = "---"
# Longest accepted values; the name and abbreviation limits are the database columns'.
LIMITS = {"name": 200, "category": 100, "abbreviation": 50, "subject": 1000, "body": 100_000}


@dataclass(frozen=True)
class TemplateDraft:
    """A template's text fields, before (or without) being stored: what files and editors hold."""

    name: str
    subject: str
    body: str
    category: str = ""
    abbreviation: str = ""


@dataclass(frozen=True)
class TemplateFile:
    """A parsed file: the draft, and the file line its body starts on (for error lines)."""

    draft: TemplateDraft
    body_line: int


def parse_template_text(text: str) -> TemplateFile:
    """Read a template file's text; raise TemplateError naming the line of the first problem."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or lines[index].strip() != _DELIMITER:
        raise TemplateError(
            f"line {index + 1}: a template file starts with a line '---', then lines such as "
            "'name: ...' and 'subject: ...', another '---', then the body",
            line=index + 1,
        )
    fields: dict[str, str] = {}
    index += 1
    while True:
        if index >= len(lines):
            raise TemplateError(
                f"line {index}: the front matter is never closed with a line '---' before the body",
                line=index,
            )
        line, number = lines[index].strip(), index + 1
        index += 1
        if line == _DELIMITER:
            break
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon:
            raise TemplateError(
                f"line {number}: expected 'key: value', found {quoted(line)}", number
            )
        if key not in FRONT_MATTER_KEYS:
            raise TemplateError(
                f"line {number}: unknown key {quoted(key)}; "
                f"the keys are {', '.join(FRONT_MATTER_KEYS)}",
                number,
            )
        if key in fields:
            raise TemplateError(f"line {number}: {quoted(key)} is given twice", number)
        fields[key] = value.strip()
    body_lines = lines[index:]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        index += 1
    if "name" not in fields:
        raise TemplateError("line 1: the front matter has no 'name: ...' line", 1)
    draft = TemplateDraft(
        name=fields["name"],
        subject=fields.get("subject", ""),
        body="\n".join(body_lines),
        category=fields.get("category", ""),
        abbreviation=fields.get("abbreviation", ""),
    )
    return TemplateFile(clean_draft(draft), body_line=index + 1)


def format_template_text(draft: TemplateDraft) -> str:
    """The file text of a template; ``parse_template_text`` reads it back unchanged."""
    head = [f"name: {draft.name}"]
    head += [
        f"{key}: {getattr(draft, key)}"
        for key in ("category", "abbreviation")
        if getattr(draft, key)
    ]
    head.append(f"subject: {draft.subject}")
    return f"{_DELIMITER}\n" + "\n".join(head) + f"\n{_DELIMITER}\n{draft.body}\n"


def clean_draft(draft: TemplateDraft) -> TemplateDraft:
    """Trim the fields and check their lengths; the name and one-line fields stay one line."""
    cleaned = TemplateDraft(
        name=draft.name.strip(),
        subject=draft.subject.strip(),
        body=draft.body.replace("\r\n", "\n").strip("\n").rstrip(),
        category=draft.category.strip(),
        abbreviation=draft.abbreviation.strip(),
    )
    if not cleaned.name:
        raise TemplateError("a template needs a name")
    for key, limit in LIMITS.items():
        value = getattr(cleaned, key)
        if len(value) > limit:
            raise TemplateError(f"the {key} is too long ({len(value)} characters, at most {limit})")
        if key != "body" and "\n" in value:
            raise TemplateError(f"the {key} must be one line")
    return cleaned
