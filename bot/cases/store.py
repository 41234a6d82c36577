"""The case store: open a case, record what happens to it, find it again, forget it.

One `CaseStore` holds one SQLAlchemy engine (2.0 style, `future=True`) for its whole life;
create it once per process (`CaseStore.from_settings()` returns the process-wide one) and
share it. Every method opens a short session and returns frozen snapshots (`Case`), never
ORM objects, so callers cannot change the database by accident.

No personal data goes in: `open_case` takes only codes (keyword-only, no `**kwargs`, so
`name=` or `email=` is a TypeError), each checked against its closed list, and the owner is
stored as a keyed hash of the chat sender id (`bot.cases.owner`).
"""

from __future__ import annotations

import datetime
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot import keys
from bot.cases import migrate
from bot.cases.due import deadlines_for, receipt
from bot.cases.events import PersonalDataRefused, validate_detail
from bot.cases.models import CaseRow, EventRow
from bot.cases.owner import owner_hash
from bot.cases.policy import next_step as _next_step
from bot.cases.reference import (
    InvalidReference,
    format_reference,
    new_reference,
    parse_reference,
)
from bot.cases.types import (
    FINISHED_STATUSES,
    Case,
    CaseEvent,
    CaseStatus,
    NextStep,
)
from bot.files import create_private, restrict, sqlite_path
from bot.i18n import SUPPORTED_LANGUAGES
from bot.jurisdictions import Place, jurisdiction_for, resolve_place
from bot.registry import get_authority, get_controller
from bot.rights import Problem, RequestType
from bot.settings import cases_db_url

