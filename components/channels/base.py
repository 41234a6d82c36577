"""What every chat channel shares (Rasa's `channel.py` habit: one base, one module per channel).

Before a message reaches Rasa, `Gate.admit` decides whether it may: one person, one client
address and everybody together are rate limited (token buckets, `rate_limit.py`), a new
conversation must find a free place, and a message longer than `Limits.message_chars` is
refused. A refusal is answered with a domain response (`utter_notice_*`) rendered in the
person's language: the language of their stored conversation, else the channel's hint, else
the language of the message itself; a sender already told to slow down is ignored silently.
Nothing refused reaches Rasa, so nothing of it is stored.

`attach` also caps the size of every request body the Rasa server reads
(`Limits.request_bytes`): Sanic's default would read 100 MB into memory.
"""

from __future__ import annotations

import enum
import logging
import re
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, List

import yaml
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.i18n import format_number, gettext, negotiate, normalize_language
from bot.settings import Limits, env, limits, trusted_proxies
from components.channels.rate_limit import Decision, RateLimiter
from components.server.action_client import close_all as close_action_sessions

logger = logging.getLogger(__name__)

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
_DETECT_CHARS = 500  # enough words to tell a language; the rest of a long message is not read


class CappedDict(OrderedDict):
    """A dict that forgets its oldest entries beyond `max_size` (ids seen, languages)."""

    def __init__(self, max_size: int = 10_000) -> None:
        super().__init__()
        self.max_size = max_size

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.max_size:
            self.popitem(last=False)


def setting(credentials: Dict[str, Any], key: str, env_name: str, default: str = "") -> str:
    """A channel setting from credentials.yml, else from the environment."""
    value = credentials.get(key)
    if value in (None, ""):
        return env(env_name, default)
    return str(value).strip()


def client_address(peer: str | None, forwarded_for: str | None) -> str | None:
    """The address of the person's device: the peer, or, when the peer is a trusted reverse
    proxy, the last address in X-Forwarded-For that is not one of ours."""
    trusted = trusted_proxies()
    if not forwarded_for or peer not in trusted:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


ORIGINS_ENV = "ALLOWED_ORIGINS"
DEFAULT_ALLOWED_ORIGINS = ("http://localhost:8080", "http://127.0.0.1:8080")
_ORIGIN_RE = re.compile(r"^https?://[^/\s?#]+$", re.IGNORECASE)

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
    for source in (configured, env(ORIGINS_ENV)):
        origins = parse_origins(source)
        if origins:
            return origins
    return list(DEFAULT_ALLOWED_ORIGINS)


def origin_allowed(origin: str, allowed: List[str]) -> bool:
    """Whether a browser page at `origin` may talk to the assistant."""
    return "*" in allowed or origin.rstrip("/") in allowed


MAX_MESSAGE_LENGTH = 4096  # Telegram's limit, in UTF-16 code units


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> List[str]:
    """`text` in parts of at most `limit` UTF-16 units, cut at a blank line, line or space."""
    text = text.strip()
    parts: List[str] = []
    while utf16_length(text) > limit:
        # The longest prefix that fits (a character-count bound, then UTF-16 exact).
        end = min(len(text), limit)
        while utf16_length(text[:end]) > limit:
            end -= 1
        head = text[:end]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = head.rfind(separator)
            if cut > limit // 4:
                break
        if cut <= 0:
            cut = end
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


class Refusal(enum.Enum):
    """Why a message did not reach Rasa; the value is the response that says so (or None)."""

    TOO_LONG = "utter_notice_too_long"
    SLOW_DOWN = "utter_notice_slow_down"
    BUSY = "utter_notice_busy"
    SILENT = None  # already told: dropped without an answer


