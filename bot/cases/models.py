"""The two tables of the case store, as SQLAlchemy ORM classes (2.0-style, SQLAlchemy 1.4).

Nothing here can hold a name, an e-mail or postal address, a phone number or a photo: the
columns are codes from closed lists, dates, and `owner`, a keyed hash of the chat sender id
(see `bot.cases.owner`). `case_events.detail` is a small JSON object checked against an
allow-list before it is written (`bot.cases.events`).

The migration in `migrations/versions/` creates exactly these tables; a test compares the two
with Alembic's autogenerate, so change both together.
"""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.orm import Mapped, registry, relationship

# Stable constraint names on every database, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite drops the zone: put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the case store; use UTC-aware datetimes")
        value = value.astimezone(datetime.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> datetime.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc)


@mapper_registry.mapped
class CaseRow:
    """One request a person made, and where it stands."""

    __tablename__ = "cases"

    id: Mapped[int] = Column(Integer, primary_key=True)
    reference: Mapped[str] = Column(String(12), nullable=False, index=True, unique=True)
    owner: Mapped[str] = Column(String(64), nullable=False, index=True)
    request_type: Mapped[str] = Column(String(20), nullable=False)
    controller: Mapped[str] = Column(String(64), nullable=False)
    jurisdiction: Mapped[str] = Column(String(10), nullable=False)
    place: Mapped[str] = Column(String(10), nullable=False)
    authority: Mapped[str | None] = Column(String(64), nullable=True)
    letter_language: Mapped[str] = Column(String(8), nullable=False)
    chat_language: Mapped[str] = Column(String(8), nullable=False)
    channel: Mapped[str] = Column(String(32), nullable=False)
    sent: Mapped[datetime.date | None] = Column(Date, nullable=True)
    # The day the period counts from: how it is known is in the "sent" event (`receipt`).
    received: Mapped[datetime.date | None] = Column(Date, nullable=True)
    due: Mapped[datetime.date | None] = Column(Date, nullable=True)
    extended_due: Mapped[datetime.date | None] = Column(Date, nullable=True)
    status: Mapped[str] = Column(String(20), nullable=False)
    created: Mapped[datetime.datetime] = Column(UTCDateTime, nullable=False)
    updated: Mapped[datetime.datetime] = Column(UTCDateTime, nullable=False)
    last_activity: Mapped[datetime.datetime] = Column(UTCDateTime, nullable=False, index=True)

    events: Mapped[list[EventRow]] = relationship(
        "EventRow",
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventRow.id",
    )


@mapper_registry.mapped
class EventRow:
    """Something that happened to a case: opened, sent, a problem reported, a new status."""

    __tablename__ = "case_events"

    id: Mapped[int] = Column(Integer, primary_key=True)
    case_id: Mapped[int] = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    at: Mapped[datetime.datetime] = Column(UTCDateTime, nullable=False)
    kind: Mapped[str] = Column(String(20), nullable=False)
    detail: Mapped[dict[str, Any]] = Column(JSON, nullable=False)

    case: Mapped[CaseRow] = relationship("CaseRow", back_populates="events")
