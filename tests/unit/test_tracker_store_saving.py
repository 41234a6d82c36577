"""The privacy tracker store writes each event exactly once, on a real SQLite file.

It skips Rasa's count query for trackers it loaded or saved itself (it knows how many of
their events are stored); these tests check that no event is lost or written twice, across
turns, a new session, a tracker it never saw, and another process's writes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Iterator, List

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import REDACTED, SEALED_PREFIX
from components.server.tracker_store import PrivacySQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture()
def store(tmp_path: Path, domain: Domain, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[PrivacySQLTrackerStore]:
    monkeypatch.setenv("SEAL_KEY", Fernet.generate_key().decode())
    store = PrivacySQLTrackerStore(domain=domain, dialect="sqlite",
                                   db=str(tmp_path / "tracker.db"))
    yield store
    store.engine.dispose()


def count_queries(store: PrivacySQLTrackerStore) -> List[str]:
    """Every COUNT statement the store's engine runs from now on."""
    seen: List[str] = []

    def listen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "count(" in statement.lower():
            seen.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", listen)
    return seen


def stored(store: PrivacySQLTrackerStore, sender: str) -> List[str]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender},
        ).all()
    return [row[0] for row in rows]


def turn(tracker: DialogueStateTracker, text: str) -> None:
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered("Hello!"))
    tracker.update(ActionExecuted("action_listen"))


TURN = ["user", "action", "bot", "action"]


def test_turns_are_written_once_without_counting_rows(store: PrivacySQLTrackerStore,
                                                      domain: Domain) -> None:
    tracker = DialogueStateTracker("kim", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))  # a tracker the store never loaded: Rasa's count
    counts = count_queries(store)
    for text in ("hello", "hi", "hey"):
        loaded = asyncio.run(store.retrieve("kim"))
        assert loaded is not None
        turn(loaded, text)
        asyncio.run(store.save(loaded))
        asyncio.run(store.save(loaded))  # saved again, unchanged: nothing new to write
    assert counts == []
    assert stored(store, "kim") == ["action", *TURN * 3]
    assert [e.text for e in asyncio.run(store.retrieve("kim")).events
            if isinstance(e, UserUttered)] == ["hello", "hi", "hey"]


def test_a_tracker_the_store_did_not_load_is_counted(store: PrivacySQLTrackerStore,
                                                     domain: Domain) -> None:
    first = DialogueStateTracker("lee", domain.slots)
    turn(first, "hello")
    asyncio.run(store.save(first))
    # Built elsewhere from the same events plus one turn (as `rasa interactive` does):
    # the store must ask the database how many are stored, not assume.
    other = DialogueStateTracker.from_events("lee", list(first.events), domain.slots)
    turn(other, "again")
    counts = count_queries(store)
    asyncio.run(store.save(other))
    assert len(counts) == 1
    assert stored(store, "lee") == TURN * 2


def test_a_new_session_is_stored_after_the_old_one(store: PrivacySQLTrackerStore,
                                                   domain: Domain) -> None:
    tracker = DialogueStateTracker("ana", domain.slots)
    turn(tracker, "hello")
    tracker.update(SlotSet("language", "fr"))
    asyncio.run(store.save(tracker))
    loaded = asyncio.run(store.retrieve("ana"))
    loaded.update(ActionExecuted("action_session_start"))
    loaded.update(SessionStarted())
    turn(loaded, "bonjour")
    asyncio.run(store.save(loaded))
    old_session = ["user", "action", "bot", "action", "slot"]
    new_session = ["action", "session_started", "user", "action", "bot", "action"]
    assert stored(store, "ana") == old_session + new_session
    latest = asyncio.run(store.retrieve("ana"))  # the latest session only, as Rasa's
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["bonjour"]
    every = asyncio.run(store.retrieve_full_tracker("ana"))  # all sessions, in order
    assert [e.text for e in every.events if isinstance(e, UserUttered)] == ["hello", "bonjour"]
    assert asyncio.run(store.retrieve("nobody")) is None
    turn(latest, "encore")
    asyncio.run(store.save(latest))
    assert stored(store, "ana")[-4:] == TURN
    assert len(stored(store, "ana")) == 15


def test_a_finished_form_is_redacted_in_one_pass(store: PrivacySQLTrackerStore,
                                                 domain: Domain) -> None:
    tracker = DialogueStateTracker("jo", domain.slots)
    tracker.update(ActionExecuted("request_form"))
    tracker.update(ActiveLoop("request_form"))
    tracker.update(SlotSet("requested_slot", "full_name"))
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("Jane Doe", {"name": "inform", "confidence": 1.0}))
    tracker.update(SlotSet("full_name", "Jane Doe"))
    tracker.update(ActionExecuted("request_form"))
    tracker.update(SlotSet("requested_slot", "email"))
    asyncio.run(store.save(tracker))
    with store.engine.connect() as connection:
        texts = [r[0] for r in connection.execute(sa.text("SELECT data FROM events"))]
    assert sum(t.startswith(SEALED_PREFIX) for t in texts) == 2
    assert not any("Jane" in t for t in texts)

    loaded = asyncio.run(store.retrieve("jo"))
    assert loaded.get_slot("full_name") == "Jane Doe"  # the form still needs it
    loaded.update(SlotSet("full_name", None))
    loaded.update(ActiveLoop(None))
    asyncio.run(store.save(loaded))

    with store.engine.connect() as connection:
        texts = [r[0] for r in connection.execute(sa.text("SELECT data FROM events"))]
    assert not any(t.startswith(SEALED_PREFIX) for t in texts)
    after = asyncio.run(store.retrieve("jo"))
    user = next(e for e in after.events if isinstance(e, UserUttered))
    assert user.text == REDACTED and "Jane" not in "".join(texts)
    assert [e.value for e in after.events if isinstance(e, SlotSet)
            and e.key == "full_name"] == [None, None]
