"""Delete what the assistant no longer needs: old conversations and finished cases.

`purge` is meant to run daily (`python -m bot purge`, e.g. from cron or a systemd timer):

- conversations in Rasa's SQL tracker store whose LAST event is older than
  `retention.conversations_days` go entirely (every event of that sender id), so a person
  still talking keeps their whole conversation and a finished one leaves no trace;
- answered and closed cases whose last activity is older than `retention.closed_cases_days`
  go with their history. Open cases stay until the person closes or deletes them.

The tracker store is reached with SQLAlchemy Core on its `events` table by name (columns
id, sender_id, type_name, timestamp as float seconds since the epoch, intent_name,
action_name, data): `bot/` never imports Rasa.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy.engine import Engine

from bot.settings import Retention, Settings

if TYPE_CHECKING:
    from bot.cases import CaseStore

_CHUNK = 500

# The columns of Rasa 3.6's SQLTrackerStore table that the purge reads (a mirror, not Rasa's
# own class; tests/unit/test_retention.py checks it still matches).
_metadata = MetaData()
tracker_events = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class PurgeResult:
    """What `purge` deleted (or would delete, with dry_run)."""

    cases: int = 0
    case_events: int = 0
    conversations: int = 0  # sender ids whose events were all deleted
    tracker_events: int = 0
    dry_run: bool = False


def _retention(settings: Settings | Retention) -> Retention:
    return settings.retention if isinstance(settings, Settings) else settings


def _utc(now: datetime.datetime) -> datetime.datetime:
    if now.tzinfo is None:
        raise ValueError("purge needs a timezone-aware `now` (UTC)")
    return now.astimezone(datetime.timezone.utc)


def purge_conversations(engine: Engine, before: datetime.datetime,
                        dry_run: bool = False) -> tuple[int, int]:
    """Delete every event of each sender whose last event is older than `before`.

    Returns (conversations, events). A database without Rasa's `events` table (the tracker
    store has not started yet) has nothing to purge.
    """
    if not inspect(engine).has_table(tracker_events.name):
        return 0, 0
    cutoff = _utc(before).timestamp()
    last = func.max(tracker_events.c.timestamp)
    stale = (select(tracker_events.c.sender_id).group_by(tracker_events.c.sender_id)
             .having(last < cutoff))
    conversations = events = 0
    with engine.begin() as conn:
        senders = list(conn.execute(stale).scalars())
        for start in range(0, len(senders), _CHUNK):
            chunk = senders[start:start + _CHUNK]
            conversations += len(chunk)
            in_going = tracker_events.c.sender_id.in_(chunk)
            if dry_run:
                events += conn.execute(
                    select(func.count()).select_from(tracker_events).where(in_going)
                ).scalar_one()
            else:
                events += conn.execute(delete(tracker_events).where(in_going)).rowcount
    return conversations, events


def purge(now: datetime.datetime, cases_store: CaseStore | None,
          tracker: str | Engine | None, settings: Settings | Retention, *,
          dry_run: bool = False) -> PurgeResult:
    """Apply the retention settings at `now` (UTC-aware): the one retention run, for
    `python -m bot purge` (a tracker URL) and for the Rasa server (its tracker store's
    engine). None skips that store."""
    now = _utc(now)
    retention = _retention(settings)
    cases = case_events = conversations = events = 0
    if cases_store is not None:
        cases, case_events = cases_store.purge_finished(
            now - datetime.timedelta(days=retention.closed_cases_days), dry_run=dry_run)
    if tracker is not None:
        engine = create_engine(tracker, future=True) if isinstance(tracker, str) else tracker
        try:
            conversations, events = purge_conversations(
                engine, now - datetime.timedelta(days=retention.conversations_days),
                dry_run=dry_run)
        finally:
            if isinstance(tracker, str):
                engine.dispose()
    return PurgeResult(cases=cases, case_events=case_events, conversations=conversations,
                       tracker_events=events, dry_run=dry_run)
