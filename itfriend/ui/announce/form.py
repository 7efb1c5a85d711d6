"""Parts of the Announce dialog: the values form, the delivery choice and the password prompt."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

DATE_HINT = "e.g. 2026-03-10 18:00, or 'Tuesday evening'"
BACK_UP_TEMPLATE = "System back up"


class ValuesForm(QGroupBox):
    """One line per value the template still needs; what was typed survives a refresh.

    Signals:
    changed(): a value was edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Values the template needs", parent)
        self._layout = QFormLayout(self)
        self.editors: dict[str, QLineEdit] = {}
        self.hide()

    def set_fields(self, names: list[str], *, keep: bool) -> None:
        """Show a line for each of ``names``; with ``keep``, typed text stays."""
        if list(self.editors) == names:
            return
        typed = {name: editor.text() for name, editor in self.editors.items()} if keep else {}
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self.editors = {}
        for name in names:
            editor = QLineEdit(typed.get(name, ""))
            editor.setObjectName(f"value_{name}")
            if name in ("start", "end") or "date" in name:
                editor.setPlaceholderText(DATE_HINT)
            editor.textChanged.connect(self.changed)
            self.editors[name] = editor
            self._layout.addRow(f"{name}:", editor)
        self.setVisible(bool(names))

    def filled(self) -> dict[str, str]:
        """The values given; blank ones are left out so that the template reports them."""
        return {n: e.text().strip() for n, e in self.editors.items() if e.text().strip()}


class DeliveryChoice(QGroupBox):
    """How the announcement goes out, and whether to be reminded of the back-up notice.

    Signals:
    changed(): another way of delivery was picked.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Delivery", parent)
        self.smtp = QRadioButton("Send by email (SMTP)")
        self.mailto = QRadioButton("Open in my mail client")
        self.eml = QRadioButton("Save as .eml files")
        self.smtp.setChecked(True)
        self._group = QButtonGroup(self)
        for button in (self.smtp, self.mailto, self.eml):
            self._group.addButton(button)
        self._group.buttonToggled.connect(self._toggled)
        self.bcc = QCheckBox("One message with everyone in Bcc (instead of one each)")
        self.remind = QCheckBox("Remind me to send the back-up notice at the end time:")
        self.back_up_template = QComboBox()
        self.set_can_remind(False)

        methods = QHBoxLayout()
        for button in (self.smtp, self.mailto, self.eml):
            methods.addWidget(button)
        methods.addStretch(1)
        remind = QHBoxLayout()
        remind.addWidget(self.remind)
        remind.addWidget(self.back_up_template, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(methods)
        layout.addWidget(self.bcc)
        layout.addLayout(remind)

    def method(self) -> str:
        if self.mailto.isChecked():
            return "mailto"
        return "eml" if self.eml.isChecked() else "smtp"

    def _toggled(self) -> None:
        # A mailto: link holds one message: everyone goes in Bcc.
        if self.mailto.isChecked():
            self.bcc.setChecked(True)
        self.bcc.setEnabled(not self.mailto.isChecked())
        self.changed.emit()

    def set_back_up_templates(self, names: list[str]) -> None:
        self.back_up_template.clear()
        self.back_up_template.addItems(names)
        lowered = [n.lower() for n in names]
        if BACK_UP_TEMPLATE.lower() in lowered:
            self.back_up_template.setCurrentIndex(lowered.index(BACK_UP_TEMPLATE.lower()))

    def set_can_remind(self, possible: bool) -> None:
        """The reminder needs an end time: offered only for templates that ask for ``end``."""
        self.remind.setEnabled(possible)
        self.back_up_template.setEnabled(possible)
        if not possible:
            self.remind.setChecked(False)


def ask_password(parent: QWidget, problem: str) -> str | None:
    """Ask for the SMTP password after ``problem``; it goes to the keyring, nowhere else."""
    text, ok = QInputDialog.getText(
        parent,
        "SMTP password",
        f"{problem}\n\nType the SMTP password to keep it in your keyring and try again "
        "(or cancel, and later run: itfriend secret set smtp):",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None
