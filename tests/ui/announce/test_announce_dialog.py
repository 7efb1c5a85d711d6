"""The Announce dialog through its real widgets: values, previews, cadence, .eml, mailto:, SMTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from itfriend.core.groups import GroupRule
from itfriend.core.services import Services
from itfriend.platform.secrets import SMTP_PASSWORD, SecretStore
from itfriend.ui.announce.dialog import AnnounceDialog
from itfriend.ui.common.events import DataEvents
from tests.smtp_server import SmtpTestServer, smtp_server_fixture

__all__ = ["smtp_server_fixture"]

MAINTENANCE = "Planned maintenance notice"
VALUES = {"system": "CRM", "start": "2026-03-06 18:00", "end": "2026-03-06 20:00"}


@pytest.fixture
def sales(services: Services) -> Services:
    services.settings.update(
        {"me.name": "Tess Tech", "me.email": "tess@example.org", "me.phone": "555-0100"}
    )
    people = services.people
    people.add("Ann Able", email="ann@example.org", department="Sales")
    people.add("Bob Baker", email="bob@example.org", department="Sales", preferred_name="Bobby")
    people.add("Dan Dune", department="Sales")  # no email: shown as skipped
    people.add("Eve Elm", email="eve@example.org", department="Finance")
    services.groups.add("Sales", GroupRule(departments=("Sales",)))
    return services


@pytest.fixture
def make_dialog(
    qtbot: QtBot, sales: Services, events: DataEvents
) -> Iterator[Callable[..., AnnounceDialog]]:
    made: list[AnnounceDialog] = []

    def make(**options: Any) -> AnnounceDialog:
        dialog = AnnounceDialog(sales, events, "Sales", **options)
        qtbot.addWidget(dialog)
        made.append(dialog)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
        return dialog

    yield make
    for dialog in made:
        dialog.shutdown()


def fill(qtbot: QtBot, dialog: AnnounceDialog, values: dict[str, str]) -> None:
    """Type the values and wait for the preview that has them all."""
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        for name, value in values.items():
            dialog.values.editors[name].setText(value)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.preview.missing)


def recipients(dialog: AnnounceDialog) -> list[str]:
    return [dialog.recipients.item(i).text() for i in range(dialog.recipients.count())]


def test_asks_for_missing_values_then_previews_each_recipients_message(
    qtbot: QtBot, make_dialog: Callable[..., AnnounceDialog]
) -> None:
    dialog = make_dialog(template_name=MAINTENANCE)
    assert dialog.template.currentText() == MAINTENANCE
    assert list(dialog.values.editors) == ["system", "start", "end"]
    assert dialog.status.text() == "Fill in: system, start, end"
    assert not dialog.send_button.isEnabled() and dialog.recipients.count() == 0

    # A blank is never sent: filling two of three still leaves the third asked for.
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.values.editors["system"].setText("CRM")
        dialog.values.editors["start"].setText("   ")
    assert dialog.status.text() == "Fill in: start, end"
    fill(qtbot, dialog, VALUES)
    assert recipients(dialog) == [
        "Ann Able <ann@example.org>",
        "Bob Baker <bob@example.org>",
        "Dan Dune — skipped: no email address",
    ]
    assert dialog.send_button.isEnabled()
    assert dialog.message.toPlainText().startswith(
        "To: ann@example.org\n"
        "Subject: CRM will be unavailable on Friday 6 March at 18:00\n\nHi Ann,"
    )
    dialog.recipients.setCurrentRow(1)
    assert "Hi Bobby," in dialog.message.toPlainText()
    assert dialog.choice.remind.isEnabled()  # the template has an end time


def test_announcement_templates_come_first(make_dialog: Callable[..., AnnounceDialog]) -> None:
    dialog = make_dialog()
    names = [dialog.template.itemText(i) for i in range(dialog.template.count())]
    assert set(names[:2]) == {MAINTENANCE, "System back up"}
    assert dialog.template.currentText() in (MAINTENANCE, "System back up")


def test_eml_delivery_writes_one_file_per_recipient(
    qtbot: QtBot,
    make_dialog: Callable[..., AnnounceDialog],
    sales: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    dialog = make_dialog(template_name=MAINTENANCE)
    fill(qtbot, dialog, VALUES)
    dialog.choice.eml.setChecked(True)
    assert dialog.send_button.text() == "Save .eml files…"
    with qtbot.waitSignal(dialog.delivered, timeout=10_000) as done:
        dialog.send_button.click()
    report = done.args[0]
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2 and report.files == sorted(report.files)
    to = sorted(
        getaddresses([message_from_bytes(f.read_bytes(), policy=policy.default)["To"]])[0][1]
        for f in files
    )
    assert to == ["ann@example.org", "bob@example.org"]
    assert "Saved 2 .eml files for 2 recipients." in dialog.status.text()
    assert "Skipped: Dan Dune (no email address)" in dialog.status.text()
    [row] = sales.announcements.history("Sales")
    assert (row.delivery, row.sent) == ("eml", 2)


def test_mailto_opens_one_bcc_link_in_the_mail_client(
    qtbot: QtBot, make_dialog: Callable[..., AnnounceDialog]
) -> None:
    opened: list[str] = []
    dialog = make_dialog(template_name=MAINTENANCE, open_url=lambda url: opened.append(url) or True)
    fill(qtbot, dialog, VALUES)
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.choice.mailto.setChecked(True)  # forces one message in Bcc: a new preview
    assert dialog.choice.bcc.isChecked() and not dialog.choice.bcc.isEnabled()
    assert "Hi everyone," in dialog.message.toPlainText()
    with qtbot.waitSignal(dialog.delivered, timeout=10_000):
        dialog.send_button.click()
    [url] = opened
    assert url.startswith("mailto:tess@example.org?bcc=ann@example.org,bob@example.org&subject=")


def test_cadence_warning_asks_before_exceeding_the_limit(
    qtbot: QtBot,
    make_dialog: Callable[..., AnnounceDialog],
    sales: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sales.settings.set("announce.monthly_limit", 1)
    earlier = sales.announcements.compose("Sales", MAINTENANCE, VALUES)
    sales.announcements.save_eml(earlier, tmp_path / "earlier")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = make_dialog(template_name=MAINTENANCE)
    fill(qtbot, dialog, VALUES)
    assert "already got 1 announcements in the last 30 days" in dialog.cadence.text()
    dialog.choice.eml.setChecked(True)
    dialog.send_button.click()
    assert len(asked) == 1 and "exceed the limit of 1" in asked[0]
    assert "Not sent" in dialog.status.text()
    assert len(sales.announcements.history("Sales")) == 1

    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.delivered, timeout=10_000):
        dialog.send_button.click()
    assert len(asked) == 2 and len(sales.announcements.history("Sales")) == 2


def smtp_settings(services: Services, server: SmtpTestServer) -> None:
    services.settings.update(
        {
            "smtp.host": server.host,
            "smtp.port": server.port,
            "smtp.security": "starttls",
            "smtp.user": server.user,
        }
    )


def test_smtp_send_reaches_each_member_with_progress_and_a_summary(
    qtbot: QtBot,
    make_dialog: Callable[..., AnnounceDialog],
    sales: Services,
    smtp_server: SmtpTestServer,
) -> None:
    smtp_settings(sales, smtp_server)
    dialog = make_dialog(
        template_name=MAINTENANCE,
        password_lookup=lambda: smtp_server.password,
        ssl_context=smtp_server.client_context(),
    )
    fill(qtbot, dialog, VALUES)
    dialog.choice.remind.setChecked(True)
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.delivered, timeout=20_000) as done:
        dialog.send_button.click()
    report = done.args[0]
    assert report.state == "sent" and sorted(report.sent) == ["ann@example.org", "bob@example.org"]
    received = {r.rcpt_tos[0]: r.message for r in smtp_server.handler.received}
    assert sorted(received) == ["ann@example.org", "bob@example.org"]
    assert received["bob@example.org"].get_content().startswith("Hi Bobby,")
    assert progress[-1] == 2 and dialog.progress.maximum() == 2
    assert dialog.status.text().startswith("Sent to 2 recipients.")
    assert "Skipped: Dan Dune (no email address)" in dialog.status.text()
    # The back-up notice reminder is set for the announced end time.
    [notice] = sales.announcements.due_follow_up_notices(
        sales.announcements.next_follow_up_notice()  # type: ignore[arg-type]
    )
    assert (notice.group_name, notice.template_name) == ("Sales", "System back up")
    assert f"{notice.due.astimezone():%Y-%m-%d %H:%M}" == "2026-03-06 20:00"


def test_a_wrong_password_says_how_to_store_the_right_one(
    qtbot: QtBot,
    make_dialog: Callable[..., AnnounceDialog],
    sales: Services,
    smtp_server: SmtpTestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp_settings(sales, smtp_server)
    prompts: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda _p, _t, label, *a: prompts.append(label) or ("", False)
    )
    dialog = make_dialog(
        template_name=MAINTENANCE,
        password_lookup=lambda: "not-the-password",
        ssl_context=smtp_server.client_context(),
    )
    fill(qtbot, dialog, VALUES)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.send_button.click()
    assert "refused the user name or password" in failed.args[0]
    assert "itfriend secret set smtp" in dialog.status.text()
    assert "not-the-password" not in dialog.status.text()
    assert len(prompts) == 1 and smtp_server.handler.received == []
    assert sales.announcements.history("Sales") == []


def test_a_missing_password_typed_in_the_prompt_is_stored_and_the_send_goes_on(
    qtbot: QtBot,
    make_dialog: Callable[..., AnnounceDialog],
    sales: Services,
    smtp_server: SmtpTestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp_settings(sales, smtp_server)
    keyring: dict[str, str] = {}
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: (smtp_server.password, True))
    dialog = make_dialog(
        template_name=MAINTENANCE,
        password_lookup=lambda: keyring.get("smtp"),
        password_store=lambda secret: keyring.__setitem__("smtp", secret),
        ssl_context=smtp_server.client_context(),
    )
    fill(qtbot, dialog, VALUES)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.send_button.click()
    assert "no SMTP password is stored" in failed.args[0]
    qtbot.waitUntil(lambda: len(smtp_server.handler.received) == 2, timeout=20_000)
    assert keyring == {"smtp": smtp_server.password}
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Sent to 2"))


def test_by_default_the_password_is_read_and_kept_through_the_platform_secret_store(
    qtbot: QtBot,
    make_dialog: Callable[..., AnnounceDialog],
    sales: Services,
    smtp_server: SmtpTestServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp_settings(sales, smtp_server)
    kept: dict[str, str] = {}
    monkeypatch.setattr(SecretStore, "get", lambda _store, name: kept.get(name))
    monkeypatch.setattr(SecretStore, "set", lambda _store, name, value: kept.update({name: value}))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: (smtp_server.password, True))
    dialog = make_dialog(template_name=MAINTENANCE, ssl_context=smtp_server.client_context())
    fill(qtbot, dialog, VALUES)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.send_button.click()
    assert "no SMTP password is stored" in failed.args[0]
    qtbot.waitUntil(lambda: len(smtp_server.handler.received) == 2, timeout=20_000)
    assert kept == {SMTP_PASSWORD: smtp_server.password}


def test_a_template_past_a_limit_is_named_with_the_limit_and_nothing_can_be_sent(
    qtbot: QtBot, sales: Services, events: DataEvents
) -> None:
    from itfriend.core.models import Template

    # Shared by someone, stored before templates were checked on saving: straight into the file.
    with sales.db.transaction() as session:
        now = sales.clock.now()
        session.add(
            Template(
                name="Flood",
                subject="s",
                body="{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}",
                use_count=0,
                created_at=now,
                updated_at=now,
            )
        )
    dialog = AnnounceDialog(sales, events, "Sales", template_name="Flood")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "was stopped" in dialog.status.text(), timeout=10_000)
    assert dialog.status.text() == (
        "the template 'Flood' was stopped: its text grows past 200,000 characters, "
        "the most a message may have"
    )
    assert dialog.preview is None and not dialog.send_button.isEnabled()
    dialog.shutdown()
