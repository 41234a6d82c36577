"""Rasa's socket.io input channel, fixed and hardened for the web widget.

Changes to the stock `rasa.core.channels.socketio` channel:

1. **Session persistence works.** With python-socketio >= 5.10 `AsyncServer.enter_room` is a
   coroutine that Rasa 3.6 calls without `await` (RasaHQ/rasa#13027); here it is awaited, so a
   reconnecting client (a page reload) gets the bot's replies again.
2. **Sessions are issued by the server and bound to their socket.** The stock channel takes
   any `session_id` a client names, in `session_request` and in every message, so anybody who
   knows or guesses an id reads and writes that conversation, and a script can rotate ids to
   escape the rate limits. Here a session id is a random part signed with a key derived from
   `DOWNLOAD_KEY` (`SessionIds`): a client may resume a session it was given, never invent
   one, and a message counts only for the session its socket joined.
3. **One bot message, one event.** `SocketIOOutput.send_response` emits each bot message as
   ONE `bot_uttered` event `{"text", "buttons": [{"title", "payload"}], "custom"}`.
4. **Origins come from configuration** (`cors_allowed_origins` in credentials.yml, else
   `ALLOWED_ORIGINS`, else the demo page): python-engineio refuses other origins (400), the
   WebSocket too. The CORS response headers come from `rasa run --cors <origins>`.
5. **The gate of `components.channels.base`**: rate limits per session, per client address
   and for new sessions; the message length; the socket buffer capped like request bodies;
   a message that is not `{"message": "<text>"}` is ignored; only the `language` hint of the
   widget's `customData` is kept.

Use it in credentials.yml as `components.channels.socketio.SocketIOInput`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput as RasaSocketIOOutput
from sanic import Blueprint
from socketio import AsyncServer

from bot import keys
from components.channels.base import (
    CappedDict,
    Gate,
    allowed_origins,
    attach,
    client_address,
)

logger = logging.getLogger(__name__)

# Keys of a bot message (rasa.core.channels.channel.OutputChannel.send_response) passed on;
# `language` is the conversation's (components/server/nlg.py), so the widget relabels itself.
_PASSED_KEYS = ("custom", "image", "attachment", "elements", "language")


def bot_message_event(message: Dict[str, Any]) -> Dict[str, Any]:
    """One bot message as the single `bot_uttered` payload the web widget reads."""
    event: Dict[str, Any] = {}
    if message.get("text"):
        event["text"] = message["text"]
    buttons = message.get("buttons") or message.get("quick_replies") or []
    if buttons:
        event["buttons"] = [
            {"title": b.get("title", ""), "payload": b.get("payload", "")} for b in buttons
        ]
    for key in _PASSED_KEYS:
        if message.get(key):
            event[key] = message[key]
    return event


def _no_cors_headers(environ: Dict[str, Any]) -> List[Any]:
    return []


class SocketIOOutput(RasaSocketIOOutput):
    """Emits each bot message as one `bot_uttered` event: text, buttons and custom together."""

    def __init__(
        self, sio: AsyncServer, bot_message_evt: str, namespace: str | None = None
    ) -> None:
        super().__init__(sio, bot_message_evt)
        self.namespace = namespace

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await self.sio.emit(
            self.bot_message_evt, response, room=socket_id, namespace=self.namespace
        )

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        event = bot_message_event(message)
        if event:
            await self._send_message(recipient_id, event)

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        # Stock Rasa passes the dict as emit() keyword arguments; send it as data instead.
        await self._send_message(recipient_id, {"custom": json_message})


class SessionIds:
    """Session ids the server issues: `<random>.<signature>`, checked without storage, so a
    page reload (or another instance with the same key) resumes the same conversation."""

    def __init__(self, key: bytes) -> None:
        self._key = hmac.new(key, b"socketio-session-id", hashlib.sha256).digest()

    def _sign(self, random_part: str) -> str:
        return hmac.new(self._key, random_part.encode(), hashlib.sha256).hexdigest()[:32]

    def new(self) -> str:
        random_part = secrets.token_hex(16)
        return f"{random_part}.{self._sign(random_part)}"

    def valid(self, session_id: Any) -> bool:
        if not isinstance(session_id, str) or len(session_id) != 65:
            return False
        random_part, _, signature = session_id.partition(".")
        return hmac.compare_digest(signature, self._sign(random_part))


def _language_hint(data: Dict[str, Any], key: str) -> Dict[str, str]:
    """The widget's `customData` reduced to the one thing used: the language hint."""
    metadata = data.get(key)
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            metadata = None
    hint = metadata.get("language") if isinstance(metadata, dict) else None
    return {"language": hint} if isinstance(hint, str) and len(hint) <= 35 else {}