_CHANNEL = re.compile(r"^[a-z][a-z0-9_.-]{0,31}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_REFERENCE_ATTEMPTS = 5
_CHUNK = 500  # ids per DELETE ... IN (...) when purging
# Bulk deletes run in their own short sessions: nothing loaded needs synchronising.
_BULK: dict[str, Any] = {"execution_options": {"synchronize_session": False}}


# The process-wide stores of `CaseStore.from_settings`, by URL.
_SHARED: dict[str, CaseStore] = {}
_SHARED_LOCK = threading.Lock()


class CaseNotFound(LookupError):
    """No case has this reference (it may have been deleted or purged)."""


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


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


def _as_utc(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is None:
            raise ValueError("use a timezone-aware datetime (UTC)")
        return moment.astimezone(datetime.timezone.utc)
    return datetime.datetime.combine(moment, datetime.time(), datetime.timezone.utc)


def _code(value: Any, valid: Iterable[str], what: str) -> str:
    value = getattr(value, "value", value)
    valid = tuple(valid)
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"unknown {what}; valid: {', '.join(valid)}")
    return value


def _place(code: Any) -> Place:
    """A known country, or a subdivision of one, from its ISO 3166 code (FR, DE-BY, US-IL)."""
    try:
        if not isinstance(code, str):
            raise ValueError(code)
        where = Place.from_code(code.strip())
        known = resolve_place(where.country)
        if known is None or known.country != where.country:
            raise ValueError(code)
    except ValueError:
        raise ValueError(
            "place must be an ISO 3166 code of a country or a subdivision, such as FR, DE-BY "
            "or US-IL"
        ) from None
    return where


def _snapshot(row: CaseRow) -> Case:
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


class CaseStore:
    """Cases in a SQL database (SQLite or PostgreSQL), migrated to the newest schema."""

    def __init__(self, engine: Engine, *, secret: bytes | None = None,
                 key_file: Path | None = None,
                 clock: Callable[[], datetime.datetime] = _utcnow,
                 migrate_schema: bool = True) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)
        self._secret = secret
        self._key_file = key_file
        self._clock = clock
        if migrate_schema:
            migrate.upgrade(engine)

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def from_url(cls, url: str, *, secret: bytes | None = None, key_file: Path | None = None,
                 clock: Callable[[], datetime.datetime] = _utcnow) -> CaseStore:
        """A store on `url` with its own engine, migrated to head. Create one per process."""
        return cls(make_engine(url), secret=secret, key_file=key_file, clock=clock)

    @classmethod
    def from_settings(cls) -> CaseStore:
        """The process-wide store for `$CASES_DB_URL` (default `sqlite:///var/cases.db`)."""
        url = cases_db_url()
        with _SHARED_LOCK:
            store = _SHARED.get(url)
            if store is None:
                store = _SHARED[url] = cls.from_url(url)
            return store

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"CaseStore({self.engine.url.render_as_string(hide_password=True)!r})"

    # --- helpers ---------------------------------------------------------------------------

    def _owner(self, sender_id: str) -> str:
        if self._secret is None:
            self._secret = keys.load(keys.CASES, self._key_file)
        return owner_hash(self._secret, sender_id)

    def _now(self) -> datetime.datetime:
        return _as_utc(self._clock())

    def _row(self, session: Session, reference: str) -> CaseRow:
        canonical = parse_reference(reference)
        row = session.execute(
            select(CaseRow).where(CaseRow.reference == canonical)
            .options(selectinload(CaseRow.events))
        ).scalar_one_or_none()
        if row is None:
            raise CaseNotFound(f"no case with reference {format_reference(canonical)}")
        return row

    def _add_event(self, session: Session, row: CaseRow, kind: str,
                   detail: Mapping[str, Any] | None, now: datetime.datetime) -> None:
        row.events.append(EventRow(at=now, kind=kind, detail=validate_detail(kind, detail)))
        row.last_activity = now

    def _change(self, reference: str, kind: str, detail: Mapping[str, Any] | None,
                update: Callable[[CaseRow], None] | None = None) -> Case:
        """Apply `update` to a case and record one event, in one transaction."""
        now = self._now()
        with self._sessions.begin() as session:
            row = self._row(session, reference)
            if update is not None:
                update(row)
                row.updated = now
            self._add_event(session, row, kind, detail, now)
            session.flush()
            return _snapshot(row)

    # --- the API ---------------------------------------------------------------------------

    def open_case(self, *, owner: str, request_type: RequestType | str, controller: str,
                  place: str, letter_language: str, chat_language: str, channel: str,
                  sent: datetime.date | None = None, authority: str | None = None,
                  sent_by: str | None = None, received: datetime.date | None = None,
                  receipt_known: bool = False) -> Case:
        """Open a case for the chat sender `owner`; the jurisdiction follows from `place`.

        `request_type` is the first request (access, erasure, objection): follow-ups and
        complaints are steps of a case, recorded with `set_status`. With `sent`, the due
        dates are computed at once, from receipt as `record_sent` counts it: by e-mail the
        day it is sent (also the default), by post the delivery day the person estimates
        (`received`), or the day the person says it arrived (`receipt_known`).
        """
        rtype = RequestType(_code(request_type, [t.value for t in RequestType],
                                  "request type"))
        if not rtype.is_initial:
            raise ValueError(
                "a case starts with an access, erasure or objection request; follow-ups and "
                "complaints are recorded on that case with set_status"
            )
        if not isinstance(controller, str) or not _SLUG.match(controller):
            raise ValueError("controller must be a registry slug such as 'clearview-ai'")
        try:
            get_controller(controller)
            if authority is not None:
                if not isinstance(authority, str) or not _SLUG.match(authority):
                    raise KeyError("authority must be a registry slug")
                get_authority(authority)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        where = _place(place)
        jurisdiction = jurisdiction_for(where).code
        letter_language = _code(letter_language, SUPPORTED_LANGUAGES, "letter language")
        chat_language = _code(chat_language, SUPPORTED_LANGUAGES, "chat language")
        if not isinstance(channel, str) or not _CHANNEL.match(channel):
            raise ValueError("channel must be a channel name such as 'rest' or 'socketio'")
        owner_key = self._owner(owner)
        status = CaseStatus.AWAITING_SEND
        due = extended = counted = None
        footing = "same_day"
        if sent is not None:
            if received is not None and received < sent:
                raise ValueError("a letter cannot be received before it was sent")
            status = CaseStatus.AWAITING_ANSWER
            counted, footing = receipt(sent, sent_by or ("email" if received is None
                                                          else None), received, receipt_known)
            due, extended = deadlines_for(where.code, jurisdiction, counted, rtype.value)
        for attempt in range(_REFERENCE_ATTEMPTS):
            now = self._now()
            try:
                with self._sessions.begin() as session:
                    row = CaseRow(
                        reference=new_reference(), owner=owner_key,
                        request_type=rtype.value, controller=controller,
                        jurisdiction=jurisdiction, place=where.code, authority=authority,
                        letter_language=letter_language, chat_language=chat_language,
                        channel=channel, sent=sent, received=counted, due=due,
                        extended_due=extended,
                        status=status.value, created=now, updated=now, last_activity=now,
                        events=[],
                    )
                    self._add_event(session, row, "opened",
                                    {"request_type": rtype.value}, now)
                    if sent is not None:
                        detail = {"receipt": footing}
                        if sent_by:
                            detail["sent_by"] = sent_by
                        self._add_event(session, row, "sent", detail, now)
                    session.add(row)
                    session.flush()
                    return _snapshot(row)
            except IntegrityError:  # a reference drawn twice (2^-60): draw again
                if attempt == _REFERENCE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def record_sent(self, reference: str, sent_date: datetime.date, *,
                    received: datetime.date | None = None, sent_by: str | None = None,
                    receipt_known: bool | None = None) -> Case:
        """The letter was sent on `sent_date`: compute the due dates, await the answer.

        The deadline runs from receipt (facts file, "Counting the deadline"). By e-mail
        (`sent_by="email"`, or nothing said and no `received`) it is the day it was sent; by
        post, the delivery day the person estimates (`received`) or, without one, the sending
        day as an assumption. A `received` day is taken as what the person knows
        (`receipt_known`, the default when it is given without `sent_by="post"`). How the
        day is known is kept in the "sent" event, so the chat can say "if it was received on".
        """
        if not isinstance(sent_date, datetime.date) or isinstance(sent_date, datetime.datetime):
            raise ValueError("sent_date must be a date")
        if received is not None and received < sent_date:
            raise ValueError("a letter cannot be received before it was sent")
        known = receipt_known if receipt_known is not None else (
            received is not None and sent_by != "post")
        channel = sent_by or ("email" if received is None else None)
        counted, footing = receipt(sent_date, channel, received, known)

        def update(row: CaseRow) -> None:
            row.sent = sent_date
            row.received = counted
            row.due, row.extended_due = deadlines_for(row.place, row.jurisdiction, counted,
                                                      row.request_type)
            if row.status == CaseStatus.AWAITING_SEND.value:
                row.status = CaseStatus.AWAITING_ANSWER.value

        detail = {"receipt": footing, **({"sent_by": sent_by} if sent_by else {})}
        return self._change(reference, "sent", detail, update)

    def record_problem(self, reference: str, problems: Iterable[Problem | str]) -> Case:
        """The person reports what went wrong (`bot.rights.Problem` values)."""
        values = [Problem.parse(getattr(p, "value", p)).value for p in problems]
        if not values:
            raise ValueError("record_problem needs at least one problem")
        return self._change(reference, "problem", {"problems": values})

    def record_extension(self, reference: str) -> Case:
        """The controller announced the two-month extension: the extended due date counts."""
        return self._change(reference, "extension", None)

    def record_event(self, reference: str, kind: str,
                     detail: Mapping[str, Any] | None = None) -> Case:
        """Add a history entry; `detail` must pass the allow-list (`bot.cases.events`)."""
        return self._change(reference, kind, detail)

    def set_status(self, reference: str, status: CaseStatus | str) -> Case:
        """Move a case to `status` (not OVERDUE, which is derived from the dates)."""
        new = CaseStatus.parse(getattr(status, "value", status))
        if not new.stored:
            raise ValueError("overdue is derived from the due date and cannot be set")
        previous: list[str] = []

        def update(row: CaseRow) -> None:
            if new is CaseStatus.AWAITING_ANSWER and row.sent is None:
                raise ValueError("record_sent gives a case its sent date and due dates")
            previous.append(row.status)
            row.status = new.value

        now = self._now()
        with self._sessions.begin() as session:
            row = self._row(session, reference)
            update(row)
            row.updated = now
            self._add_event(session, row, "status",
                            {"status": new.value, "previous": previous[0]}, now)
            session.flush()
            return _snapshot(row)

    def find(self, reference_text: str) -> Case | None:
        """The case a person typed the reference of (tolerant), or None."""
        try:
            canonical = parse_reference(reference_text)
        except InvalidReference:
            return None
        with self._sessions() as session:
            try:
                return _snapshot(self._row(session, canonical))
            except CaseNotFound:
                return None

    def get(self, reference: str) -> Case:
        """Like `find`, but InvalidReference / CaseNotFound instead of None."""
        with self._sessions() as session:
            return _snapshot(self._row(session, reference))

    def cases_of(self, owner: str) -> list[Case]:
        """The cases of a chat sender, most recent activity first."""
        with self._sessions() as session:
            rows = session.execute(
                select(CaseRow).where(CaseRow.owner == self._owner(owner))
                .options(selectinload(CaseRow.events))
                .order_by(CaseRow.last_activity.desc(), CaseRow.id.desc())
            ).scalars().all()
            return [_snapshot(row) for row in rows]

    def delete(self, reference: str) -> bool:
        """Delete a case and its history; False if there was none."""
        canonical = parse_reference(reference)
        with self._sessions.begin() as session:
            ids = select(CaseRow.id).where(CaseRow.reference == canonical)
            session.execute(delete(EventRow).where(EventRow.case_id.in_(ids)), **_BULK)
            result = session.execute(delete(CaseRow).where(CaseRow.reference == canonical),
                                     **_BULK)
            return bool(result.rowcount)

    def forget_owner(self, owner: str) -> int:
        """Delete every case (and its history) of a chat sender; how many cases went."""
        owner_key = self._owner(owner)
        with self._sessions.begin() as session:
            ids = select(CaseRow.id).where(CaseRow.owner == owner_key)
            session.execute(delete(EventRow).where(EventRow.case_id.in_(ids)), **_BULK)
            result = session.execute(delete(CaseRow).where(CaseRow.owner == owner_key), **_BULK)
            return int(result.rowcount)

    def purge_finished(self, before: datetime.datetime,
                       dry_run: bool = False) -> tuple[int, int]:
        """Delete answered and closed cases with no activity since `before`.

        Returns (cases, events) deleted, or that would be with `dry_run`.
        """
        before = _as_utc(before)
        finished = [s.value for s in FINISHED_STATUSES]
        with self._sessions.begin() as session:
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
                    delete(EventRow).where(EventRow.case_id.in_(chunk)), **_BULK).rowcount
                cases += session.execute(
                    delete(CaseRow).where(CaseRow.id.in_(chunk)), **_BULK).rowcount
            return cases, events

    def next_step(self, case: Case, today: datetime.date) -> NextStep:
        """What the person can do next (`bot.cases.policy.next_step`)."""
        return _next_step(case, today)

    def stats(self, since: datetime.datetime | datetime.date | None = None
              ) -> dict[str, dict[str, int]]:
        """Counts of cases opened since `since` (all if None): nothing about any person.

        Keys: request_type, jurisdiction, chat_language, status (stored), week (ISO week
        of opening, "2026-W47").
        """
        columns = {
            "request_type": CaseRow.request_type,
            "jurisdiction": CaseRow.jurisdiction,
            "chat_language": CaseRow.chat_language,
            "status": CaseRow.status,
        }
        where = [] if since is None else [CaseRow.created >= _as_utc(since)]
        out: dict[str, dict[str, int]] = {}
        with self._sessions() as session:
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


__all__ = [
    "CaseNotFound",
    "CaseStore",
    "PersonalDataRefused",
    "deadlines_for",
    "make_engine",
]
