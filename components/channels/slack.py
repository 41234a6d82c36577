"""Slack for the assistant: Rasa's Slack connector, made strict, threaded and optional.

Use it in credentials.yml as `components.channels.slack.SlackInput`. Settings come from the
environment (or the same keys in credentials.yml):

- `SLACK_TOKEN` (`slack_token`): the bot token (`xoxb-...`);
- `SLACK_SIGNING_SECRET` (`slack_signing_secret`): the app's signing secret. The channel is
  on only when both are set (one without the other stops the server with an explanation);
- `SLACK_API_URL` (`api_url`, optional): another Web API address (the tests use a fake one);
- `SLACK_CHANNEL` (`slack_channel`, optional): a channel where every message is answered;
  otherwise the bot answers direct messages and mentions;
- `SLACK_USE_THREADS` (`use_threads`, default true): answer in the thread of the message;
- `SLACK_USER_LOCALE` (default true): ask `users.info` (scope `users:read`) once per user
  for the Slack language, passed to Rasa as metadata `{"language": ...}`.

The Slack app needs the bot scopes `chat:write`, `files:write`, `im:history`,
`app_mentions:read` (and `users:read` for the language), the events `message.im` and
`app_mention` sent to `https://<public address>/webhooks/slack/webhook`, and Interactivity
with the same URL.

What differs from `rasa.core.channels.slack.SlackInput`:

- **Off without settings**, so one credentials.yml serves every deployment.
- **Requests must be signed**: a missing, wrong or stale (over five minutes) `X-Slack-Signature`
  gets 401 (stock: 400), and nothing is read from the body before the check.
- **Files are refused**: a message with files (`subtype: file_share`) gets a short sentence
  in the thread, its files are never fetched and nothing about it reaches Rasa.
- **Texts** are sent whole (stock: one message per paragraph), split below Slack's limits,
  with `&`, `<` and `>` escaped so a text cannot mention `@channel` or fake a link; Slack's
  link and e-mail markup in what people type (`<mailto:a@b.org|a@b.org>`) is unwrapped.
- **Buttons** are Block Kit buttons (up to 25, stock: 5); clicks (`block_actions`) go to
  Rasa as the button's payload.
- **Letters**: a custom payload `{"type": "letter_downloads", ...}` becomes file uploads
  (`files.getUploadURLExternal` / `files.completeUploadExternal`, slack_sdk's
  `files_upload_v2`) rendered here from the link's token, never the link text.
- Each Slack user is rate limited (`components.channels.rate_limit`); an event Slack delivers twice
  is handled once.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
import time
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot import keys
from components.channels.base import (
    CappedDict,
    Gate,
    attach,
    refuse_files,
    setting,
)
from components.channels.slack_output import DEFAULT_API_URL, SlackOutput

logger = logging.getLogger(__name__)


REPLAY_WINDOW_SECONDS = 5 * 60
# Message subtypes that are not something a person just wrote.
_IGNORED_SUBTYPES = {
    "bot_message", "message_changed", "message_deleted", "message_replied", "channel_join",
    "channel_leave", "channel_topic", "channel_purpose", "channel_name", "pinned_item",
    "unpinned_item", "ekm_access_denied", "me_message", "tombstone", "huddle_thread",
}
_LINK_RE = re.compile(r"<((?:https?|mailto|tel):[^|<>\s]{1,2048})(?:\|([^<>]{0,512}))?>")
_TRUE = {"1", "true", "yes", "on"}


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in _TRUE


def unwrap_slack_text(text: str, bot_user_ids: List[str] | None = None) -> str:
    """What a person typed, without Slack's markup: mentions of the bot, link wrappers."""
    for uid in bot_user_ids or []:
        text = re.sub(rf"\s*<@{re.escape(str(uid))}(?:\|[^>]*)?>\s*", " ", text)

    def link(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if label:
            return label
        return target.split(":", 1)[1] if target.startswith(("mailto:", "tel:")) else target

    return html.unescape(_LINK_RE.sub(link, text)).strip()


class SlackInput(RasaSlackInput):
    """Slack Events API and interactivity at /webhooks/slack/webhook; off without settings."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        creds = dict(credentials or {})
        return cls(
            setting(creds, "slack_token", "SLACK_TOKEN") or "",
            slack_channel=setting(creds, "slack_channel", "SLACK_CHANNEL") or None,
            use_threads=_flag(setting(creds, "use_threads", "SLACK_USE_THREADS", "true")),
            slack_signing_secret=setting(creds, "slack_signing_secret",
                                          "SLACK_SIGNING_SECRET") or "",
            conversation_granularity=creds.get("conversation_granularity", "sender"),
            api_url=setting(creds, "api_url", "SLACK_API_URL") or None,
            user_locale=_flag(setting(creds, "user_locale", "SLACK_USER_LOCALE", "true")),
        )

    def __init__(
        self,
        slack_token: str,
        slack_channel: str | None = None,
        proxy: str | None = None,
        slack_retry_reason_header: str | None = None,
        slack_retry_number_header: str | None = None,
        errors_ignore_retry: List[str] | None = None,
        use_threads: bool | None = True,
        slack_signing_secret: str = "",
        conversation_granularity: str | None = "sender",
        *,
        api_url: str | None = None,
        user_locale: bool = True,
        gate: Gate | None = None,
    ) -> None:
        super().__init__(
            slack_token, slack_channel, proxy, slack_retry_reason_header,
            slack_retry_number_header, errors_ignore_retry, use_threads,
            slack_signing_secret, conversation_granularity,
        )
        self.api_url = api_url
        self.user_locale = user_locale
        self.gate = gate or Gate(self.name())
        self.download_key: bytes | None = None
        self._seen_events = CappedDict(10_000)
        # Signed requests seen in the last five minutes: a replay (same signature) is refused.
        self._seen_signatures = CappedDict(100_000)
        self._locales = CappedDict(10_000)

    @property
    def enabled(self) -> bool:
        return bool(self.slack_token and self.slack_signing_secret)

    def _validate_credentials(self) -> None:
        if bool(self.slack_token) != bool(self.slack_signing_secret):
            raise InvalidConfigException(
                "Slack needs both SLACK_TOKEN and SLACK_SIGNING_SECRET (the signing secret "
                "proves a request comes from Slack); set both, or neither to turn Slack off."
            )

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None,
        language: str | None = None,
    ) -> SlackOutput:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.api_url,
            self.download_key, language, self.gate.app,
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.enabled:
            logger.debug("Slack is off: SLACK_TOKEN and SLACK_SIGNING_SECRET are not set.")
            return Blueprint("slack_webhook_off")
        slack = Blueprint("slack_webhook")
        self.download_key = keys.load(keys.DOWNLOAD)
        gate = self.gate
        attach(gate, slack)

        async def handle(message: UserMessage) -> None:
            await gate.pass_on(on_new_message, message)

        @slack.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                return response.text("invalid signature", status=HTTPStatus.UNAUTHORIZED)
            if not self._first_signature(request.headers.get("X-Slack-Signature", "")):
                return response.text("")  # a replay: answered, not processed again
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            if content_type == "application/json":
                try:
                    body = json.loads(request.body or b"")
                except ValueError:
                    return response.text("bad request", status=HTTPStatus.BAD_REQUEST)
                if not isinstance(body, dict):
                    return response.text("bad request", status=HTTPStatus.BAD_REQUEST)
                if body.get("type") == "url_verification":
                    return response.json({"challenge": body.get("challenge")})
                if body.get("type") == "event_callback" and self._first_delivery(body):
                    self._in_background(self.handle_event(body, handle))
                return response.text("")
            if content_type == "application/x-www-form-urlencoded":
                try:
                    payload = json.loads(request.form.get("payload") or "")
                except ValueError:
                    return response.text("bad request", status=HTTPStatus.BAD_REQUEST)
                if isinstance(payload, dict) and payload.get("type") == "block_actions":
                    self._in_background(self.handle_action(payload, handle))
                return response.text("")
            return response.text("unsupported", status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

        return slack

    def _in_background(self, coroutine: Awaitable[Any]) -> None:
        """Answer Slack at once (it retries after 3 s); handle the message meanwhile."""

        async def run() -> None:
            try:
                await coroutine
            except Exception as exc:
                logger.error("Slack message not handled (%s).", type(exc).__name__)
                logger.debug("Slack message error", exc_info=True)

        task = asyncio.create_task(run())
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    def _first_delivery(self, body: Dict[str, Any]) -> bool:
        event_id = body.get("event_id")
        if not isinstance(event_id, str):
            return True
        if event_id in self._seen_events:
            return False
        self._seen_events[event_id] = None
        return True

    def _first_signature(self, signature: str, now: float | None = None) -> bool:
        """False for a signature seen within five minutes (Slack refuses older timestamps)."""
        now = time.monotonic() if now is None else now
        seen = self._seen_signatures.get(signature)
        if seen is not None and now - seen <= REPLAY_WINDOW_SECONDS:
            return False
        self._seen_signatures[signature] = now
        return True

    @staticmethod
    def _bot_user_ids(body: Dict[str, Any]) -> List[str]:
        ids = [a.get("user_id") for a in body.get("authorizations") or [] if isinstance(a, dict)]
        ids += list(body.get("authed_users") or [])
        return [i for i in ids if i]

    async def language_of(self, user: str, *payloads: Dict[str, Any]) -> str | None:
        """The Slack user's locale: from the payload if there, else `users.info` (cached)."""
        for payload in payloads:
            for value in (payload.get("locale"), payload.get("user_locale")):
                if isinstance(value, str) and value:
                    return value
        if not self.user_locale or not user:
            return None
        if user not in self._locales:
            locale = None
            try:
                client = AsyncWebClient(
                    token=self.slack_token,
                    base_url=(self.api_url or DEFAULT_API_URL).rstrip("/") + "/",
                )
                info = await client.users_info(user=user, include_locale=True)
                locale = (info.get("user") or {}).get("locale")
            except Exception as exc:  # no users:read scope, network...: no language hint
                logger.debug("Slack locale unknown (%s).", type(exc).__name__)
            self._locales[user] = locale if isinstance(locale, str) else None
        return self._locales[user]

    async def handle_event(
        self,
        body: Dict[str, Any],
        handle: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        event = body.get("event") or {}
        if event.get("type") not in ("message", "app_mention"):
            return
        bots = self._bot_user_ids(body)
        user = event.get("user")
        subtype = event.get("subtype")
        if event.get("bot_id") or not user or user in bots or subtype in _IGNORED_SUBTYPES:
            return
        channel = event.get("channel")
        if not channel or not (
            event.get("channel_type") == "im"
            or event.get("type") == "app_mention"
            or (self.slack_channel and channel == self.slack_channel)
        ):
            return
        thread_id = event.get("thread_ts") or event.get("ts")
        conversation_id = self._get_conversation_id(user, channel, thread_id)
        out_thread = thread_id if self.use_threads else None
        if event.get("files") or subtype == "file_share":
            # Never fetched (no files.info, no url_private), never passed on to Rasa.
            logger.info("Refused a Slack message with %d file(s).", len(event.get("files") or []))
            language = await self.language_of(user, event)
            out = self.get_output_channel(channel, out_thread, language)
            await refuse_files(self.gate, str(conversation_id), language,
                               lambda text: out.send_text_message(channel, text))
            return
        text = unwrap_slack_text(str(event.get("text") or ""), bots)
        if not text:
            return
        language = await self.language_of(user, event)
        await self._pass_on(handle, text, conversation_id, channel, thread_id, bots, language)

    async def handle_action(
        self, payload: Dict[str, Any], handle: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        if not self._is_interactive_message(payload):
            return
        text = self._get_interactive_response(payload["actions"][0])
        user = (payload.get("user") or {}).get("id")
        container = payload.get("container") or {}
        message = payload.get("message") or {}
        channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
        if not text or not user or not channel:
            return
        thread_id = (
            container.get("thread_ts") or message.get("thread_ts")
            or container.get("message_ts") or message.get("ts")
        )
        conversation_id = self._get_conversation_id(user, channel, thread_id)
        language = await self.language_of(user, payload.get("user") or {}, payload)
        await self._pass_on(handle, text, conversation_id, channel, thread_id, [user], language)

    async def _pass_on(
        self,
        handle: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        conversation_id: str | None,
        channel: str,
        thread_id: str | None,
        users: List[str],
        language: str | None,
    ) -> None:
        metadata: Dict[str, Any] = {"out_channel": channel, "thread_id": thread_id,
                                    "users": users}
        if language:
            metadata["language"] = language
        out = self.get_output_channel(
            channel, thread_id if self.use_threads else None, language
        )
        await handle(UserMessage(
            text, out, conversation_id, input_channel=self.name(), metadata=metadata,
        ))
