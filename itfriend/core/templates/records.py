"""Stored templates as plain records, and the lookups the service shares.

``TemplateRecord`` is what every caller gets: frozen plain values, usable after the database
session is gone (the picker keeps a list of them).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import Template
from itfriend.core.quoting import quoted
from itfriend.core.resources import resource_path
from itfriend.core.templates.errors import TemplateError
from itfriend.core.templates.fileformat import TemplateDraft, parse_template_text


@dataclass(frozen=True)
class TemplateRecord:
    """A stored template, as plain values (detached from any database session)."""

    id: int
    name: str
    category: str
    subject: str
    body: str
    abbreviation: str
    use_count: int
    last_used_at: datetime | None
    is_default: bool = False

    def to_draft(self) -> TemplateDraft:
        return TemplateDraft(self.name, self.subject, self.body, self.category, self.abbreviation)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "abbreviation": self.abbreviation,
            "subject": self.subject,
            "body": self.body,
            "use_count": self.use_count,
            "is_default": self.is_default,
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
        }


def default_drafts() -> list[TemplateDraft]:
    """The templates shipped in ``resources/templates``, by file name."""
    folder = resource_path("templates")
    drafts = []
    for path in sorted(folder.glob("*.md")):
        try:
            drafts.append(parse_template_text(path.read_text(encoding="utf-8")).draft)
        except TemplateError as exc:
            raise TemplateError(f"shipped template {path.name}: {exc}") from None
    return drafts


def assign(template: Template, draft: TemplateDraft) -> None:
    template.name = draft.name
    template.category = draft.category
    template.subject = draft.subject
    template.body = draft.body
    template.abbreviation = draft.abbreviation


def to_record(template: Template) -> TemplateRecord:
    return TemplateRecord(
        id=template.id,
        name=template.name,
        category=template.category or "",
        subject=template.subject or "",
        body=template.body or "",
        abbreviation=template.abbreviation or "",
        use_count=template.use_count or 0,
        last_used_at=template.last_used_at,
        is_default=bool(template.is_default),
    )


def lookup(session: Session, name: str, by_abbreviation: bool = True) -> Template | None:
    key = name.strip().lower()
    found = session.scalar(select(Template).where(func.lower(Template.name) == key))
    if found is None and by_abbreviation and key:
        found = session.scalars(
            select(Template).where(func.lower(Template.abbreviation) == key).order_by(Template.id)
        ).first()
    return found


def find(session: Session, name: str) -> Template:
    found = lookup(session, name)
    if found is not None:
        return found
    names = list(session.scalars(select(Template.name)))
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    close += [n for n in names if name.strip().lower() in n.lower() and n not in close][:5]
    hint = f"; did you mean: {', '.join(close)}?" if close else "; see 'itfriend templates list'"
    raise NotFoundError(f"there is no template {quoted(name)}{hint}")


def check_name_free(session: Session, name: str, own_id: int | None) -> None:
    other = lookup(session, name, by_abbreviation=False)
    if other is not None and other.id != own_id:
        raise ValidationError(f"there is already a template named '{other.name}'")


def free_copy_name(session: Session, name: str) -> str:
    for number in range(1, 1000):
        candidate = f"{name} (copy)" if number == 1 else f"{name} (copy {number})"
        if lookup(session, candidate, by_abbreviation=False) is None:
            return candidate[:200]
    raise ValidationError(f"too many copies of {quoted(name)} already")
