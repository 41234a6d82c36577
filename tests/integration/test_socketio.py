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


def _say(server_url: str, session_id: str, text: str) -> list[dict]:
    """Connect a fresh socket, join `session_id`, send `text`, collect the bot's replies.

    The synchronous client with the polling transport: python-engineio's asyncio client
    needs a newer aiohttp than Rasa 3.6 pins. The server-side room logic is the same.
    """
    client = socketio.Client(reconnection=False)
    confirmed = threading.Event()
    got_reply = threading.Event()
    session: list[str] = []
    replies: list[dict] = []

    @client.on("session_confirm")
    def on_confirm(data: str) -> None:
        session.append(data)
        confirmed.set()

    @client.on("bot_uttered")
    def on_reply(data: dict) -> None:
        replies.append(data)
        got_reply.set()

    client.connect(server_url, socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(REPLY_TIMEOUT) and session == [session_id]
        client.emit("user_uttered", {"message": text, "session_id": session_id})
        assert got_reply.wait(REPLY_TIMEOUT), "no reply: the socket did not join its session"
        time.sleep(1.0)  # let the remaining messages of this turn arrive
    finally:
        client.disconnect()
    return replies


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
    session_id = uuid.uuid4().hex
    first = _say(servers.rasa_url, session_id, "hello")
    assert any("Hello!" in (r.get("text") or "") for r in first)
    # A new socket (as after a page reload) with the same session id.
    second = _say(servers.rasa_url, session_id, "what is clearview?")
    assert any("biometric template" in (r.get("text") or "") for r in second)
    stored = _user_texts(servers, session_id)
    assert len(stored) == 2 and "hello" in stored[0] and "what is clearview?" in stored[1]
