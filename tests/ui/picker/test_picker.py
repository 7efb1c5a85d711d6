"""The template picker driven from the keyboard: ranking, values asked for, insert, copy, mail,
log the contact; the paste backend is a recording one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from itfriend.core.clock import FakeClock
from itfriend.core.services import Services
from itfriend.core.templates import TemplateDraft
from itfriend.ui.common.events import DataEvents
from itfriend.ui.picker.window import TemplatePicker
from tests.ui.conftest import OFFSCREEN_NOISE

# The offscreen platform cannot raise a window, and says so when an always-on-top one is shown.
# On the test function itself, so that it comes before the package's own qt_log_ignore mark.
offscreen_noise = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, "This plugin does not support raise")


@dataclass
class RecordingPaster:
    """Stands in for the clipboard paster: notes what it was asked to do."""

    calls: list[tuple[str, str]] = field(default_factory=list)

    def remember_target(self) -> None:
        self.calls.append(("remember", ""))

    def insert(self, text: str) -> bool:
        self.calls.append(("insert", text))
        return True

    def copy(self, text: str) -> None:
        self.calls.append(("copy", text))


@dataclass
class RecordingMail:
    opened: list[tuple[str, str, str]] = field(default_factory=list)

    def __call__(self, to: str, subject: str, body: str) -> bool:
        self.opened.append((to, subject, body))
        return True


@pytest.fixture
def seeded(services: Services) -> Services:
    services.settings.set("me.name", "Tom Tech")
    services.settings.set("me.phone", "555 0100")
    templates = services.templates
    templates.create(
        TemplateDraft(
            "Printer moved",
            "Your printer is now on floor {{ floor }}",
            "Hi {{ person.first_name }},\n"
            "your printer now lives on floor {{ floor }}.\n"
            "{{ me.name }}",
            category="Printing",
            abbreviation="prn",
        )
    )
    templates.create(
        TemplateDraft("Quick thanks", "Thanks", "Thanks {{ person.first_name | default('all') }}!")
    )
    return services


@pytest.fixture
def picker_parts(
    qtbot: QtBot, seeded: Services, events: DataEvents
) -> Iterator[tuple[TemplatePicker, RecordingPaster, RecordingMail]]:
    paster, mail = RecordingPaster(), RecordingMail()
    picker = TemplatePicker(seeded, events, paster, mail_opener=mail)
    qtbot.addWidget(picker)
    with qtbot.waitSignals([picker.templates_loaded, picker.people_loaded], timeout=10_000):
        pass
    yield picker, paster, mail
    picker.close_picker()


def settle(qtbot: QtBot, picker: TemplatePicker) -> None:
    """Wait until the preview (made on a pool thread) shows the choice as it is now."""
    qtbot.waitUntil(lambda: picker.preview_ready, timeout=10_000)


def open_and_search(qtbot: QtBot, picker: TemplatePicker, text: str) -> None:
    picker.open_picker()
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClicks(picker.ui.search, text)
    settle(qtbot, picker)


@offscreen_noise
def test_ranking_puts_most_used_first_and_matches_name_abbreviation_and_text(
    qtbot: QtBot,
    picker_parts: tuple[TemplatePicker, RecordingPaster, RecordingMail],
    seeded: Services,
) -> None:
    picker, _, _ = picker_parts
    services = seeded
    for _ in range(3):
        services.templates.record_use("Quick thanks")
    services.templates.record_use("Password reset")
    with qtbot.waitSignal(picker.templates_loaded):
        picker.open_picker()
    assert picker.shown_names()[:2] == ["Quick thanks", "Password reset"]

    qtbot.keyClicks(picker.ui.search, "prn")  # exact abbreviation
    assert picker.shown_names()[0] == "Printer moved"
    picker.ui.search.setText("pasword rset")  # a typo still finds it
    assert picker.shown_names()[0] == "Password reset"
    picker.ui.search.setText("teapot river")  # words only in the body
    assert picker.shown_names()[0] == "Password reset"
    picker.ui.search.setText("zzqqxx")
    assert picker.shown_names() == []
    assert "No template matches" in picker.ui.note.text()


@offscreen_noise
def test_keyboard_only_asks_for_missing_values_then_enter_inserts(
    qtbot: QtBot,
    picker_parts: tuple[TemplatePicker, RecordingPaster, RecordingMail],
    seeded: Services,
) -> None:
    picker, paster, _ = picker_parts
    open_and_search(qtbot, picker, "printer")
    assert picker.current_template() is not None
    assert picker.current_template().name == "Printer moved"  # type: ignore[union-attr]
    # Nobody chosen: the floor (used first, in the subject) and the person's first name are
    # asked for; me.name is known from Settings.
    assert picker.ui.form.names() == ["floor", "person.first_name"]
    assert "Still needed: floor, person.first_name" in picker.ui.note.text()
    assert "[floor]" in picker.ui.preview.toPlainText()

    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.calls == []  # never inserted with a gap
    assert "Fill in first: floor, person.first_name" in picker.ui.status.text()
    floor = picker.ui.form.field("floor")
    assert floor is not None and picker.focusWidget() is floor

    qtbot.keyClicks(floor, "3")
    qtbot.keyClick(floor, Qt.Key.Key_Return)  # Enter goes on to the next empty value
    first = picker.ui.form.field("person.first_name")
    assert first is not None and picker.focusWidget() is first
    qtbot.keyClicks(first, "Kim")
    settle(qtbot, picker)
    assert picker.ui.preview.toPlainText() == (
        "Hi Kim,\nyour printer now lives on floor 3.\nTom Tech"
    )
    with qtbot.waitSignal(picker.used) as used:
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert used.args == ["Printer moved", "insert"]
    assert paster.calls == [("insert", "Hi Kim,\nyour printer now lives on floor 3.\nTom Tech")]
    assert not picker.isVisible()
    qtbot.waitUntil(lambda: not picker.tasks.busy)
    assert seeded.templates.get("Printer moved").use_count == 1


@offscreen_noise
def test_up_down_move_in_the_list_while_typing_and_escape_cancels(
    qtbot: QtBot, picker_parts: tuple[TemplatePicker, RecordingPaster, RecordingMail]
) -> None:
    picker, paster, _ = picker_parts
    open_and_search(qtbot, picker, "")
    names = picker.shown_names()
    assert len(names) >= 3
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Down)
    assert picker.current_template().name == names[2]  # type: ignore[union-attr]
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Up)
    assert picker.current_template().name == names[1]  # type: ignore[union-attr]
    assert picker.focusWidget() is picker.ui.search
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    assert paster.calls == []

    picker.open_picker()  # opens afresh: empty search, first template chosen
    assert picker.ui.search.text() == ""
    assert picker.current_template().name == names[0]  # type: ignore[union-attr]


@offscreen_noise
def test_person_fills_values_and_the_contact_is_logged_with_the_insert(
    qtbot: QtBot,
    picker_parts: tuple[TemplatePicker, RecordingPaster, RecordingMail],
    people: dict[str, int],
    seeded: Services,
    events: DataEvents,
) -> None:
    picker, paster, _ = picker_parts
    picker.refresh_people()
    qtbot.waitSignal(picker.people_loaded, timeout=10_000).wait()
    open_and_search(qtbot, picker, "quick thanks")
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Tab)
    assert picker.focusWidget() is picker.ui.finder.search
    qtbot.keyClicks(picker.ui.finder.search, "ada love")
    qtbot.waitUntil(lambda: picker.ui.finder.results.count() > 0)
    qtbot.keyClick(picker.ui.finder.search, Qt.Key.Key_Return)
    assert picker.person_id == people["ada"]
    settle(qtbot, picker)
    assert picker.ui.preview.toPlainText() == "Thanks Ada!"
    assert picker.ui.log_contact.isChecked() and picker.ui.log_contact.isEnabled()
    assert (
        picker.focusWidget() is picker.ui.search
    )  # nothing else needed: back to where Enter inserts

    with qtbot.waitSignal(events.contacts_changed, timeout=10_000):
        qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.calls == [("insert", "Thanks Ada!")]
    history = seeded.interactions.history(people["ada"])
    assert history[0].channel == "email"
    assert "Quick thanks" in history[0].summary


@offscreen_noise
def test_copy_only_and_open_in_mail_client(
    qtbot: QtBot,
    picker_parts: tuple[TemplatePicker, RecordingPaster, RecordingMail],
    people: dict[str, int],
    seeded: Services,
) -> None:
    picker, paster, mail = picker_parts
    open_and_search(qtbot, picker, "quick thanks")
    qtbot.keyClick(
        picker.ui.search,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert paster.calls == [("copy", "Thanks all!")]
    assert not picker.isVisible()

    open_and_search(qtbot, picker, "quick thanks")
    picker.choose_person(people["ada"], "Ada Lovelace")
    settle(qtbot, picker)
    picker.ui.log_contact.setChecked(False)
    picker.ui.search.setFocus()
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert mail.opened == [("ada@example.org", "Thanks", "Thanks Ada!")]
    qtbot.waitUntil(lambda: not picker.tasks.busy)
    assert seeded.interactions.history(people["ada"])[0].channel != "email"


@offscreen_noise
def test_a_template_needing_ones_own_details_asks_for_them(
    qtbot: QtBot, services: Services, events: DataEvents
) -> None:
    # me.name and me.phone are not set in Settings: asked for, never rendered blank.
    paster = RecordingPaster()
    picker = TemplatePicker(services, events, paster)
    qtbot.addWidget(picker)
    qtbot.waitSignal(picker.templates_loaded, timeout=10_000).wait()
    open_and_search(qtbot, picker, "password reset")
    assert picker.ui.form.names() == ["me.name", "me.phone"]
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.calls == []
    picker.close_picker()
    assert QApplication.instance() is not None


@offscreen_noise
def test_opens_and_searches_a_thousand_templates(
    qtbot: QtBot, services: Services, events: DataEvents, clock: FakeClock
) -> None:
    from itfriend.core.models import Template

    body = "Hi {{ person.first_name | default('there') }},\n" + "Some helpful words. " * 30
    with services.db.transaction() as session:
        session.add_all(
            Template(
                name=f"Template {n:04}",
                subject=f"Subject {n}",
                body=body + f"Number {n}.",
                abbreviation=f"t{n}",
                use_count=n % 7,
                created_at=clock.now(),
                updated_at=clock.now(),
            )
            for n in range(1000)
        )
    picker = TemplatePicker(services, events, RecordingPaster())
    qtbot.addWidget(picker)
    qtbot.waitSignal(picker.templates_loaded, timeout=10_000).wait()
    assert len(picker.templates.records) == 1011  # and the shipped defaults

    # How fast it opens is measured by bench/run.py; here: it opens and reports the time taken.
    for _ in range(2):
        with qtbot.waitSignal(picker.shown_after, timeout=5_000) as shown:
            picker.open_picker()
        assert shown.args[0] >= 0 and picker.isVisible()
        qtbot.waitSignal(picker.templates_loaded, timeout=10_000).wait()
        picker.hide()
    picker.ui.search.setText("number 512")
    assert picker.shown_names()[0] == "Template 0512"
    picker.close_picker()


@pytest.fixture
def slow_list(seeded: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The template list is read only once the returned event is set, as on a loaded machine."""
    release = threading.Event()
    real_list = seeded.templates.list

    def waiting_list():  # type: ignore[no-untyped-def]
        release.wait(10)
        return real_list()

    monkeypatch.setattr(seeded.templates, "list", waiting_list)
    yield release
    release.set()