class Gate:
    """The limits of one channel (`channel` prefixes its sender keys)."""

    def __init__(
        self, channel: str, settings: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channel = channel
        self.limits = settings or limits()
        lim = self.limits
        self.app: Any = None  # the Sanic app, once the server starts (see `attach`)
        self._per_sender = RateLimiter(lim.per_sender_minute, lim.per_sender_burst, clock=clock)
        self._per_address = RateLimiter(
            lim.per_address_minute, lim.per_address_burst, clock=clock)
        self._new = RateLimiter(
            lim.new_conversations_minute, lim.new_conversations_burst, clock=clock)
        self._new_per_address = RateLimiter(
            lim.new_conversations_per_address_minute,
            lim.new_conversations_per_address_burst, clock=clock)
        self._known = CappedDict(100_000)

    async def admit(self, sender_id: str, text: str, client: str | None) -> Refusal | None:
        """None when the message may go on; else why not."""
        decision = self._per_sender.check(f"{self.channel}:{sender_id}")
        if decision is Decision.ALLOW and client:
            decision = self._per_address.check(client)
        if decision is not Decision.ALLOW:
            return Refusal.SLOW_DOWN if decision is Decision.WARN else Refusal.SILENT
        if sender_id not in self._known:
            refusal = await self._new_conversation(sender_id, client)
            if refusal is not None:
                return refusal
        if len(text) > self.limits.message_chars:
            return Refusal.TOO_LONG
        return None

    async def _new_conversation(self, sender_id: str, client: str | None) -> Refusal | None:
        """A sender this process has not seen: a new conversation, unless the store has it
        (after a restart every sender is unknown; the store is asked only when full)."""
        decision = self._new.check("all")
        if decision is Decision.ALLOW and client:
            decision = self._new_per_address.check(client)
        if decision is not Decision.ALLOW and not await self._stored(sender_id):
            return Refusal.BUSY if decision is Decision.WARN else Refusal.SILENT
        self._known[sender_id] = None
        return None

    async def _stored(self, sender_id: str) -> bool:
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        store = getattr(agent, "tracker_store", None)
        return bool(store is not None and await store.exists(sender_id))

    async def pass_on(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        message: UserMessage,
        client: str | None = None,
    ) -> bool:
        """Hand `message` to Rasa if admitted; else answer the refusal. True if handed on."""
        refusal = await self.admit(message.sender_id, message.text or "", client)
        if refusal is None:
            await on_new_message(message)
            return True
        logger.info("A %s message was not processed: %s.", self.channel, refusal.name.lower())
        if refusal.value and message.output_channel is not None:
            hint = (message.metadata or {}).get("language")
            text = await notice(self.app, refusal.value, message.sender_id, hint,
                                message.text, max_chars=self.limits.message_chars)
            await message.output_channel.send_text_message(message.sender_id, text)
        return False


def attach(gate: Gate, blueprint: Blueprint) -> None:
    """Give `gate` the app once the server starts, and cap the request body size there; at
    stop, close the kept-alive connections to the action server (Rasa has no hook of its own
    for them; the first channel to stop closes them, the others find none)."""

    @blueprint.listener("before_server_start")
    async def remember_app(app: Any, _loop: Any) -> None:
        gate.app = app
        app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, gate.limits.request_bytes)

    @blueprint.listener("after_server_stop")
    async def close_action_connections(_app: Any, _loop: Any) -> None:
        await close_action_sessions()


async def conversation_language(
    app: Any, sender_id: str | None, hint: str | None = None, text: str | None = None
) -> str:
    """The language to answer in: the stored conversation's, the channel's hint, or the one
    the NLU model reads in the beginning of `text`."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is not None and sender_id:
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is not None:
            return normalize_language(tracker.get_slot("language"))
    if isinstance(hint, str) and hint:
        return negotiate([hint])
    if agent is not None and text:
        parsed = await agent.parse_message(text[:_DETECT_CHARS])
        for entity in parsed.get("entities") or []:
            if entity.get("entity") == "detected_language":
                return normalize_language(entity.get("value"))
    return normalize_language(None)


@lru_cache(maxsize=1)
def _domain_responses() -> Dict[str, Any]:
    """domain.yml's responses, for a notice sent before the model is loaded."""
    with DOMAIN_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)["responses"]


def response_text(app: Any, response: str, language: str, **params: Any) -> str:
    """A domain response's text in `language` (as components.server.nlg renders it)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    responses = agent.domain.responses if agent is not None else _domain_responses()
    text = responses[response][0]["text"]
    shown = {k: format_number(v, language) if isinstance(v, int) else v for k, v in params.items()}
    return gettext(language, text, **shown)


async def notice(
    app: Any, response: str, sender_id: str | None, hint: str | None = None,
    text: str | None = None, **params: Any,
) -> str:
    """A channel's own short answer (`utter_notice_*`) in the person's language."""
    language = await conversation_language(app, sender_id, hint, text)
    return response_text(app, response, language, **params)


async def refuse_files(
    gate: Gate, sender_id: str, hint: str | None, send: Callable[[str], Awaitable[Any]]
) -> None:
    """A photo or a file was sent: say that none is ever taken (never read, never passed on),
    within the sender's rate limit."""
    refusal = await gate.admit(sender_id, "", None)
    response = "utter_notice_no_files" if refusal is None else refusal.value
    if response:
        await send(await notice(gate.app, response, sender_id, hint))
