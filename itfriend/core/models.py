"""The data model: SQLAlchemy 2.0 typed ORM classes.

Moments are stored as naive UTC and come back as aware UTC (``UtcDateTime``), so that a database
shared by technicians in different time zones stays unambiguous.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from itfriend.core.rows.follow_ups import FollowUpState as FollowUpState

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC; returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Channel(enum.StrEnum):
    IN_PERSON = "in-person"
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    VIDEO = "video"


person_systems = Table(
    "person_systems",
    Base.metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("system_id", ForeignKey("systems.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_person_systems_system_id", "system_id"),
)


class System(Base):
    """A system or application people use (the CRM, the payroll system)."""

    __tablename__ = "systems"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Person(Base):
    """Someone the technician supports."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(200), default="", index=True)
    building: Mapped[str] = mapped_column(String(200), default="", index=True)
    floor: Mapped[str] = mapped_column(String(50), default="")
    room: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    personal_notes: Mapped[str] = mapped_column(Text, default="")
    birthday: Mapped[date | None] = mapped_column(Date)
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    # Kept equal to the latest interaction's moment by InteractionService (see its docstring).
    last_contact: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    systems: Mapped[list[System]] = relationship(secondary=person_systems, order_by=System.name)
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def first_name(self) -> str:
        return self.preferred_name or (self.name.split()[0] if self.name.split() else "")


class Interaction(Base):
    """One contact with a person: a visit, a call, an email, a chat or a video call."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_person_at", "person_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    channel: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="interactions")


class FollowUp(Base):
    """Something to check back on with a person at a given moment."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index("ix_follow_ups_state_due", "state", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    due: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=FollowUpState.OPEN.value)
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The moment a reminder for this follow-up was last shown, so that one is shown once only.
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    person: Mapped[Person] = relationship(back_populates="follow_ups")


class Template(Base):
    """An email template: Jinja2 text with a subject, found by name, category or abbreviation."""

    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    abbreviation: Mapped[str] = mapped_column(String(50), default="", index=True)
    # True while the template is the unchanged copy of a shipped default.
    is_default: Mapped[bool] = mapped_column(default=False)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WalkAround(Base):
    """A recurring walk-around: an RFC 5545 recurrence rule and the building to visit."""

    __tablename__ = "walk_arounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    building: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(Text)  # e.g. "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=10;BYMINUTE=0"
    label: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The latest occurrence already reminded of: catch-up after sleep shows each one once.
    reminded_through: Mapped[datetime | None] = mapped_column(UtcDateTime)


group_members = Table(
    "group_members",
    Base.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)


class Group(Base):
    """People an announcement goes to: a saved rule, hand-picked members, or both."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # JSON lists; empty means "no condition on this field".
    departments: Mapped[str] = mapped_column(Text, default="[]")
    buildings: Mapped[str] = mapped_column(Text, default="[]")
    systems: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    members: Mapped[list[Person]] = relationship(secondary=group_members)


class Announcement(Base):
    """One notice sent (or prepared) to a group, with its delivery and outcome."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    group_name: Mapped[str] = mapped_column(String(200))
    template_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    delivery: Mapped[str] = mapped_column(String(20))  # smtp, mailto, eml
    state: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # When set, a reminder to send the matching back-up notice comes due at this moment.
    follow_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    follow_up_template: Mapped[str] = mapped_column(String(200), default="")


class AnnouncementRecipient(Base):
    """One recipient of an announcement; ``status`` makes a retried send skip those already sent."""

    __tablename__ = "announcement_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, sent, failed
    error: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CoolDown(Base):
    """A cool-down timer started by an angry ticket, so that the answer waits a little."""

    __tablename__ = "cool_downs"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    ticket_text: Mapped[str] = mapped_column(Text, default="")
    heat: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    state: Mapped[str] = mapped_column(String(20), default="running")  # running, ended, replied
    draft: Mapped[str] = mapped_column(Text, default="")


class AppState(Base):
    """Small named values the app remembers between runs (e.g. the day the digest was shown)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ChangeRecord(Base):
    """One committed write, for the change feed (see ``itfriend.core.change_feed``)."""

    __tablename__ = "changes"
    # AUTOINCREMENT: ids are the feed's cursor and must never be reused after pruning.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[int | None] = mapped_column(Integer)  # None: many rows of the table
    kind: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str | None] = mapped_column(String(200))
