"""Cool-downs: a timer per heated ticket, so that the answer waits until the technician is calm.

Several can run at once. The tray arms one timer for ``next_end()`` and re-arms it when cool-downs
change; nothing here polls.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from itfriend.core.clock import Clock
from itfriend.core.db import Database
from itfriend.core.errors import NotFoundError, ValidationError
from itfriend.core.models import CoolDown
from itfriend.core.rows.cool_downs import ENDED as ENDED
from itfriend.core.rows.cool_downs import REPLIED as REPLIED
from itfriend.core.rows.cool_downs import RUNNING as RUNNING
from itfriend.core.rows.cool_downs import CoolDownRow as CoolDownRow
from itfriend.core.rows.cool_downs import check_finish
from itfriend.core.settings import Settings
from itfriend.core.tone import cool_down_minutes, score_ticket


class CoolDownService:
    """Starts, lists and ends cool-downs; their length follows the ticket's heat and the settings
    ``cooldown.min_minutes`` and ``cooldown.max_minutes``."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def minutes_for(self, heat: int) -> int:
        return cool_down_minutes(
            heat,
            self._settings.get("cooldown.min_minutes"),
            self._settings.get("cooldown.max_minutes"),
        )

    def start(self, label: str, ticket_text: str, minutes: int | None = None) -> CoolDownRow:
        """Score the ticket and start its cool-down; ``minutes`` overrides the length."""
        if not ticket_text.strip():
            raise ValidationError("paste the ticket's text to start a cool-down")
        heat = score_ticket(ticket_text).heat
        length = self.minutes_for(heat) if minutes is None else minutes
        if length < 0 or length > 24 * 60:
            raise ValidationError("a cool-down lasts from 0 minutes to a day")
        now = self._clock.now()
        with self._db.transaction() as session:
            row = CoolDown(
                label=label.strip()[:200],
                ticket_text=ticket_text,
                heat=heat,
                started_at=now,
                ends_at=now + timedelta(minutes=length),
                state=RUNNING,
                draft="",
            )
            session.add(row)
            session.flush()
            return _row(row)

    def get(self, cool_down_id: int) -> CoolDownRow:
        with self._db.transaction() as session:
            return _row(_get(session, cool_down_id))

    def running(self) -> list[CoolDownRow]:
        """Cool-downs not yet ended or replied to, soonest end first (including those now due)."""
        query = (
            select(CoolDown)
            .where(CoolDown.state == RUNNING)
            .order_by(CoolDown.ends_at, CoolDown.id)
        )
        with self._db.transaction() as session:
            return [_row(c) for c in session.scalars(query)]

    def due(self, at: datetime | None = None) -> list[CoolDownRow]:
        """Running cool-downs whose time is up."""
        moment = at or self._clock.now()
        return [c for c in self.running() if c.ends_at <= moment]

    def next_end(self) -> datetime | None:
        """The soonest end of a running cool-down, for the scheduler's single timer."""
        query = (
            select(CoolDown.ends_at)
            .where(CoolDown.state == RUNNING)
            .order_by(CoolDown.ends_at)
            .limit(1)
        )
        with self._db.transaction() as session:
            return session.scalar(query)

    def end(self, cool_down_id: int) -> CoolDownRow:
        """Mark the cool-down over (its time is up, or the technician stopped it)."""
        return self._finish(cool_down_id, ENDED)

    def replied(self, cool_down_id: int, draft: str = "") -> CoolDownRow:
        """Record that the ticket was answered (early or not), keeping the draft that was sent."""
        return self._finish(cool_down_id, REPLIED, draft)

    def save_draft(self, cool_down_id: int, draft: str) -> CoolDownRow:
        with self._db.transaction() as session:
            cool_down = _get(session, cool_down_id)
            cool_down.draft = draft
            return _row(cool_down)

    def _finish(self, cool_down_id: int, state: str, draft: str | None = None) -> CoolDownRow:
        with self._db.transaction() as session:
            cool_down = _get(session, cool_down_id)
            check_finish(cool_down_id, cool_down.state, state)
            cool_down.state = state
            if draft is not None:
                cool_down.draft = draft
            return _row(cool_down)


def _get(session: Any, cool_down_id: int) -> CoolDown:
    cool_down: CoolDown | None = session.get(CoolDown, cool_down_id)
    if cool_down is None:
        raise NotFoundError(f"there is no cool-down #{cool_down_id}")
    return cool_down


def _row(c: CoolDown) -> CoolDownRow:
    return CoolDownRow(
        id=c.id,
        label=c.label,
        ticket_text=c.ticket_text,
        heat=c.heat,
        started_at=c.started_at,
        ends_at=c.ends_at,
        state=c.state,
        draft=c.draft,
    )