@offscreen_noise
@pytest.mark.parametrize(
    ("typed", "inserted"),
    [("lun", True), ("LUNCH NOTE", True), ("lunch", False)],
)
def test_enter_before_the_first_list_arrives_inserts_only_a_template_named_exactly(
    qtbot: QtBot,
    seeded: Services,
    events: DataEvents,
    slow_list: threading.Event,
    typed: str,
    inserted: bool,
) -> None:
    seeded.templates.create(
        TemplateDraft("Lunch note", "Lunch", "Back after lunch.\n{{ me.name }}", abbreviation="lun")
    )
    paster = RecordingPaster()
    picker = TemplatePicker(seeded, events, paster)
    qtbot.addWidget(picker)
    picker.open_picker()
    qtbot.keyClicks(picker.ui.search, typed)
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.calls == [] and "Loading your templates" in picker.ui.status.text()
    assert picker.ui.note.text() == "Loading…"  # not "No template matches"

    with qtbot.waitSignal(picker.templates_loaded, timeout=10_000):
        slow_list.set()
    settle(qtbot, picker)
    if inserted:
        assert paster.calls == [("insert", "Back after lunch.\nTom Tech")]
        assert not picker.isVisible()
    else:  # the technician has not seen which template "lunch" would pick
        assert paster.calls == [] and picker.isVisible()
        assert "“Lunch note” is chosen, not yet used" in picker.ui.status.text()
        qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
        assert paster.calls == [("insert", "Back after lunch.\nTom Tech")]
    picker.close_picker()


