"""Socket.io session persistence (RasaHQ/rasa#13027): a reconnecting client keeps its session.

Rasa 3.6's stock channel calls python-socketio's `enter_room` without awaiting it, so with
python-socketio >= 5.10 the socket never joins the session's room and, after a reconnect, the
bot's replies go nowhere. components/socketio_channel.py fixes that; this test reconnects
with the same session id, as the web page does after a reload, and waits for the replies.
"""

from __future__ import annotations

import asyncio
import uuid

import socketio
from sqlalchemy import column, create_engine, select, table

from tests.integration.conftest import Servers

REPLY_TIMEOUT = 30


async def _say(server_url: str, session_id: str, text: str) -> list[dict]:
    """Connect a fresh socket, join `session_id`, send `text`, collect the bot's replies."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    replies: list[dict] = []
    got_reply = asyncio.Event()

    @client.on("session_confirm")
    async def on_confirm(data: object) -> None:
        if not confirmed.done():
            confirmed.set_result(data)

    @client.on("bot_uttered")
    async def on_reply(data: dict) -> None:
        replies.append(data)
        got_reply.set()

    await client.connect(server_url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(confirmed, REPLY_TIMEOUT) == session_id
        await client.emit("user_uttered", {"message": text, "session_id": session_id})
        await asyncio.wait_for(got_reply.wait(), REPLY_TIMEOUT)
        await asyncio.sleep(1.0)  # let the remaining messages of this turn arrive
    finally:
        await client.disconnect()
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
    first = asyncio.run(_say(servers.rasa_url, session_id, "hello"))
    assert any("Hello!" in (r.get("text") or "") for r in first)
    # A new socket (as after a page reload) with the same session id.
    second = asyncio.run(_say(servers.rasa_url, session_id, "what is clearview?"))
    assert any("biometric template" in (r.get("text") or "") for r in second)
    stored = _user_texts(servers, session_id)
    assert len(stored) == 2 and "hello" in stored[0] and "what is clearview?" in stored[1]
