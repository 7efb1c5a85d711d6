"""Interactions: logging each contact, and keeping every person's last-contact date true.

``Person.last_contact`` is a stored copy of the latest interaction's moment, so that lists and the
overdue query never aggregate the interactions table. Every write here recomputes it for the people
it touched, in the same transaction: adding, editing (even moving an interaction to another person)
and deleting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from itfriend.core.clock import Clock, as_utc
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import Channel, FollowUp, FollowUpState, Interaction, Person
from itfriend.core.quoting import quoted

MAX_SUMMARY = 10_000
# A contact logged "now" from another machine whose clock runs a little ahead is still fine.
_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class InteractionRow:
    id: int
    person_id: int
    at: datetime
    channel: str
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "at": self.at.isoformat(),
            "channel": self.channel,
            "summary": self.summary,
        }


def parse_channel(text: str) -> Channel:
    normalised = text.strip().lower().replace("_", "-").replace(" ", "-")
    if normalised in ("in-person", "person", "visit", "walk-around"):
        return Channel.IN_PERSON
    try:
        return Channel(normalised)
    except ValueError:
        choices = ", ".join(c.value for c in Channel)
        raise ValidationError(
            f"{quoted(text)} is not a way of contact; use one of: {choices}"
        ) from None


def _clean_summary(summary: str, what: str = "note") -> str:
    text = summary.strip()
    if len(text) > MAX_SUMMARY:
        raise ValidationError(
            f"the {what} is too long ({len(text):,} characters, at most {MAX_SUMMARY:,})"
        )
    return text


class InteractionService:
    """Logs contacts and edits the history."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def log(
        self,
        person_id: int,
        channel: Channel | str,
        summary: str = "",
        at: datetime | None = None,
        follow_up_due: datetime | None = None,
        follow_up_reason: str = "",
    ) -> InteractionRow:
        """Record a contact and, if asked, schedule a follow-up coming from it."""
        return self.log_many([person_id], channel, summary, at, follow_up_due, follow_up_reason)[0]

    def log_many(
        self,
        person_ids: Iterable[int],
        channel: Channel | str,
        summary: str = "",
        at: datetime | None = None,
        follow_up_due: datetime | None = None,
        follow_up_reason: str = "",
    ) -> list[InteractionRow]:
        """Record the same contact with several people (a walk-around) in one transaction."""
        kind = channel if isinstance(channel, Channel) else parse_channel(channel)
        text = _clean_summary(summary)
        reason = _clean_summary(follow_up_reason, "follow-up's reason") or text
        now = self._clock.now()
        moment = as_utc(at) if at is not None else now
        if moment > now + _TOLERANCE:
            raise ValidationError("a contact cannot be logged in the future")
        if follow_up_due is not None and follow_up_due <= moment:
            raise ValidationError("the follow-up must be after the contact")
        ids = list(dict.fromkeys(person_ids))
        with self._db.transaction() as session:
            rows = []
            for person_id in ids:
                if session.get(Person, person_id) is None:
                    raise NotFoundError(f"there is no person #{person_id}")
                interaction = Interaction(
                    person_id=person_id, at=moment, channel=kind.value, summary=text
                )
                session.add(interaction)
                session.flush()
                if follow_up_due is not None:
                    session.add(
                        FollowUp(
                            person_id=person_id,
                            due=as_utc(follow_up_due),
                            reason=reason,
                            state=FollowUpState.OPEN.value,
                            interaction_id=interaction.id,
                            created_at=now,
                        )
                    )
                rows.append(_row(interaction))
            refresh_last_contact(session, ids)
            return rows

    def edit(
        self,
        interaction_id: int,
        *,
        at: datetime | None = None,
        channel: Channel | str | None = None,
        summary: str | None = None,
        person_id: int | None = None,
    ) -> InteractionRow:
        with self._db.transaction() as session:
            interaction = _get(session, interaction_id)
            touched = {interaction.person_id}
            if at is not None:
                interaction.at = as_utc(at)
            if channel is not None:
                interaction.channel = (
                    channel if isinstance(channel, Channel) else parse_channel(channel)
                ).value
            if summary is not None:
                interaction.summary = _clean_summary(summary)
            if person_id is not None and person_id != interaction.person_id:
                if session.get(Person, person_id) is None:
                    raise NotFoundError(f"there is no person #{person_id}")
                interaction.person_id = person_id
                touched.add(person_id)
            session.flush()
            refresh_last_contact(session, touched)
            return _row(interaction)

    def delete(self, interaction_id: int) -> None:
        with self._db.transaction() as session:
            interaction = _get(session, interaction_id)
            person_id = interaction.person_id
            session.delete(interaction)
            session.flush()
            refresh_last_contact(session, [person_id])

    def history(self, person_id: int, limit: int | None = None) -> list[InteractionRow]:
        """A person's interactions, newest first."""
        query = (
            select(Interaction)
            .where(Interaction.person_id == person_id)
            .order_by(Interaction.at.desc(), Interaction.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with self._db.transaction() as session:
            return [_row(i) for i in session.scalars(query)]


def refresh_last_contact(session: Session, person_ids: Iterable[int]) -> None:
    """Set each person's last contact to their latest interaction (or none)."""
    ids = list(person_ids)
    if not ids:
        return
    latest = (
        select(func.max(Interaction.at)).where(Interaction.person_id == Person.id).scalar_subquery()
    )
    session.execute(
        update(Person)
        .where(Person.id.in_(ids))
        .values(last_contact=latest)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()


def _get(session: Session, interaction_id: int) -> Interaction:
    interaction = session.get(Interaction, interaction_id)
    if interaction is None:
        raise NotFoundError(f"there is no interaction #{interaction_id}")
    return interaction


def _row(interaction: Interaction) -> InteractionRow:
    return InteractionRow(
        id=interaction.id,
        person_id=interaction.person_id,
        at=interaction.at,
        channel=interaction.channel,
        summary=interaction.summary,
    )