def enter_before_the_list(
    qtbot: QtBot, services: Services, events: DataEvents, typed: str, then: str = ""
) -> tuple[TemplatePicker, RecordingPaster]:
    """A new picker: ``typed`` and Enter (then ``then``) before its first list is read."""
    paster = RecordingPaster()
    picker = TemplatePicker(services, events, paster)
    qtbot.addWidget(picker)
    picker.open_picker()
    qtbot.keyClicks(picker.ui.search, typed)
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    if then:
        qtbot.keyClicks(picker.ui.search, then)
    return picker, paster


@offscreen_noise
def test_enter_before_the_list_uses_the_one_template_named_exactly_not_the_top_match(
    qtbot: QtBot, seeded: Services, events: DataEvents, slow_list: threading.Event
) -> None:
    templates = seeded.templates
    templates.create(TemplateDraft("VPN", "VPN", "The VPN is back."))
    templates.create(TemplateDraft("VPN reset", "VPN", "Your VPN was reset.", abbreviation="vpn"))
    templates.create(TemplateDraft("Printer", "Printer", "The printer is fixed."))
    templates.create(TemplateDraft("Printer setup", "Printer", "Set up your printer so."))
    for _ in range(3):
        templates.record_use("Printer setup")

    # "vpn" is one template's name and another's abbreviation: which one is not guessed.
    picker, paster = enter_before_the_list(qtbot, seeded, events, "vpn")
    with qtbot.waitSignal(picker.templates_loaded, timeout=10_000):
        slow_list.set()
    settle(qtbot, picker)
    assert paster.calls == [] and "is chosen, not yet used" in picker.ui.status.text()
    picker.close_picker()

    # "printer" names one template exactly, though others start so and are used more.
    slow_list.clear()
    picker, paster = enter_before_the_list(qtbot, seeded, events, "printer")
    with qtbot.waitSignal(picker.templates_loaded, timeout=10_000):
        slow_list.set()
    settle(qtbot, picker)
    assert paster.calls == [("insert", "The printer is fixed.")]
    picker.close_picker()


