"""Stored templates: the shipped defaults, search, edit, use counts, import and export.

On first use the shipped defaults (``resources/templates/*.md``) are copied into the database,
marked ``is_default``. Each default is seeded once: one the user deleted does not come back, and
one shipped by a later version is added then. Every write is one transaction, validated first.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import ValidationError
from itfriend.core.models import AppState, Template
from itfriend.core.safe_files import write_text_atomically
from itfriend.core.search_text import contains_pattern
from itfriend.core.templates.errors import TemplateError, TemplateLimitError
from itfriend.core.templates.fileformat import (
    TemplateDraft,
    clean_draft,
    format_template_text,
    parse_template_text,
)
from itfriend.core.templates.reading import read_template_file
from itfriend.core.templates.records import (
    TemplateRecord,
    assign,
    check_name_free,
    default_drafts,
    find,
    free_copy_name,
    lookup,
    to_record,
)
from itfriend.core.templates.rendering import check_limits, validate_template

_SEEDED_KEY = "templates.seeded_defaults"


def checked_draft(draft: TemplateDraft, body_first_line: int | None = None) -> TemplateDraft:
    """The draft cleaned, or TemplateError for a bad field, syntax, unsafe part, unknown value,
    or (TemplateLimitError) for going past a limit when filled in for a sample person."""
    validate_template(draft, body_first_line)
    cleaned = clean_draft(draft)
    check_limits(cleaned)
    return cleaned


class TemplateService:
    """Lists, finds, edits, counts the use of, imports and exports email templates."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._seeded = False
        self._seed_lock = threading.Lock()

    # --- reading -------------------------------------------------------------------------

    def list(self, search: str = "") -> list[TemplateRecord]:
        """Templates, most used first, then most recently used, then by name.

        ``search`` matches (case-insensitively) the name, category, abbreviation, subject, body.
        """
        self._ensure_defaults()
        query = select(Template).order_by(
            Template.use_count.desc(),
            Template.last_used_at.is_(None),
            Template.last_used_at.desc(),
            func.lower(Template.name),
        )
        text = search.strip()
        if text:
            pattern = contains_pattern(text)
            query = query.where(
                or_(
                    *(
                        column.ilike(pattern, escape="\\")
                        for column in (
                            Template.name,
                            Template.category,
                            Template.abbreviation,
                            Template.subject,
                            Template.body,
                        )
                    )
                )
            )
        with self._db.transaction() as session:
            return [to_record(t) for t in session.scalars(query)]

    def get(self, name: str) -> TemplateRecord:
        """The template of this name (any case), or else of this abbreviation."""
        self._ensure_defaults()
        with self._db.transaction() as session:
            return to_record(find(session, name))

    # --- writing -------------------------------------------------------------------------

    def create(self, draft: TemplateDraft) -> TemplateRecord:
        """Add a new template; ValidationError if the name is taken or the text is not valid."""
        cleaned = checked_draft(draft)
        self._ensure_defaults()
        with self._db.transaction() as session:
            return to_record(self._insert(session, cleaned))

    def update(self, name: str, draft: TemplateDraft) -> TemplateRecord:
        """Replace the fields of template ``name`` with ``draft`` (which may rename it)."""
        cleaned = checked_draft(draft)
        self._ensure_defaults()
        with self._db.transaction() as session:
            template = find(session, name)
            check_name_free(session, cleaned.name, template.id)
            assign(template, cleaned)
            template.is_default = False
            template.updated_at = self._clock.now()
            return to_record(template)

    def save(self, draft: TemplateDraft, original_name: str | None = None) -> TemplateRecord:
        """Create (no ``original_name``) or update: what the editor's Save button does."""
        return self.create(draft) if original_name is None else self.update(original_name, draft)

    def rename(self, name: str, new_name: str) -> TemplateRecord:
        current = self.get(name)
        return self.update(
            name,
            TemplateDraft(
                new_name, current.subject, current.body, current.category, current.abbreviation
            ),
        )

    def duplicate(self, name: str, new_name: str | None = None) -> TemplateRecord:
        """A copy of a template, named ``new_name`` or "NAME (copy)", "NAME (copy 2)"..."""
        self._ensure_defaults()
        with self._db.transaction() as session:
            source = find(session, name)
            target = new_name or free_copy_name(session, source.name)
            copy = TemplateDraft(target, source.subject, source.body, source.category, "")
            return to_record(self._insert(session, clean_draft(copy)))

    def delete(self, name: str) -> str:
        """Delete a template; returns its name."""
        self._ensure_defaults()
        with self._db.transaction() as session:
            template = find(session, name)
            session.delete(template)
            return template.name

    def record_use(self, name: str) -> TemplateRecord:
        """Count one use now, so the picker shows the template earlier next time."""
        self._ensure_defaults()
        with self._db.transaction() as session:
            template = find(session, name)
            template.use_count = (template.use_count or 0) + 1
            template.last_used_at = self._clock.now()
            return to_record(template)

    # --- files ---------------------------------------------------------------------------

    def import_file(self, path: Path, replace: bool = False) -> TemplateRecord:
        """Add the template in a file (the format of ``fileformat``); with ``replace``, one of the
        same name is overwritten. A bad or unsafe file is refused with the reason; nothing is
        written then."""
        text = read_template_file(Path(path))
        try:
            parsed = parse_template_text(text)
            draft = checked_draft(parsed.draft, body_first_line=parsed.body_line)
        except TemplateLimitError as exc:
            raise TemplateLimitError(f"cannot import {Path(path).name}: {exc}", exc.limit) from None
        except TemplateError as exc:
            raise TemplateError(f"cannot import {Path(path).name}: {exc}", exc.line) from None
        self._ensure_defaults()
        with self._db.transaction() as session:
            existing = lookup(session, draft.name)
            if existing is not None and existing.name.lower() == draft.name.lower():
                if not replace:
                    raise ValidationError(
                        f"there is already a template named '{existing.name}'; "
                        "rename the one in the file or replace it"
                    )
                assign(existing, draft)
                existing.is_default = False
                existing.updated_at = self._clock.now()
                return to_record(existing)
            return to_record(self._insert(session, draft))

    def export_file(self, name: str, path: Path, overwrite: bool = False) -> Path:
        """Write a template to a file in the documented format; returns the path."""
        record = self.get(name)
        target = Path(path)
        if not overwrite and _taken(target):
            raise ValidationError(f"{target} already exists; choose another file or overwrite it")
        # All or nothing, and a link at the target is replaced, never followed (nor created
        # through, if dangling).
        write_text_atomically(
            target,
            format_template_text(record.to_draft()),
            outcome=f"the template '{record.name}' was not exported",
        )
        return target

    # --- inside --------------------------------------------------------------------------

    def _insert(self, session: Session, draft: TemplateDraft, default: bool = False) -> Template:
        check_name_free(session, draft.name, None)
        now = self._clock.now()
        template = Template(is_default=default, use_count=0, created_at=now, updated_at=now)
        assign(template, draft)
        session.add(template)
        session.flush()
        return template

    def _ensure_defaults(self) -> None:
        """Copy each shipped default into the database once (in one transaction).

        Windows read templates on worker threads, two at once at start (the picker and the
        Templates window): the lock keeps them from seeding the same defaults twice.
        """
        if self._seeded or self._db.write_refusal is not None:
            return  # a database that takes no write (full disk...) lists what it holds
        with self._seed_lock:
            if not self._seeded:
                self._seed()

    def _seed(self) -> None:
        drafts = default_drafts()
        with self._db.transaction() as session:
            state = session.get(AppState, _SEEDED_KEY) or AppState(key=_SEEDED_KEY, value="")
            seeded = set(filter(None, state.value.split("\n")))
            for draft in drafts:
                if draft.name not in seeded and lookup(session, draft.name, False) is None:
                    self._insert(session, draft, default=True)
                seeded.add(draft.name)
            state.value = "\n".join(sorted(seeded))
            session.merge(state)
        self._seeded = True


def _taken(target: Path) -> bool:
    """Whether something (a file, a folder, a link even dangling) is at ``target``; a name the
    file system cannot even look up is not (writing it then says why)."""
    try:
        return target.exists() or target.is_symlink()
    except OSError:
        return False
