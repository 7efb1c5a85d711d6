"""Composing an announcement: one personalised message per recipient, or one for everyone in Bcc.

Composing reads and writes nothing: it is the preview the technician checks before sending.
Members without an email address are reported as skipped, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from itfriend.core.people import PersonRow


class Renderer(Protocol):
    """Renders a subject and body for one person, or for everyone when ``person`` is None."""

    def __call__(self, person: PersonRow | None, extra: Mapping[str, str]) -> tuple[str, str]: ...


@dataclass(frozen=True)
class Addressee(PersonRow):
    """A member as a message greets them: their list row plus the name they like to be called."""

    preferred_name: str = ""

    @classmethod
    def of(cls, row: PersonRow, preferred_name: str = "") -> Addressee:
        return cls(
            **{f.name: getattr(row, f.name) for f in fields(PersonRow)},
            preferred_name=preferred_name,
        )


@dataclass(frozen=True)
class Recipient:
    person_id: int
    name: str
    email: str

    def to_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "name": self.name, "email": self.email}


@dataclass(frozen=True)
class PreparedMessage:
    """A message and who gets it: one recipient, or (Bcc mode) all of them."""

    recipients: tuple[Recipient, ...]
    subject: str
    body: str

    def to_json(self) -> dict[str, Any]:
        return {
            "to": [r.to_json() for r in self.recipients],
            "subject": self.subject,
            "body": self.body,
        }


@dataclass(frozen=True)
class Composition:
    """The preview of an announcement: its messages, recipients and the members left out."""

    group_id: int | None
    group_name: str
    template_name: str
    bcc: bool
    messages: tuple[PreparedMessage, ...]
    skipped: tuple[PersonRow, ...]

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        return tuple(r for m in self.messages for r in m.recipients)

    @property
    def subject(self) -> str:
        return self.messages[0].subject if self.messages else ""

    def message_for(self, email: str) -> PreparedMessage | None:
        lowered = email.lower()
        for message in self.messages:
            if any(r.email.lower() == lowered for r in message.recipients):
                return message
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group_name,
            "template": self.template_name,
            "bcc": self.bcc,
            "recipients": [r.to_json() for r in self.recipients],
            "skipped": [
                {"person_id": p.id, "name": p.name, "reason": "no email address"}
                for p in self.skipped
            ],
            "messages": [m.to_json() for m in self.messages],
        }


def compose(
    members: Sequence[PersonRow],
    render: Renderer,
    extra: Mapping[str, str],
    *,
    group_id: int | None,
    group_name: str,
    template_name: str,
    bcc: bool = False,
) -> Composition:
    """Render the messages an announcement to ``members`` would send."""
    reachable = [p for p in members if p.email]
    skipped = tuple(p for p in members if not p.email)
    recipients = [Recipient(p.id, p.name, str(p.email)) for p in reachable]
    messages: list[PreparedMessage] = []
    if bcc:
        if recipients:
            subject, body = render(None, extra)
            messages.append(PreparedMessage(tuple(recipients), subject, body))
    else:
        for person, recipient in zip(reachable, recipients, strict=True):
            subject, body = render(person, extra)
            messages.append(PreparedMessage((recipient,), subject, body))
    return Composition(group_id, group_name, template_name, bcc, tuple(messages), skipped)
