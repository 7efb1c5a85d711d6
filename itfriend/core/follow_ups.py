"""Follow-ups: checking back with someone after helping them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from itfriend.core.clock import Clock, as_utc
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.interactions import parse_channel, refresh_last_contact
from itfriend.core.models import FollowUp, FollowUpState, Interaction, Person
from itfriend.core.rows.follow_ups import PENDING as PENDING
from itfriend.core.rows.follow_ups import FollowUpRow as FollowUpRow


class FollowUpService:
    """Schedules, lists, completes and snoozes follow-ups."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(self, person_id: int, due: datetime, reason: str = "") -> FollowUpRow:
        with self._db.transaction() as session:
            if session.get(Person, person_id) is None:
                raise NotFoundError(f"there is no person #{person_id}")
            follow_up = FollowUp(
                person_id=person_id,
                due=as_utc(due),
                reason=reason.strip(),
                state=FollowUpState.OPEN.value,
                created_at=self._clock.now(),
            )
            session.add(follow_up)
            session.flush()
            return self._row_of(session, follow_up.id)

    def pending(self, person_id: int | None = None) -> list[FollowUpRow]:
        """Open and snoozed follow-ups, soonest first."""
        query = _row_select().where(FollowUp.state.in_(PENDING))
        if person_id is not None:
            query = query.where(FollowUp.person_id == person_id)
        with self._db.transaction() as session:
            return [_row(r) for r in session.execute(query.order_by(FollowUp.due, FollowUp.id))]

    def due(self, at: datetime | None = None) -> list[FollowUpRow]:
        """Pending follow-ups whose moment has come."""
        moment = at or self._clock.now()
        query = _row_select().where(FollowUp.state.in_(PENDING), FollowUp.due <= moment)
        with self._db.transaction() as session:
            return [_row(r) for r in session.execute(query.order_by(FollowUp.due, FollowUp.id))]

    def next_due(self) -> datetime | None:
        """The soonest pending follow-up moment not yet reminded of."""
        query = (
            select(FollowUp.due)
            .where(FollowUp.state.in_(PENDING), FollowUp.notified_at.is_(None))
            .order_by(FollowUp.due)
            .limit(1)
        )
        with self._db.transaction() as session:
            return session.scalar(query)

    def get(self, follow_up_id: int) -> FollowUpRow:
        with self._db.transaction() as session:
            return self._row_of(session, follow_up_id)

    def done(
        self, follow_up_id: int, log_channel: str | None = None, note: str = ""
    ) -> FollowUpRow:
        """Mark done; with ``log_channel`` the check-back is also logged as a contact."""
        now = self._clock.now()
        with self._db.transaction() as session:
            follow_up = _get(session, follow_up_id)
            if follow_up.state == FollowUpState.DONE.value:
                raise ValidationError(f"follow-up #{follow_up_id} is already done")
            follow_up.state = FollowUpState.DONE.value
            follow_up.done_at = now
            if log_channel is not None:
                session.add(
                    Interaction(
                        person_id=follow_up.person_id,
                        at=now,
                        channel=parse_channel(log_channel).value,
                        summary=note.strip() or f"Followed up: {follow_up.reason}".strip(),
                    )
                )
                session.flush()
                refresh_last_contact(session, [follow_up.person_id])
            session.flush()
            return self._row_of(session, follow_up_id)

    def done_and_log(self, follow_up_id: int) -> FollowUpRow:
        """Mark done and log the check-back the way the original contact was made (a follow-up
        on an email is usually answered by email), or in person when there was none."""
        with self._db.transaction() as session:
            follow_up = _get(session, follow_up_id)
            source = (
                session.get(Interaction, follow_up.interaction_id)
                if follow_up.interaction_id is not None
                else None
            )
            channel = source.channel if source is not None else "in-person"
        return self.done(follow_up_id, log_channel=channel)

    def snooze(self, follow_up_id: int, until: datetime) -> FollowUpRow:
        moment = as_utc(until)
        if moment <= self._clock.now():
            raise ValidationError("snooze until a moment in the future")
        with self._db.transaction() as session:
            follow_up = _get(session, follow_up_id)
            if follow_up.state == FollowUpState.DONE.value:
                raise ValidationError(f"follow-up #{follow_up_id} is already done")
            follow_up.state = FollowUpState.SNOOZED.value
            follow_up.due = moment
            follow_up.notified_at = None
            session.flush()
            return self._row_of(session, follow_up_id)

    def mark_notified(self, follow_up_ids: list[int], at: datetime | None = None) -> None:
        """Remember that these were shown, so that a restart does not show them again."""
        if not follow_up_ids:
            return
        with self._db.transaction() as session:
            session.execute(
                update(FollowUp)
                .where(FollowUp.id.in_(follow_up_ids))
                .values(notified_at=at or self._clock.now())
            )

    def remove(self, follow_up_id: int) -> None:
        with self._db.transaction() as session:
            session.delete(_get(session, follow_up_id))

    @staticmethod
    def _row_of(session: Session, follow_up_id: int) -> FollowUpRow:
        result = session.execute(_row_select().where(FollowUp.id == follow_up_id)).one_or_none()
        if result is None:
            raise NotFoundError(f"there is no follow-up #{follow_up_id}")
        return _row(result)


def _get(session: Session, follow_up_id: int) -> FollowUp:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFoundError(f"there is no follow-up #{follow_up_id}")
    return follow_up


def _row_select() -> Any:
    return select(
        FollowUp.id,
        FollowUp.person_id,
        Person.name,
        Person.department,
        FollowUp.due,
        FollowUp.reason,
        FollowUp.state,
        FollowUp.notified_at,
    ).join(Person)


def _row(r: Any) -> FollowUpRow:
    return FollowUpRow(
        id=r.id,
        person_id=r.person_id,
        person_name=r.name,
        department=r.department,
        due=r.due,
        reason=r.reason,
        state=r.state,
        notified_at=r.notified_at,
    )
