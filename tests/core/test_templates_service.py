"""Stored templates: seeding the defaults, ordering, edits, use counts, files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from itfriend.core.clock import FakeClock
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import Template
from itfriend.core.services import Services
from itfriend.core.templates import TemplateDraft, TemplateError, TemplateService
from itfriend.core.templates.records import default_drafts

GOOD = TemplateDraft(
    name="Printer fixed",
    subject="Your printer works again",
    body="Hi {{ person.first_name }},\n\nThe printer works again.\n\n{{ me.name }}",
    category="Printing",
    abbreviation="prn",
)


def names(service: TemplateService, search: str = "") -> list[str]:
    return [t.name for t in service.list(search)]


def test_defaults_are_seeded_once_and_a_deleted_one_stays_deleted(services: Services) -> None:
    shipped = [d.name for d in default_drafts()]
    assert len(shipped) >= 10
    assert sorted(names(services.templates)) == sorted(shipped)
    assert all(t.is_default for t in services.templates.list())
    services.templates.delete("Password reset")
    again = TemplateService(services.db, services.clock)  # a later start of the app
    assert "Password reset" not in names(again)
    assert len(names(again)) == len(shipped) - 1


def test_list_orders_most_used_then_most_recent(services: Services, clock: FakeClock) -> None:
    templates = services.templates
    templates.record_use("System back up")
    clock.advance(minutes=5)
    templates.record_use("Voicemail reset")
    clock.advance(minutes=5)
    templates.record_use("Voicemail reset")
    templates.record_use("Follow-up check-in")
    listed = names(templates)
    assert listed[:3] == ["Voicemail reset", "Follow-up check-in", "System back up"]
    record = templates.get("voicemail reset")
    assert record.use_count == 2
    assert record.last_used_at == clock.now()


def test_search_matches_name_category_abbreviation_and_text(services: Services) -> None:
    templates = services.templates
    assert names(templates, "maint") == ["Planned maintenance notice"]
    assert "Voicemail reset" in names(templates, "PIN")  # in the body
    assert names(templates, "onboarding") == ["New starter welcome"]
    assert names(templates, "100%_nothing") == []


def test_get_by_name_or_abbreviation_and_close_names_when_missing(services: Services) -> None:
    assert services.templates.get("vm").name == "Voicemail reset"
    with pytest.raises(NotFoundError, match="did you mean: Password reset"):
        services.templates.get("pasword reset")


def test_create_update_rename_duplicate_delete(services: Services, clock: FakeClock) -> None:
    templates = services.templates
    created = templates.create(GOOD)
    assert (created.name, created.abbreviation, created.use_count) == ("Printer fixed", "prn", 0)
    assert not created.is_default
    with pytest.raises(ValidationError, match="already a template named 'Printer fixed'"):
        templates.create(TemplateDraft("printer FIXED", "s", "b"))

    changed = templates.update(
        "Printer fixed",
        TemplateDraft("Printer fixed", "Fixed: {{ system }}", "All good.", "Printing"),
    )
    assert (changed.subject, changed.body, changed.abbreviation) == (
        "Fixed: {{ system }}",
        "All good.",
        "",
    )
    renamed = templates.rename("Printer fixed", "Printer repaired")
    assert renamed.id == created.id
    with pytest.raises(NotFoundError):
        templates.get("Printer fixed")

    copy = templates.duplicate("Printer repaired")
    second = templates.duplicate("Printer repaired")
    assert (copy.name, second.name) == ("Printer repaired (copy)", "Printer repaired (copy 2)")
    assert copy.body == renamed.body and copy.id != renamed.id

    assert templates.delete("Printer repaired (copy)") == "Printer repaired (copy)"
    assert "Printer repaired (copy)" not in names(templates)


def test_editing_a_default_marks_it_as_no_longer_the_shipped_copy(services: Services) -> None:
    templates = services.templates
    original = templates.get("Password reset")
    templates.save(original.to_draft(), original_name="Password reset")
    assert templates.get("Password reset").is_default is False


def test_invalid_templates_are_refused_and_nothing_changes(services: Services) -> None:
    templates = services.templates
    templates.create(GOOD)
    bad = [
        TemplateDraft("", "s", "b"),
        TemplateDraft("Broken", "s", "Hi\n{% if x %}"),
        TemplateDraft("Unsafe", "s", "{{ ''.__class__ }}"),
        TemplateDraft("Typo", "s", "{{ person.frist_name }}"),
        TemplateDraft("Two\nlines", "s", "b"),
    ]
    for draft in bad:
        with pytest.raises(ValidationError):
            templates.create(draft)
    with pytest.raises(TemplateError, match="body line 2"):
        templates.update("Printer fixed", TemplateDraft("Printer fixed", "s", "ok\n{{ oops"))
    assert templates.get("Printer fixed").body == GOOD.body
    with services.db.transaction() as session:
        stored = set(session.scalars(select(Template.name)))
    assert not {"Broken", "Unsafe", "Typo", ""} & stored


def test_export_then_import_round_trip(services: Services, tmp_path: Path) -> None:
    templates = services.templates
    templates.create(GOOD)
    path = templates.export_file("prn", tmp_path / "printer.md")
    assert path.read_text(encoding="utf-8").startswith("---\nname: Printer fixed\n")
    with pytest.raises(ValidationError, match="already exists"):
        templates.export_file("prn", path)
    with pytest.raises(ValidationError, match="already a template named"):
        templates.import_file(path)
    templates.delete("Printer fixed")
    imported = templates.import_file(path)
    assert imported.to_draft() == GOOD

    path.write_text(
        path.read_text(encoding="utf-8").replace("works again.", "is back."), encoding="utf-8"
    )
    replaced = templates.import_file(path, replace=True)
    assert replaced.id == imported.id
    assert "The printer is back." in replaced.body


def test_every_default_exports_and_imports_unchanged(services: Services, tmp_path: Path) -> None:
    for record in services.templates.list():
        path = services.templates.export_file(record.name, tmp_path / f"{record.id}.md")
        services.templates.delete(record.name)
        assert services.templates.import_file(path).to_draft() == record.to_draft()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("name: x\n---\nbody", "line 1: a template file starts with a line '---'"),
        ("---\nname: x\nsubject: s\nbody", "line 4: expected 'key: value'"),
        ("---\nname: x\nsubject: s\n", "never closed"),
        ("---\nname: x\ncolour: red\n---\nb", "line 3: unknown key 'colour'"),
        ("---\nname: x\nname: y\n---\nb", "line 3: 'name' is given twice"),
        ("---\nsubject: s\n---\nb", "no 'name: ...' line"),
        ("---\nname: x\n---\n\nHi\n{% for %}", "line 6: Expected an expression"),
        ("---\nname: x\nsubject: {{ a.__class__ }}\n---\nb", "subject: line 1: reaching"),
    ],
)
def test_bad_files_are_refused_with_the_line(
    services: Services, tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    count = len(services.templates.list())
    with pytest.raises(TemplateError) as caught:
        services.templates.import_file(path)
    assert "cannot import bad.md: " in str(caught.value)
    assert reason in str(caught.value)
    assert len(services.templates.list()) == count


def test_unreadable_files_are_refused(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        services.templates.import_file(tmp_path / "missing.md")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"---\nname: \xff\xfe\n---\n")
    with pytest.raises(TemplateError, match="not UTF-8"):
        services.templates.import_file(binary)


def test_two_threads_reading_at_once_seed_the_defaults_once(services: Services) -> None:
    """At start the picker and the Templates window both read templates on worker threads."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: len(services.templates.list()), range(8)))
    assert len(set(results)) == 1 and results[0] >= 10


def test_export_over_a_link_replaces_the_link_and_leaves_what_it_pointed_to(
    services: Services, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file\n", encoding="utf-8")
    link = tmp_path / "reset.md"
    link.symlink_to(elsewhere)
    with pytest.raises(ValidationError, match="already exists"):
        services.templates.export_file("Password reset", link)
    services.templates.export_file("Password reset", link, overwrite=True)
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("---\nname: Password reset\n")
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"
    with pytest.raises(ValidationError, match="does not exist"):
        services.templates.export_file("Password reset", tmp_path / "no such folder" / "x.md")
