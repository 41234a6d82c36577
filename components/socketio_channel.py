"""Rasa's socket.io input channel with `session_persistence` working again.

With python-socketio >= 5.10, `AsyncServer.enter_room` is a coroutine; Rasa 3.6 calls it
without `await` (RasaHQ/rasa#13027), so the socket never joins the session's room and a
reconnecting client (e.g. after a page reload) stops receiving the bot's replies. We replace
only the `session_request` handler with one that awaits it, and keep everything else stock.
Use it in credentials.yml as `components.socketio_channel.SocketIOInput`.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Stock socket.io channel, with the session room joined correctly."""

    @classmethod
    def name(cls) -> str:
        # Keep the stock name so clients and the REST/socket URLs stay `/socket.io`.
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio

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

        sio.on("session_request", handler=session_request, namespace=self.namespace)
        return blueprint