class SocketIOInput(RasaSocketIOInput):
    """Stock socket.io channel with the changes in the module docstring."""

    @classmethod
    def name(cls) -> str:
        # Keep the stock name so clients and the socket URL stay `/socket.io`.
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, SocketIOInput)
        channel.cors_allowed_origins = allowed_origins(
            (credentials or {}).get("cors_allowed_origins")
        )
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cors_allowed_origins: List[str] = allowed_origins()
        self._sessions: Dict[str, str] = {}  # socket id -> the session it joined
        self._clients = CappedDict(100_000)  # socket id -> client address

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOOutput(self.sio, self.bot_message_evt, self.namespace)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        gate = Gate(self.name())
        ids = SessionIds(keys.load(keys.DOWNLOAD))
        blueprint = super().blueprint(on_new_message)
        attach(gate, blueprint)
        sio = self.sio
        assert sio is not None
        # python-engineio refuses (400) any request whose Origin header is not allowed:
        # polling and WebSocket alike (a WebSocket is not protected by CORS at all).
        sio.eio.cors_allowed_origins = (
            "*" if "*" in self.cors_allowed_origins else list(self.cors_allowed_origins)
        )
        # The CORS response headers come from Rasa's `--cors` (Sanic-CORS adds them to every
        # route); if engine.io added its own too, browsers would get them twice and refuse
        # the answer. So engine.io only checks; pass the same origins to `--cors`.
        sio.eio._cors_headers = _no_cors_headers
        sio.eio.max_http_buffer_size = gate.limits.request_bytes
        namespace = self.namespace

        async def connect(sid: str, environ: Dict[str, Any], auth: Any = None) -> bool:
            request = environ.get("sanic.request")
            peer = getattr(request, "ip", None)
            forwarded = request.headers.get("x-forwarded-for") if request is not None else None
            self._clients[sid] = client_address(peer, forwarded)
            return True

        async def disconnect(sid: str) -> None:
            self._sessions.pop(sid, None)
            self._clients.pop(sid, None)

        async def session_request(sid: str, data: Any) -> None:
            wanted = data.get("session_id") if isinstance(data, dict) else None
            session_id = wanted if ids.valid(wanted) else ids.new()
            old = self._sessions.get(sid)
            if old and old != session_id:
                await sio.leave_room(sid, old, namespace=namespace)
            self._sessions[sid] = session_id
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        async def handle_message(sid: str, data: Any) -> None:
            session_id = self._sessions.get(sid) if self.session_persistence else sid
            text = data.get("message") if isinstance(data, dict) else None
            if session_id is None or not isinstance(text, str):
                logger.info("A socket.io message without a session or text was ignored.")
                return
            output = SocketIOOutput(sio, self.bot_message_evt, namespace)
            message = UserMessage(
                text, output, session_id, input_channel=self.name(),
                metadata=_language_hint(data, self.metadata_key),
            )
            await gate.pass_on(on_new_message, message, self._clients.get(sid))

        # Replace the stock handlers (python-socketio keeps one handler per event).
        sio.on("connect", handler=connect, namespace=namespace)
        sio.on("disconnect", handler=disconnect, namespace=namespace)
        sio.on("session_request", handler=session_request, namespace=namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=namespace)
        return blueprint
