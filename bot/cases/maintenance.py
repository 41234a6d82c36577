"""Housekeeping on the case store: counts that name nobody, and purging finished cases.

`CaseStore.stats` and `CaseStore.purge_finished` delegate here; each runs in its own short
session from the store's session factory.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import sessionmaker

from bot.cases.engine import as_utc
from bot.cases.models import CaseRow, EventRow
from bot.cases.types import FINISHED_STATUSES

_CHUNK = 500  # ids per DELETE ... IN (...) when purging
# Bulk deletes run in their own short sessions: nothing loaded needs synchronising.
BULK: dict[str, Any] = {"execution_options": {"synchronize_session": False}}


def purge_finished(sessions: sessionmaker, before: datetime.datetime,
                   dry_run: bool = False) -> tuple[int, int]:
    """Delete answered and closed cases with no activity since `before`; (cases, events)."""
    before = as_utc(before)
    finished = [s.value for s in FINISHED_STATUSES]
    with sessions.begin() as session:
        # FOR UPDATE (PostgreSQL): a case that gets new activity meanwhile waits for us.
        ids = list(session.execute(
            select(CaseRow.id)
            .where(CaseRow.status.in_(finished), CaseRow.last_activity < before)
            .with_for_update()
        ).scalars())
        cases = events = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            if dry_run:
                events += session.execute(
                    select(func.count()).select_from(EventRow)
                    .where(EventRow.case_id.in_(chunk))).scalar_one()
                cases += len(chunk)
                continue
            events += session.execute(
                delete(EventRow).where(EventRow.case_id.in_(chunk)), **BULK).rowcount
            cases += session.execute(
                delete(CaseRow).where(CaseRow.id.in_(chunk)), **BULK).rowcount
        return cases, events


def stats(sessions: sessionmaker, since: datetime.datetime | datetime.date | None = None
          ) -> dict[str, dict[str, int]]:
    """Counts of cases opened since `since` (all if None), by type, jurisdiction, chat
    language, status and ISO week of opening."""
    columns = {
        "request_type": CaseRow.request_type,
        "jurisdiction": CaseRow.jurisdiction,
        "chat_language": CaseRow.chat_language,
        "status": CaseRow.status,
    }
    where = [] if since is None else [CaseRow.created >= as_utc(since)]
    out: dict[str, dict[str, int]] = {}
    with sessions() as session:
        for key, column in columns.items():
            rows = session.execute(
                select(column, func.count()).where(*where).group_by(column)
                .order_by(column)
            ).all()
            out[key] = {str(value): int(n) for value, n in rows}
        weeks: Counter[str] = Counter()
        for (created,) in session.execute(select(CaseRow.created).where(*where)):
            year, week, _ = created.isocalendar()
            weeks[f"{year}-W{week:02d}"] += 1
    out["week"] = dict(sorted(weeks.items()))
    return out
