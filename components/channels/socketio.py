"""Rasa's socket.io input channel, fixed for the web widget.

Three changes to the stock `rasa.core.channels.socketio` channel, everything else unchanged:

1. **Session persistence works again.** With python-socketio >= 5.10,
   `AsyncServer.enter_room` is a coroutine; Rasa 3.6 calls it without `await`
   (RasaHQ/rasa#13027), so the socket never joins the session's room and a reconnecting
   client (e.g. after a page reload) stops receiving the bot's replies. Our
   `session_request` handler awaits it.
2. **One bot message, one event.** The stock output splits text on blank lines into
   several `bot_uttered` events, sends buttons as `quick_replies` on the last part only, and
   emits a custom payload as `emit()` keyword arguments (so it never reaches the client as
   data). `SocketIOOutput.send_response` emits each bot message as ONE event
   `{"text": ..., "buttons": [{"title", "payload"}], "custom": {...}}` (keys only when set;
   `image` and `attachment` pass through too).
3. **Origins come from configuration.** The stock channel disables python-engineio's origin
   check (`cors_allowed_origins=[]`), so any web site could open a socket to the assistant.
   Here the allowed origins are `cors_allowed_origins` in credentials.yml (a list, or a
   comma-separated string), else the `ALLOWED_ORIGINS` environment variable, else the demo
   page's `http://localhost:8080`. `"*"` allows every origin. Requests from other origins
   get 400. The CORS response headers themselves come from `rasa run --cors <origins>`
   (scripts/run.py passes $ALLOWED_ORIGINS there too).

Use it in credentials.yml as `components.channels.socketio.SocketIOInput`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Iterable, List

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput as RasaSocketIOOutput
from sanic import Blueprint
from socketio import AsyncServer

from components.channels.rate_limit import RateLimiter, rate_limited

logger = logging.getLogger(__name__)

ORIGINS_ENV = "ALLOWED_ORIGINS"
DEFAULT_ALLOWED_ORIGINS = ("http://localhost:8080", "http://127.0.0.1:8080")
_ORIGIN_RE = re.compile(r"^https?://[^/\s?#]+$", re.IGNORECASE)
# Keys of a bot message (rasa.core.channels.channel.OutputChannel.send_response) passed on.
_PASSED_KEYS = ("custom", "image", "attachment", "elements")


def parse_origins(value: str | Iterable[str] | None) -> List[str]:
    """Origins such as 'https://ngo.example' from a list or a comma/space-separated string."""
    if value is None:
        return []
    items = re.split(r"[,\s]+", value) if isinstance(value, str) else list(value)
    origins: List[str] = []
    for item in items:
        origin = str(item).strip().rstrip("/")
        if not origin:
            continue
        if origin != "*" and not _ORIGIN_RE.match(origin):
            raise ValueError(
                f"{origin!r} is not a web origin: use scheme://host[:port], e.g. "
                "https://ngo.example (no path), or * for any origin"
            )
        origins.append(origin)
    return origins


def allowed_origins(configured: str | Iterable[str] | None = None) -> List[str]:
    """The configured origins, else $ALLOWED_ORIGINS, else the local demo page."""
    for source in (configured, os.environ.get(ORIGINS_ENV)):
        origins = parse_origins(source)
        if origins:
            return origins
    return list(DEFAULT_ALLOWED_ORIGINS)


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


class SocketIOInput(RasaSocketIOInput):
    """Stock socket.io channel: session room joined correctly, one event per bot message,
    allowed origins from configuration."""

    @classmethod
    def name(cls) -> str:
        # Keep the stock name so clients and the REST/socket URLs stay `/socket.io`.
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

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOOutput(self.sio, self.bot_message_evt, self.namespace)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = rate_limited(on_new_message, RateLimiter.from_env(), self.name())
        blueprint = super().blueprint(on_new_message)
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
        logger.debug("Socket.io accepts the origins %s.", self.cors_allowed_origins)

        async def session_request(sid: str, data: Dict | None) -> None:
            data = dict(data or {})
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit(
                "session_confirm", data["session_id"], room=sid, namespace=self.namespace
            )
            logger.debug("Socket %s joined session %s.", sid, data["session_id"])

        async def handle_message(sid: str, data: Dict) -> None:
            if not isinstance(data, dict):
                return
            output_channel = SocketIOOutput(sio, self.bot_message_evt, self.namespace)
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning(
                        "A socket.io message without a session_id was ignored; clients must "
                        "send `session_request` first and then the session id."
                    )
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = UserMessage(
                data.get("message", ""),
                output_channel,
                sender_id,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
            await on_new_message(message)

        # Replace the stock handlers (python-socketio keeps one handler per event).
        sio.on("session_request", handler=session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=self.namespace)
        return blueprint
