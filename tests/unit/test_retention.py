"""Retention: `purge` deletes old conversations from Rasa's real SQL tracker store and
finished cases from the case store, on SQLite and on PostgreSQL, and keeps the rest.

The tracker data is written by Rasa's own `SQLTrackerStore` (the class the deployment uses
through `components.server.tracker_store`), so the purge is tested against the table Rasa really
creates, not a copy of it.
"""

from __future__ import annotations

import asyncio
import datetime
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.cases import CaseStatus, CaseStore
from bot.retention import (
    PurgeResult,
    purge,
    purge_conversations,
    tracker_events,
)
from bot.settings import Retention, Settings, _load, load_settings, tracker_db_url

UTC = datetime.timezone.utc
NOW = datetime.datetime(2027, 6, 30, 12, 0, tzinfo=UTC)
SECRET = b"retention-test-secret-0123"
RETENTION = Retention(conversations_days=30, closed_cases_days=180)


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


class Clock:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now


# --- the tracker store, written by Rasa ------------------------------------------------------


def rasa_store(url: str) -> SQLTrackerStore:
    """Rasa's SQLTrackerStore on the database of a SQLAlchemy URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=parsed.database)
    return SQLTrackerStore(Domain.empty(), dialect="postgresql", host=parsed.host,
                           port=parsed.port, db=parsed.database, username=parsed.username,
                           query=dict(parsed.query))


def talk(store: SQLTrackerStore, sender: str, *moments: datetime.datetime) -> None:
    """Save a conversation with one user message (and the bot listening) at each moment."""
    events: list[Any] = []
    for moment in moments:
        ts = moment.timestamp()
        events += [UserUttered("hello", timestamp=ts),
                   ActionExecuted("action_listen", timestamp=ts + 1)]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def senders(store: SQLTrackerStore) -> set[str]:
    return set(asyncio.run(store.keys()))


@pytest.fixture
def tracker_url(db_url: str) -> str:
    """The tracker store's database: a SQLite file, then PostgreSQL (see conftest)."""
    return db_url


def test_the_mirrored_table_matches_rasas() -> None:
    rasa = SQLTrackerStore.SQLEvent.__table__
    assert rasa.name == tracker_events.name == "events"
    assert [(c.name, type(c.type)) for c in rasa.columns] == [
        (c.name, type(c.type)) for c in tracker_events.columns]


def test_old_conversations_go_recent_ones_stay(tracker_url: str) -> None:
    store = rasa_store(tracker_url)
    try:
        talk(store, "old", days_ago(90), days_ago(31))
        talk(store, "long-but-active", days_ago(90), days_ago(40), days_ago(2))
        talk(store, "new", days_ago(1))
        talk(store, "just-inside", days_ago(29.9))
        assert senders(store) == {"old", "long-but-active", "new", "just-inside"}

        dry = purge(NOW, None, tracker_url, RETENTION, dry_run=True)
        assert dry == PurgeResult(conversations=1, tracker_events=4, dry_run=True)
        assert "old" in senders(store)

        result = purge(NOW, None, tracker_url, RETENTION)
        assert result == PurgeResult(conversations=1, tracker_events=4)
        assert senders(store) == {"long-but-active", "new", "just-inside"}
        # a conversation that is still going keeps all of its history
        kept = asyncio.run(store.retrieve_full_tracker("long-but-active"))
        assert kept is not None
        assert len([e for e in kept.events if isinstance(e, UserUttered)]) == 3
        assert purge(NOW, None, tracker_url, RETENTION).conversations == 0
    finally:
        store.engine.dispose()


def test_purge_through_rasas_own_engine(tracker_url: str) -> None:
    """The tracker store purges with the engine Rasa made (SQLAlchemy 1.4 legacy)."""
    store = rasa_store(tracker_url)
    try:
        talk(store, "old", days_ago(45))
        talk(store, "new", days_ago(2))
        assert purge_conversations(store.engine, days_ago(30)) == (1, 2)
        assert senders(store) == {"new"}
    finally:
        store.engine.dispose()


def test_a_tracker_database_without_events_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert purge(NOW, None, url, RETENTION) == PurgeResult()


# --- cases -----------------------------------------------------------------------------------