@offscreen_noise
def test_typing_on_after_an_early_enter_cancels_it(
    qtbot: QtBot, seeded: Services, events: DataEvents, slow_list: threading.Event
) -> None:
    seeded.templates.create(TemplateDraft("Lunch note", "Lunch", "Back soon.", abbreviation="lun"))
    picker, paster = enter_before_the_list(qtbot, seeded, events, "lu", then="n")
    with qtbot.waitSignal(picker.templates_loaded, timeout=10_000):
        slow_list.set()
    settle(qtbot, picker)
    assert paster.calls == [] and "“Lunch note” is chosen, not yet used" in picker.ui.status.text()
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.calls == [("insert", "Back soon.")]
    picker.close_picker()


@offscreen_noise
def test_templates_that_cannot_be_read_are_said_and_enter_does_not_wait_for_them(
    qtbot: QtBot, seeded: Services, events: DataEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itfriend.core.errors import StorageError

    def locked() -> list[object]:
        raise StorageError("the database is locked by another program")

    monkeypatch.setattr(seeded.templates, "list", locked)
    picker, paster = enter_before_the_list(qtbot, seeded, events, "lun")
    qtbot.waitUntil(lambda: "could not be read" in picker.ui.status.text(), timeout=10_000)
    assert "locked by another program" in picker.ui.status.text()
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    assert paster.calls == [] and "No template chosen" in picker.ui.status.text()
    picker.close_picker()


@offscreen_noise
def test_a_template_that_never_ends_is_filled_in_off_the_gui_thread_and_stopped(
    qtbot: QtBot, seeded: Services, events: DataEvents, clock: FakeClock
) -> None:
    import time

    from itfriend.core.models import Template

    # Shared by someone, stored before templates were checked on saving: straight into the file.
    with seeded.db.transaction() as session:
        session.add(
            Template(
                name="Spinner",
                subject="s",
                body="{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
                "{% endfor %}",
                use_count=0,
                created_at=clock.now(),
                updated_at=clock.now(),
            )
        )
    paster = RecordingPaster()
    picker = TemplatePicker(seeded, events, paster)
    qtbot.addWidget(picker)
    qtbot.waitSignal(picker.templates_loaded, timeout=10_000).wait()
    picker.open_picker()
    started = time.perf_counter()
    qtbot.keyClicks(picker.ui.search, "spinner")
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)  # waits for the preview being made
    assert time.perf_counter() - started < 1  # the keys were taken at once
    assert picker.current_template().name == "Spinner"  # type: ignore[union-attr]
    assert not picker.preview_ready and paster.calls == []

    settle(qtbot, picker)
    stopped = (
        "the template 'Spinner' was stopped: it ran longer than 2 seconds, "
        "the limit for filling one in"
    )
    assert picker.ui.note.text() == f"This template cannot be filled in: {stopped}"
    assert picker.ui.status.text() == stopped  # what Enter did
    assert paster.calls == [] and picker.isVisible()
    picker.close_picker()


@offscreen_noise
def test_a_use_that_could_not_be_recorded_is_shown_at_the_next_opening(
    qtbot: QtBot,
    picker_parts: tuple[TemplatePicker, RecordingPaster, RecordingMail],
    monkeypatch: pytest.MonkeyPatch,
    seeded: Services,
) -> None:
    from itfriend.core.errors import StorageError

    picker, paster, _ = picker_parts

    def refused(_name: str) -> None:
        raise StorageError("the database is locked by another program")

    with monkeypatch.context() as patch:
        patch.setattr(seeded.templates, "record_use", refused)
        open_and_search(qtbot, picker, "quick thanks")
        qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
        assert paster.calls == [("insert", "Thanks all!")]  # the text went out all the same
        qtbot.waitUntil(lambda: not picker.tasks.busy)
        open_and_search(qtbot, picker, "quick")
        assert picker.ui.status.text() == (
            "Not recorded: the database is locked by another program"
        )
        qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not picker.tasks.busy)
        open_and_search(qtbot, picker, "quick")
        assert picker.ui.status.text().startswith("Not recorded")  # failed again: still said
    qtbot.keyClick(picker.ui.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.tasks.busy)
    open_and_search(qtbot, picker, "quick")
    assert picker.ui.status.text() == ""
