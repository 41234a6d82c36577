"""The REST channel at /webhooks/rest/webhook, strict about what it takes.

Same name ("rest") and URL as Rasa's, same reply (the bot's messages as a JSON list), but:

- only `Content-Type: application/json`, and when a browser sends an `Origin`, only the
  allowed origins (`ALLOWED_ORIGINS`, as for socket.io): otherwise any web page could make its
  visitors' browsers post messages with a "simple" `text/plain` request;
- a body that is not `{"sender": "<non-empty text>", "message": "<text>", "metadata": {...}}`
  gets a 400 with a short JSON error, never a stack trace, and never a shared `default`
  conversation; `input_channel` is always "rest" whatever the body claims;
- only the `language` hint of the metadata is kept (metadata is stored with the message);
- the gate of `components.channels.base` (rate limits per sender, per address and for new
  conversations; the message length);
- a message that fails or times out is logged by its kind, never by its text: other people's
  messages in flight must not land in the log.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from components.channels.base import (
    Gate,
    allowed_origins,
    attach,
    client_address,
    origin_allowed,
)

logger = logging.getLogger(__name__)

MAX_SENDER_LENGTH = 128
MAX_HINT_LENGTH = 35  # a BCP 47 language tag


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def read_body(request: Request) -> tuple[Dict[str, Any] | None, HTTPResponse | None]:
    """The checked body `{"sender", "message", "metadata"}`, or the error response."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return None, _error(415, "send JSON with Content-Type: application/json")
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, _error(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        return None, _error(400, 'the body must be an object: {"sender": ..., "message": ...}')
    sender, text = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip():
        return None, _error(400, '"sender" must be a non-empty string')
    if len(sender) > MAX_SENDER_LENGTH:
        return None, _error(400, f'"sender" must be at most {MAX_SENDER_LENGTH} characters')
    if not isinstance(text, str):
        return None, _error(400, '"message" must be a string')
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return None, _error(400, '"metadata" must be an object')
    hint = (metadata or {}).get("language")
    kept = {"language": hint} if isinstance(hint, str) and len(hint) <= MAX_HINT_LENGTH else {}
    return {"sender": sender, "message": text, "metadata": kept}, None



class WholeMessages(CollectingOutputChannel):
    """Each message of the assistant as one JSON object, as it was said: its text whole
    (Rasa's collector cuts a text at every blank line, so a letter came back as a dozen
    pieces with its `custom` part apart from them), its buttons and its custom part."""

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        buttons = message.get("buttons") or message.get("quick_replies")
        await self._persist_message(self._message(
            recipient_id, text=message.get("text"), buttons=buttons,
            image=message.get("image"), attachment=message.get("attachment"),
            custom=message.get("custom")))

class RateLimitedRestInput(RestInput):
    """REST with the checks above (credentials.yml: `cors_allowed_origins`, optional)."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        channel = cls()
        channel.origins = allowed_origins((credentials or {}).get("cors_allowed_origins"))
        return channel

    def __init__(self) -> None:
        self.origins: List[str] = allowed_origins()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        gate = Gate(self.name())
        rest = Blueprint(f"custom_webhook_{type(self).__name__}")
        attach(gate, rest)

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            origin = request.headers.get("origin")
            if origin and not origin_allowed(origin, self.origins):
                return _error(403, "this origin may not send messages")
            body, error = read_body(request)
            if error is not None:
                return error
            assert body is not None
            collector = WholeMessages()
            message = UserMessage(
                body["message"], collector, body["sender"], input_channel=self.name(),
                metadata=body["metadata"],
            )
            client = client_address(request.ip, request.headers.get("x-forwarded-for"))
            try:
                await gate.pass_on(on_new_message, message, client)
            except asyncio.CancelledError:
                logger.warning("A REST message took too long; its answer was dropped.")
                raise
            except Exception as exc:  # never the text: it may be personal
                logger.error("A REST message could not be handled (%s).", type(exc).__name__)
                return _error(500, "the message could not be handled; please try again")
            return response.json(collector.messages)

        return rest
