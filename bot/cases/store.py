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
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot import keys
from bot.cases import maintenance, migrate
from bot.cases.due import deadlines_for, receipt
from bot.cases.engine import (
    as_utc,
    calendar_day,
    code,
    known_place,
    make_engine,
    sent_detail,
    snapshot,
)
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
    Case,
    CaseStatus,
    NextStep,
)
from bot.deadlines import parse_sent_by
from bot.i18n import SUPPORTED_LANGUAGES
from bot.jurisdictions import jurisdiction_for
from bot.registry import get_authority, get_controller
from bot.rights import Problem, RequestType, parse_problems
from bot.settings import cases_db_url

_CHANNEL = re.compile(r"^[a-z][a-z0-9_.-]{0,31}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_REFERENCE_ATTEMPTS = 5
_BULK = maintenance.BULK


# The process-wide stores of `CaseStore.from_settings`, by URL.
_SHARED: dict[str, CaseStore] = {}
_SHARED_LOCK = threading.Lock()


class CaseNotFound(LookupError):
    """No case has this reference (it may have been deleted or purged)."""


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


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
        return as_utc(self._clock())

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
            return snapshot(row)

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
        (`received`), or the day the person says it arrived (`receipt_known`). `sent_by`
        ("email", "post") is kept too: a complaint recounts how the request went.
        """
        rtype = RequestType(code(request_type, [t.value for t in RequestType],
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
        where = known_place(place)
        jurisdiction = jurisdiction_for(where).code
        letter_language = code(letter_language, SUPPORTED_LANGUAGES, "letter language")
        chat_language = code(chat_language, SUPPORTED_LANGUAGES, "chat language")
        if not isinstance(channel, str) or not _CHANNEL.match(channel):
            raise ValueError("channel must be a channel name such as 'rest' or 'socketio'")
        owner_key = self._owner(owner)
        sent_by = parse_sent_by(sent_by)
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
                        self._add_event(session, row, "sent",
                                        sent_detail(footing, sent_by), now)
                    session.add(row)
                    session.flush()
                    return snapshot(row)
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
        day is known is kept in the "sent" event, so the chat can say "if it was received on",
        and so is `sent_by`, which a complaint recounts.
        """
        if not isinstance(sent_date, datetime.date) or isinstance(sent_date, datetime.datetime):
            raise ValueError("sent_date must be a date")
        if received is not None and received < sent_date:
            raise ValueError("a letter cannot be received before it was sent")
        sent_by = parse_sent_by(sent_by)
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

        return self._change(reference, "sent", sent_detail(footing, sent_by), update)

    def record_problem(self, reference: str, problems: Iterable[Problem | str], *,
                       reply_date: datetime.date | None = None) -> Case:
        """The person reports what went wrong (`bot.rights.Problem` values; a retired one is
        read as its replacements), and the day the reply came, if there was one."""
        values = [p.value for p in parse_problems(problems)]
        if not values:
            raise ValueError("record_problem needs at least one problem")
        detail: dict[str, Any] = {"problems": values}
        if reply_date is not None:
            detail["reply"] = calendar_day(reply_date, "reply_date")
        return self._change(reference, "problem", detail)

    def record_extension(self, reference: str, *, notice: datetime.date | None = None,
                         reasons_given: bool | None = None) -> Case:
        """The controller announced the two-month extension, on `notice`, with reasons or not.

        It counts (the extended due date becomes the deadline) only if announced within the
        first month and with reasons; `Case.extension` says whether it does.
        """
        detail: dict[str, Any] = {}
        if notice is not None:
            detail["notice"] = calendar_day(notice, "notice")
        if reasons_given is not None:
            detail["reasons"] = "given" if reasons_given else "not_given"
        return self._change(reference, "extension", detail)

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
            return snapshot(row)

    def find(self, reference_text: str) -> Case | None:
        """The case a person typed the reference of (tolerant), or None."""
        try:
            canonical = parse_reference(reference_text)
        except InvalidReference:
            return None
        with self._sessions() as session:
            try:
                return snapshot(self._row(session, canonical))
            except CaseNotFound:
                return None

    def get(self, reference: str) -> Case:
        """Like `find`, but InvalidReference / CaseNotFound instead of None."""
        with self._sessions() as session:
            return snapshot(self._row(session, reference))

    def cases_of(self, owner: str) -> list[Case]:
        """The cases of a chat sender, most recent activity first."""
        with self._sessions() as session:
            rows = session.execute(
                select(CaseRow).where(CaseRow.owner == self._owner(owner))
                .options(selectinload(CaseRow.events))
                .order_by(CaseRow.last_activity.desc(), CaseRow.id.desc())
            ).scalars().all()
            return [snapshot(row) for row in rows]

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
        return maintenance.purge_finished(self._sessions, before, dry_run)

    def next_step(self, case: Case, today: datetime.date) -> NextStep:
        """What the person can do next (`bot.cases.policy.next_step`)."""
        return _next_step(case, today)

    def stats(self, since: datetime.datetime | datetime.date | None = None
              ) -> dict[str, dict[str, int]]:
        """Counts of cases opened since `since` (all if None): nothing about any person.

        Keys: request_type, jurisdiction, chat_language, status (stored), week (ISO week
        of opening, "2026-W47").
        """
        return maintenance.stats(self._sessions, since)


__all__ = [
    "CaseNotFound",
    "CaseStore",
    "PersonalDataRefused",
    "deadlines_for",
    "make_engine",
]
