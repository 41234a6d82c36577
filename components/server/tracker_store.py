"""SQL tracker store that keeps no personal data and deletes a conversation on request.

Rasa's SQL tracker store appends every event, in clear, forever. This one:

- **seals** (encrypts, `bot.privacy.Sealer`) each event that carries a name, an e-mail, a
  link or a phone number, every answer to a form question, and every message typed outside a
  form that may identify someone (`bot.privacy.may_identify`), while a form needs them
  across turns and restarts;
- **never stores a download token**: the links to a letter keep their address, not their
  token (`bot.privacy.strip_tokens`), so no stored event decrypts to a name or e-mail;
- **redacts** those events for good as soon as no personal slot is set any more (the letter
  is written or the form stopped), and abandoned sealed events after `SEALED_MAX_AGE`;
- **deletes** every event of the sender when the turn ran `action_forget_me` (deleting from
  inside the action does not work: Rasa writes the whole tracker back at the end of the turn);
  on SQLite the deleted bytes are overwritten (`secure_delete`) and the write-ahead log is
  emptied, so no copy of the conversation stays in the files;
- runs the **retention purge** (`bot.retention.purge`) periodically in the background.
"""

from __future__ import annotations

import asyncio
import datetime
import itertools
import json
import logging
import time
from typing import Any, Dict, Iterable, Iterator, Set

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.cases import CaseStore
from bot.downloads import DOWNLOAD_PATH
from bot.files import create_private, restrict, sqlite_path
from bot.privacy import (
    PERSONAL_SLOTS,
    REDACTED,
    SEALED_PREFIX,
    Sealer,
    looks_personal,
    may_identify,
    personal_values,
    redact_data,
    strip_tokens_in,
)
from bot.retention import purge
from bot.settings import load_settings, retention_interval_seconds

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_forget_me"
SEALED_MAX_AGE = 2 * 3600  # seconds: a form abandoned this long ago is redacted
_WITHOUT_SEALED_MAX = 100_000  # senders remembered as having no sealed rows
_STORED_EVENTS_ATTR = "_privacy_store_event_count"  # set on trackers this store loaded/saved


class PrivacySQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with sealing, redaction, real deletion and retention."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        sqlite = (kwargs.get("dialect") or "sqlite") == "sqlite"
        path = sqlite_path(kwargs.get("db") or "rasa.db") if sqlite else None
        if path is not None:
            create_private(path)  # before SQLite creates it with the process umask
        super().__init__(*args, **kwargs)
        if path is not None:
            restrict(path)
        self._sealer = Sealer()
        self._purge_task: asyncio.Task | None = None
        self._cases: Any = None  # bot.cases.CaseStore, opened by the first purge
        self._without_sealed: Set[str] = set()
        self._event_queries = {every: _events_query(self.SQLEvent.__table__, every)
                               for every in (False, True)}
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_open()

    def _keep_sqlite_open(self) -> None:
        """Rasa's engine opens the SQLite file anew for every session (SQLAlchemy 1.4 pools
        nothing for SQLite files: 4-5 opens per message) and SQLite's default journal syncs
        the disk twice per commit; together a fifth of the Rasa server's time per message in
        `make bench`. Keep connections in a pool and use WAL with `synchronous=NORMAL`:
        still atomic and crash-safe for the process; a power cut may lose the last message."""
        url = self.engine.url
        if not url.database or url.database == ":memory:":
            return
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=QueuePool, pool_size=5, max_overflow=5,
            connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sessionmaker(bind=self.engine)

    # --- writing ------------------------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._start_retention_job()
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if any(isinstance(e, ActionExecuted) and e.action_name == FORGET_ACTION
               for e in new_events):
            await self.delete_conversation(tracker.sender_id)
            return
        values = personal_values(
            e.value for e in tracker.events
            if isinstance(e, SlotSet) and e.key in PERSONAL_SLOTS
        )
        await self.stream_events(tracker)  # an event broker, if one is configured
        with self.session_scope() as session:
            answers = _form_answers(new_events) | _replies_to_form_questions(tracker.events)
            # A slot filled with the whole text of an answer (an address typed as a country)
            # is as personal as the answer itself.
            texts = {e.text for e in tracker.events
                     if id(e) in answers and isinstance(e, UserUttered) and e.text}
            rows = []
            for event in new_events:
                sealed = id(event) in answers or _may_identify(event) or (
                    isinstance(event, SlotSet) and isinstance(event.value, str)
                    and event.value in texts)
                row = self._row(tracker.sender_id, event, values, sealed)
                if row["data"].startswith(SEALED_PREFIX):
                    self._without_sealed.discard(tracker.sender_id)
                rows.append(row)
            if rows:
                # One INSERT for all the rows (executemany), not an ORM object and a unit of
                # work per event: the ORM flush was 4 % of the Rasa server's time per message.
                session.execute(insert(self.SQLEvent.__table__), rows)
            session.commit()
            _remember_stored(tracker, len(tracker.events))
            # Redact once the form is over and no personal slot is set (a form's answers,
            # e.g. what was missing, are needed until its letter is written).
            if (not any(tracker.get_slot(s) for s in PERSONAL_SLOTS)
                    and tracker.active_loop_name is None
                    and tracker.sender_id not in self._without_sealed):
                self._redact_sealed(session, tracker.sender_id)
                self._remember_without_sealed(tracker.sender_id)

    def _remember_without_sealed(self, sender_id: str) -> None:
        """This process sealed nothing for `sender_id` since its sealed rows were redacted:
        the next messages need no query for them (another instance's sealed rows are
        redacted there, or by the retention job)."""
        if len(self._without_sealed) >= _WITHOUT_SEALED_MAX:
            self._without_sealed.clear()
        self._without_sealed.add(sender_id)

    def _row(self, sender_id: str, event: Event, values: Set[str],
             form_answer: bool) -> Dict[str, Any]:
        """The event's row of the `events` table, sealed if it may be personal."""
        data = event.as_dict()
        plain = json.dumps(data)
        if DOWNLOAD_PATH in plain:  # only a letter's messages carry download links
            data = strip_tokens_in(data)
            plain = json.dumps(data)
        personal = (
            form_answer
            or (isinstance(event, SlotSet) and event.key in PERSONAL_SLOTS and event.value)
            or any(looks_personal(text, values) for text in _texts_of(event))
        )
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": self._sealer.seal(data) if personal else plain,
        }

    def _redact_sealed(self, session: Any, sender_id: str, older_than: float = 0) -> int:
        """Replace the sender's sealed events by redacted plain ones; how many changed.

        With `older_than` (Unix time), only when the newest sealed event is older than that.
        """
        table = self.SQLEvent.__table__
        query = select(table.c.id, table.c.data, table.c.timestamp).where(
            table.c.sender_id == sender_id,
            table.c.data.startswith(SEALED_PREFIX),
        )
        rows = session.execute(query).all()
        if not rows or (older_than and max(r.timestamp or 0 for r in rows) >= older_than):
            return 0  # nothing sealed, or a form still in use
        events = [self._sealer.unseal(r.data) for r in rows]
        values = personal_values(
            e.get("value") for e in events
            if e.get("event") == "slot" and e.get("name") in PERSONAL_SLOTS
        ) | {e["text"] for e in events if e.get("event") == "user" and e.get("text")}
        session.execute(  # one statement for all the rows (executemany)
            update(table).where(table.c.id == bindparam("row_id"))
            .values(data=bindparam("redacted")),
            [{"row_id": row.id, "redacted": json.dumps(self._redact_event(event, values))}
             for row, event in zip(rows, events, strict=True)],
        )
        session.commit()
        self._checkpoint(session)
        return len(rows)

    def _checkpoint(self, session: Any) -> None:
        """On SQLite, copy the log into the file and empty it: the old versions of redacted
        or deleted rows (sealed answers, whole conversations) stay in the write-ahead log
        until then, and secure_delete zeroes what the copy frees."""
        if self.engine.dialect.name == "sqlite":
            session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))

    @staticmethod
    def _redact_event(event: Dict[str, Any], values: Iterable[str]) -> Dict[str, Any]:
        """A personal slot loses its value; a person's sealed message loses its words (a form
        answer may hold an address); anything else loses the personal values in it."""
        if event.get("event") == "slot" and event.get("name") in PERSONAL_SLOTS:
            return {**event, "value": None}
        if event.get("event") == "user":
            parse_data = dict(event.get("parse_data") or {})
            parse_data["text"] = REDACTED
            parse_data["entities"] = [
                {**e, "value": REDACTED} for e in parse_data.get("entities") or []
            ]
            return {**event, "text": REDACTED, "parse_data": parse_data}
        return redact_data(event, values)

    # --- reading ------------------------------------------------------------------------------

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            # Only the `data` column: building an ORM object per row cost more than the query.
            data = session.execute(self._event_queries[fetch_events_from_all_sessions],
                                   {"sender": sender_id}).scalars().all()
            events = [self._sealer.unseal(row) for row in data]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            _remember_stored(tracker, len(events))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The tracker's events not stored yet. Rasa counts the stored rows with a query on
        every save; a tracker this store loaded (under the conversation's lock, so no other
        instance wrote meanwhile) already knows how many there are."""
        stored = getattr(tracker, _STORED_EVENTS_ATTR, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    # --- deleting -----------------------------------------------------------------------------

    async def delete_conversation(self, sender_id: str) -> int:
        """Delete every stored event of `sender_id`; return how many rows went."""
        with self.session_scope() as session:
            result = session.execute(
                delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id)
            )
            session.commit()
            self._checkpoint(session)
        logger.info("Deleted one sender's conversation on request (%d events).", result.rowcount)
        return result.rowcount

    # --- retention ----------------------------------------------------------------------------

    def _start_retention_job(self) -> None:
        if self._purge_task is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        interval = retention_interval_seconds()
        self._purge_task = loop.create_task(self._retention_loop(interval))

    async def _retention_loop(self, interval: float) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                await loop.run_in_executor(None, self.run_retention)
            except Exception:  # a failed purge must not stop the server
                logger.exception("Retention purge failed; will retry.")
            await asyncio.sleep(interval)

    def run_retention(self) -> Dict[str, int]:
        """Redact abandoned sealed events, then apply the retention settings
        (`bot.retention.purge`, the same run as `python -m bot purge`)."""
        cutoff = time.time() - SEALED_MAX_AGE
        redacted = 0
        with self.session_scope() as session:
            senders = session.execute(
                select(self.SQLEvent.sender_id)
                .where(self.SQLEvent.data.startswith(SEALED_PREFIX))
                .where(self.SQLEvent.timestamp < cutoff)
                .distinct()
            ).scalars().all()
            for sender_id in senders:
                redacted += self._redact_sealed(session, sender_id, older_than=cutoff)
        if self._cases is None:
            self._cases = CaseStore.from_settings()
        result = purge(datetime.datetime.now(datetime.timezone.utc), self._cases, self.engine,
                       load_settings())
        counts = {
            "redacted_events": redacted, "cases": result.cases,
            "case_events": result.case_events, "conversations": result.conversations,
            "tracker_events": result.tracker_events,
        }
        logger.info("Retention: %s", counts)
        return counts


def _events_query(table: sa.Table, all_sessions: bool) -> Any:
    """Rasa's `_event_query` as one Core statement, built once (building the ORM query for
    every message was 2 % of the Rasa server's time): the `data` of a sender's events in
    order, only those of the latest session unless `all_sessions`."""
    query = select(table.c.data).where(table.c.sender_id == bindparam("sender"))
    if not all_sessions:
        start = (select(sa.func.max(table.c.timestamp))
                 .where(table.c.sender_id == bindparam("sender"),
                        table.c.type_name == SessionStarted.type_name)
                 .scalar_subquery())
        query = query.where(sa.or_(table.c.timestamp >= start, start.is_(None)))
    return query.order_by(table.c.id)


def _remember_stored(tracker: DialogueStateTracker, count: int) -> None:
    """Note on the tracker object how many of its events are in the store."""
    setattr(tracker, _STORED_EVENTS_ATTR, count)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL (readers do not block the writer) with one sync per checkpoint, not per commit."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # forgotten conversations leave no bytes
    cursor.close()


def _form_answers(events: list) -> Set[int]:
    """Ids of the person's messages in `events` that answered a form question (a name, an
    address given as a country, a date...): a form ran or asked its next slot after them."""
    answers: Set[int] = set()
    pending = None
    for event in events:
        if isinstance(event, UserUttered):
            pending = event
        elif pending is not None and (
            (isinstance(event, SlotSet) and event.key == "requested_slot")
            or (isinstance(event, ActionExecuted) and (event.action_name or "").endswith("_form"))
        ):
            answers.add(id(pending))
            pending = None
    return answers


def _replies_to_form_questions(events: Iterable[Event]) -> Set[int]:
    """Ids of the person's messages sent while a form was waiting for an answer, whatever
    the NLU made of them: asked for a country, people type their address; asked for a name,
    they may add their phone number, and the message may be read as another intent."""
    replies: Set[int] = set()
    loop, requested = None, None
    for event in events:
        if isinstance(event, ActiveLoop):
            loop = event.name
        elif isinstance(event, SlotSet) and event.key == "requested_slot":
            requested = event.value
        elif isinstance(event, UserUttered) and loop and requested:
            replies.add(id(event))
    return replies


def _may_identify(event: Event) -> bool:
    """A message typed outside a form that may say who someone is (bot.privacy)."""
    if not isinstance(event, UserUttered) or not event.text:
        return False
    intent = event.intent or {}
    return may_identify(event.text, intent.get(INTENT_NAME_KEY), intent.get("confidence") or 0)


def _texts_of(event: Event) -> list:
    """What a person or the bot wrote in an event (not ids, timestamps or model metadata)."""
    if isinstance(event, UserUttered):
        entities = [str(e.get("value")) for e in event.entities or []]
        return [event.text or "", *entities]
    if isinstance(event, BotUttered):
        return [event.text or "", json.dumps(event.data or {})]
    if isinstance(event, SlotSet) and event.value is not None:
        return [json.dumps(event.value)]
    return []
