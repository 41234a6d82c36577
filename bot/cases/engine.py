"""The SQLAlchemy engine of a case database, and the few checks its rows need.

Split from `bot.cases.store` so that the store keeps to its API: here are the engine (SQLite
pragmas, private file), the snapshot of a row, and the codes and dates a row accepts. The due
dates a case stores are `bot.cases.due`'s.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from bot.cases.models import CaseRow
from bot.cases.reference import format_reference
from bot.cases.types import Case, CaseEvent, CaseStatus
from bot.deadlines import parse_sent_by
from bot.files import create_private, restrict, sqlite_path
from bot.jurisdictions import Place, resolve_place
from bot.rights import RequestType


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on (so events go with their case) and WAL for concurrent readers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")  # a deleted case leaves no bytes behind
    cursor.close()


def make_engine(url: str) -> Engine:
    """The engine for a case database (SQLite's folder is created if missing)."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed.database)
        if path is not None:
            create_private(path)
            restrict(path)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def as_utc(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is None:
            raise ValueError("use a timezone-aware datetime (UTC)")
        return moment.astimezone(datetime.timezone.utc)
    return datetime.datetime.combine(moment, datetime.time(), datetime.timezone.utc)


def code(value: Any, valid: Iterable[str], what: str) -> str:
    value = getattr(value, "value", value)
    valid = tuple(valid)
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"unknown {what}; valid: {', '.join(valid)}")
    return value


def known_place(place_code: Any) -> Place:
    """A known country, or a subdivision of one, from its ISO 3166 code (FR, DE-BY, US-IL)."""
    try:
        if not isinstance(place_code, str):
            raise ValueError(place_code)
        where = Place.from_code(place_code.strip())
        known = resolve_place(where.country)
        if known is None or known.country != where.country:
            raise ValueError(place_code)
    except ValueError:
        raise ValueError(
            "place must be an ISO 3166 code of a country or a subdivision, such as FR, DE-BY "
            "or US-IL"
        ) from None
    return where


def sent_detail(receipt: str, sent_by: str | None) -> dict[str, str]:
    """The detail of a "sent" event: how the receipt day is known, and how the letter was
    sent ("email", "post") if the person said."""
    channel = parse_sent_by(sent_by)
    return {"receipt": receipt, **({"sent_by": channel} if channel else {})}


def calendar_day(day: datetime.date, what: str) -> datetime.date:
    """A calendar day (not a datetime) for a history entry."""
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise ValueError(f"{what} must be a date")
    return day


def snapshot(row: CaseRow) -> Case:
    return Case(
        reference=format_reference(row.reference),
        request_type=RequestType(row.request_type),
        controller=row.controller,
        jurisdiction=row.jurisdiction,
        place=row.place,
        authority=row.authority,
        letter_language=row.letter_language,
        chat_language=row.chat_language,
        channel=row.channel,
        sent=row.sent,
        due=row.due,
        extended_due=row.extended_due,
        status=CaseStatus(row.status),
        created=row.created,
        updated=row.updated,
        last_activity=row.last_activity,
        events=tuple(CaseEvent(at=e.at, kind=e.kind, detail=dict(e.detail))
                     for e in row.events),
        received=row.received,
    )
