"""Socket.io session persistence (RasaHQ/rasa#13027): a reconnecting client keeps its session.

Rasa 3.6's stock channel calls python-socketio's `enter_room` without awaiting it, so with
python-socketio >= 5.10 the socket never joins the session's room and, after a reconnect, the
bot's replies go nowhere. components/channels/socketio.py fixes that; this test reconnects
with the same session id, as the web page does after a reload, and waits for the replies.
"""

from __future__ import annotations

import threading
import time
import uuid

import socketio
from sqlalchemy import column, create_engine, select, table

from tests.integration.conftest import Servers

REPLY_TIMEOUT = 30


class Client:
    """One socket (the synchronous client with the polling transport: python-engineio's
    asyncio client needs a newer aiohttp than Rasa 3.6 pins; the server side is the same)."""

    def __init__(self, server_url: str) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.sessions: list[str] = []
        self.replies: list[dict] = []
        self._confirmed = threading.Event()
        self._replied = threading.Event()
        self.sio.on("session_confirm", self._on_confirm)
        self.sio.on("bot_uttered", self._on_reply)
        self.sio.connect(server_url, socketio_path="/socket.io", transports=["polling"])

    def _on_confirm(self, data: str) -> None:
        self.sessions.append(data)
        self._confirmed.set()

    def _on_reply(self, data: dict) -> None:
        self.replies.append(data)
        self._replied.set()

    def join(self, session_id: str | None) -> str:
        """Ask for `session_id` (None: a new one); the session the server gave."""
        self._confirmed.clear()
        self.sio.emit("session_request", {"session_id": session_id})
        assert self._confirmed.wait(REPLY_TIMEOUT), "no session_confirm"
        return self.sessions[-1]

    def say(self, text: object, session_id: str | None = None, wait: bool = True) -> list[dict]:
        self._replied.clear()
        before = len(self.replies)
        self.sio.emit("user_uttered", {"message": text, "session_id": session_id})
        if wait:
            assert self._replied.wait(REPLY_TIMEOUT), "no reply"
        time.sleep(1.0)  # let the remaining messages of this turn arrive
        return self.replies[before:]

    def close(self) -> None:
        self.sio.disconnect()


def _say(server_url: str, session_id: str | None, text: str) -> tuple[str, list[dict]]:
    """Connect a fresh socket, join `session_id`, send `text`: the session and the replies."""
    client = Client(server_url)
    try:
        session = client.join(session_id)
        return session, client.say(text)
    finally:
        client.close()


def _user_texts(servers: Servers, sender: str) -> list[str]:
    engine = create_engine(f"sqlite:///{servers.tracker_db}", future=True)
    events = table("events", column("sender_id"), column("type_name"), column("data"))
    with engine.connect() as conn:
        rows = conn.execute(
            select(events.c.data).where(
                events.c.sender_id == sender, events.c.type_name == "user"
            )
        ).scalars().all()
    engine.dispose()
    return rows


def test_reconnecting_with_the_same_session_keeps_the_conversation(servers: Servers) -> None:
    session_id, first = _say(servers.rasa_url, None, "hello")
    assert any("Hello!" in (r.get("text") or "") for r in first)
    # A new socket (as after a page reload) with the session the server gave.
    again, second = _say(servers.rasa_url, session_id, "what is clearview?")
    assert again == session_id
    assert any("biometric template" in (r.get("text") or "") for r in second)
    stored = _user_texts(servers, session_id)
    assert len(stored) == 2 and "hello" in stored[0] and "what is clearview?" in stored[1]


def test_a_session_id_the_client_makes_up_is_replaced_by_one_the_server_issues(
    servers: Servers,
) -> None:
    made_up = uuid.uuid4().hex
    session_id, replies = _say(servers.rasa_url, made_up, "hello")
    assert session_id != made_up and replies
    assert _user_texts(servers, made_up) == []
    tampered = session_id[:-1] + ("0" if session_id[-1] != "0" else "1")
    assert _say(servers.rasa_url, tampered, "hello")[0] not in (tampered, session_id)


def test_a_message_counts_only_for_the_session_its_socket_joined(servers: Servers) -> None:
    victim = Client(servers.rasa_url)
    attacker = Client(servers.rasa_url)
    try:
        victim_session = victim.join(None)
        victim.say("hello")
        seen_by_victim = len(victim.replies)
        # No session yet: ignored. Naming the victim's session in the message: ignored too.
        assert attacker.say("what is clearview?", victim_session, wait=False) == []
        attacker_session = attacker.join(None)
        assert attacker.say("what is clearview?", victim_session)  # answered to the attacker
        assert len(victim.replies) == seen_by_victim  # nothing reached the victim's socket
    finally:
        victim.close()
        attacker.close()
    assert len(_user_texts(servers, victim_session)) == 1
    assert len(_user_texts(servers, attacker_session)) == 1


def test_messages_of_the_wrong_shape_are_ignored(servers: Servers) -> None:
    client = Client(servers.rasa_url)
    try:
        session = client.join(None)
        for bad in (42, ["hello"], None, {"text": "hello"}):
            assert client.say(bad, session, wait=False) == []
        assert client.say("hello", session)  # the socket still works
    finally:
        client.close()