def open_case(store: CaseStore, owner: str = "sender") -> str:
    return store.open_case(owner=owner, request_type="access", controller="clearview-ai",
                           place="FR", letter_language="en", chat_language="en",
                           channel="rest", sent=datetime.date(2026, 11, 2)).reference


def test_finished_cases_go_after_their_retention(db_url: str) -> None:
    clock = Clock(days_ago(400))
    store = CaseStore.from_url(db_url, secret=SECRET, clock=clock)
    try:
        old_closed = open_case(store)
        store.set_status(old_closed, CaseStatus.CLOSED)
        old_answered = open_case(store)
        store.record_problem(old_answered, ["partial_answer"])
        store.set_status(old_answered, CaseStatus.ANSWERED)
        old_open = open_case(store)  # never answered: kept
        old_complained = open_case(store)
        store.set_status(old_complained, CaseStatus.COMPLAINED)  # still going: kept
        clock.now = days_ago(181)
        revived = open_case(store)
        store.set_status(revived, CaseStatus.CLOSED)
        clock.now = days_ago(100)
        store.record_problem(revived, ["no_answer"])  # activity since: kept
        recent_closed = open_case(store)
        store.set_status(recent_closed, CaseStatus.CLOSED)

        dry = purge(NOW, store, None, Settings(organisation=None, default_controller="x",
                                               retention=RETENTION), dry_run=True)
        assert (dry.cases, dry.case_events) == (2, 3 + 4)
        assert store.find(old_closed) is not None

        result = purge(NOW, store, None, RETENTION)
        assert (result.cases, result.case_events) == (2, 7)
        assert store.find(old_closed) is None and store.find(old_answered) is None
        for kept in (old_open, old_complained, revived, recent_closed):
            assert store.find(kept) is not None
        with store.engine.connect() as conn:
            orphans = conn.execute(text(
                "SELECT count(*) FROM case_events WHERE case_id NOT IN (SELECT id FROM cases)"
            )).scalar_one()
        assert orphans == 0
        assert purge(NOW, store, None, RETENTION).cases == 0
    finally:
        store.close()


def test_purge_both_stores_at_once(db_url: str, tmp_path: Path) -> None:
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    tracker = rasa_store(tracker_url)
    store = CaseStore.from_url(db_url, secret=SECRET, clock=Clock(days_ago(200)))
    try:
        talk(tracker, "old", days_ago(60))
        store.set_status(open_case(store), CaseStatus.CLOSED)
        result = purge(NOW, store, tracker_url, RETENTION)
        assert (result.cases, result.conversations) == (1, 1)
    finally:
        store.close()
        tracker.engine.dispose()


def test_purge_needs_an_aware_now(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone"):
        purge(datetime.datetime(2027, 1, 1), None, None, RETENTION)


# --- settings --------------------------------------------------------------------------------


def test_documented_defaults_in_settings_yml() -> None:
    assert load_settings().retention == Retention(conversations_days=30, closed_cases_days=180)


def test_retention_settings(tmp_path: Path) -> None:
    def load(name: str, retention: str | None) -> Retention:
        path = tmp_path / f"{name}.yml"  # one file per case: settings are cached per path
        block = f"retention: {retention}\n" if retention is not None else ""
        path.write_text(f"organisation: {{name: NGO}}\n{block}")
        return _load(str(path)).retention

    assert load("some", "{conversations_days: 7}") == Retention(7, 180)
    assert load("none", None) == Retention()
    for i, bad in enumerate(("{conversations_days: 0}", "{closed_cases_days: '30'}",
                             "{conversations_days: true}", "{keep_forever: 1}", "[30]")):
        with pytest.raises(ValueError, match="retention"):
            load(f"bad{i}", bad)


def test_tracker_db_url_for_jobs_outside_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TRACKER_DB_URL", "TRACKER_DIALECT", "TRACKER_DB"):
        monkeypatch.delenv(name, raising=False)
    assert tracker_db_url().endswith("/var/tracker.db")  # type: ignore[union-attr]
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", "/srv/tracker.db")
    assert tracker_db_url() == "sqlite:////srv/tracker.db"
    monkeypatch.setenv("TRACKER_DIALECT", "postgresql")
    assert tracker_db_url() is None
    monkeypatch.setenv("TRACKER_DB_URL", "postgresql+psycopg2://u@h/db")
    assert tracker_db_url() == "postgresql+psycopg2://u@h/db"
