"""Telegram for the assistant: Rasa's Telegram connector, made safe and optional.

Use it in credentials.yml as `components.channels.telegram.TelegramInput`. The settings come
from the environment (or the same keys in credentials.yml):

- `TELEGRAM_TOKEN`: the bot token from @BotFather; without it the channel is off (no
  routes, no call to Telegram);
- `TELEGRAM_SECRET`: required with a token, the webhook secret (1-256 of `A-Z a-z 0-9 _ -`);
- `TELEGRAM_WEBHOOK_URL`: `https://<public address>/webhooks/telegram/webhook`; when set,
  the server registers it with Telegram at start-up (`setWebhook` with the secret);
- `TELEGRAM_VERIFY` (optional): the bot's username, checked once against `getMe`;
- `TELEGRAM_API_URL` (optional): another Bot API server (the tests use a fake one).

What differs from `rasa.core.channels.telegram.TelegramInput`:

- **Off without a token**, so one credentials.yml serves every deployment. The stock
  connector calls `setWebhook` while the server is being built, with a throw-away event
  loop (whose HTTP session then breaks later calls); here it is registered once the server
  runs, and a failure is logged instead of stopping the assistant.
- **Only Telegram can post updates**: every update must carry the secret in
  `X-Telegram-Bot-Api-Secret-Token` (set through `setWebhook`'s `secret_token`), else 401.
  The stock connector asks `getMe` on every update instead, which proves nothing.
- **Photos, documents, voice, stickers, locations ... are refused** with a short sentence
  in the person's language: nothing about them reaches Rasa, nothing is downloaded.
- **Buttons** are an inline keyboard, one button a row unless they are few and short, and
  button clicks (callback queries) are answered so the client stops its spinner. A payload
  longer than Telegram's 64 bytes of `callback_data` goes through a short key.
- **Letters**: a bot message whose custom payload is `{"type": "letter_downloads", ...}`
  becomes documents (`sendDocument`), rendered here from the link's encrypted token: the
  link text is never sent, so no link preview can fetch the letter. `{"type": "letter"}`
  is sent as its text. Other custom payloads are not turned into API calls.
- **Long texts** are split at paragraph or line breaks below Telegram's 4096 characters
  (the stock connector sends each paragraph as its own message).
- The user's Telegram language (`from.language_code`) goes to Rasa as message metadata
  `{"language": ...}`; only private chats are served (a letter names its sender); each
  chat is rate limited (`components.channels.rate_limit`); edited messages and repeated deliveries
  of an update are ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import keys
from components.channels.base import (
    CappedDict,
    Gate,
    attach,
    notice,
    refuse_files,
    setting,
    split_message,
)
from components.channels.files import render_link

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_MESSAGE_LENGTH = 4096  # Telegram's limit, in UTF-16 code units
MAX_CALLBACK_DATA = 64  # bytes
MAX_CAPTION_LENGTH = 1024
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The download route of components.channels.downloads: .../download/<token>/<format>
# Message fields that carry something other than text. None of them is ever read.
MEDIA_FIELDS = (
    "photo", "document", "voice", "audio", "video", "video_note", "sticker", "animation",
    "contact", "location", "venue", "poll", "dice", "game", "story", "paid_media",
)
ALLOWED_UPDATES = ["message", "callback_query"]
_LONG_PAYLOAD_PREFIX = "#"
_START_COMMANDS = ("/start", "/help")


class CallbackPayloads:
    """Button payloads for `callback_data`: short ones as they are, long ones by a key."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._long = CappedDict(max_entries)

    def data_for(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA and not payload.startswith(
            _LONG_PAYLOAD_PREFIX
        ):
            return payload
        key = _LONG_PAYLOAD_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:40]
        self._long[key] = payload
        return key

    def payload_for(self, data: str) -> str | None:
        """The payload of a click; None for a key this process no longer knows."""
        if data.startswith(_LONG_PAYLOAD_PREFIX):
            return self._long.get(data)
        return data


class TelegramOutput(RasaTelegramOutput):
    """Sends bot messages to Telegram: split texts, inline keyboards, letters as documents."""

    def __init__(
        self,
        access_token: str,
        server: TelegramAPIServer = TELEGRAM_PRODUCTION,
        payloads: CallbackPayloads | None = None,
        download_key: bytes | None = None,
    ) -> None:
        Bot.__init__(self, access_token, server=server)
        self.payloads = payloads or CallbackPayloads()
        self.download_key = download_key
        self.app: Any = None  # the Rasa server's app, for the conversation's language
        # The Telegram language of each chat, for the few texts this channel writes itself.
        self._languages = CappedDict(10_000)

    def remember_language(self, chat_id: str, language: str | None) -> None:
        if isinstance(language, str) and language:
            self._languages[chat_id] = language

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        message = dict(message)
        custom = message.pop("custom", None)
        if isinstance(custom, dict) and custom.get("type") == "letter_downloads":
            # Never the text: it holds the links, and a link preview would fetch the letter.
            await self.send_letter_files(recipient_id, custom)
            return
        # A "letter" is sent as its text; other custom payloads are not API calls here.
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_message(text):
            await self.send_message(recipient_id, part, disable_web_page_preview=True)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: List[Dict[str, Any]],
        button_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        parts = split_message(text or "") or ["…"]
        for part in parts[:-1]:
            await self.send_message(recipient_id, part, disable_web_page_preview=True)
        await self.send_message(
            recipient_id, parts[-1], disable_web_page_preview=True,
            reply_markup=self.keyboard(buttons),
        )

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    def keyboard(self, buttons: List[Dict[str, Any]]) -> InlineKeyboardMarkup:
        """An inline keyboard: one row if there are at most three short titles, else one a row."""
        markup = InlineKeyboardMarkup()
        keys = [
            InlineKeyboardButton(
                str(b.get("title") or b.get("payload") or "?")[:64],
                callback_data=self.payloads.data_for(str(b.get("payload") or b.get("title"))),
            )
            for b in buttons
        ]
        if len(keys) <= 3 and all(len(k.text) <= 12 for k in keys):
            markup.row(*keys)
        else:
            for key in keys:
                markup.row(key)
        return markup

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        # Stock Rasa turns any custom payload into a Bot API call; the bot never needs that.
        logger.debug("Custom payload of type %r not sent to Telegram.", json_message.get("type"))

    async def send_letter_files(self, recipient_id: str, custom: Dict[str, Any]) -> None:
        """Each letter download as a Telegram document, rendered in this process."""
        links = [link for link in custom.get("links") or [] if isinstance(link, dict)]
        if custom.get("title"):
            await self.send_message(recipient_id, str(custom["title"]))
        for link in links:
            made = await render_link(link.get("url", ""), self.download_key)
            if made is None:
                said = await notice(self.app, "utter_notice_file_failed", str(recipient_id),
                                    self._languages.get(str(recipient_id)))
                await self.send_message(recipient_id, said)
                continue
            content, filename = made
            await self.send_document(
                recipient_id,
                InputFile(io.BytesIO(content), filename=filename),
                caption=str(link.get("label") or "")[:MAX_CAPTION_LENGTH] or None,
            )


class TelegramInput(RasaTelegramInput):
    """Telegram webhook at /webhooks/telegram/webhook; off when no token is configured."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        creds = dict(credentials or {})
        return cls(
            access_token=setting(creds, "access_token", "TELEGRAM_TOKEN") or None,
            verify=setting(creds, "verify", "TELEGRAM_VERIFY") or None,
            webhook_url=setting(creds, "webhook_url", "TELEGRAM_WEBHOOK_URL") or None,
            secret=setting(creds, "secret_token", "TELEGRAM_SECRET") or None,
            api_url=setting(creds, "api_url", "TELEGRAM_API_URL") or None,
        )

    def __init__(
        self,
        access_token: str | None,
        verify: str | None = None,
        webhook_url: str | None = None,
        debug_mode: bool = False,
        *,
        secret: str | None = None,
        api_url: str | None = None,
        gate: Gate | None = None,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret = secret
        self.server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        self.gate = gate
        self.payloads = CallbackPayloads()
        self._seen_updates = CappedDict(10_000)
        self._output: TelegramOutput | None = None
        if self.enabled:
            if not secret:
                raise InvalidConfigException(
                    "TELEGRAM_TOKEN is set but TELEGRAM_SECRET is not: without a webhook "
                    "secret anybody could post messages as any Telegram user. Set "
                    "TELEGRAM_SECRET to 32 random letters and digits."
                )
            if not _SECRET_RE.match(secret):
                raise InvalidConfigException(
                    "TELEGRAM_SECRET may only use A-Z, a-z, 0-9, _ and - (1 to 256 characters)."
                )

    @property
    def enabled(self) -> bool:
        return bool(self.access_token)

    def get_output_channel(self) -> TelegramOutput:
        """The one output channel of this input (it holds the HTTP session to Telegram)."""
        if self._output is None:
            assert self.access_token
            self._output = TelegramOutput(self.access_token, self.server, self.payloads)
        return self._output

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.enabled:
            logger.debug("Telegram is off: TELEGRAM_TOKEN is not set.")
            return Blueprint("telegram_webhook_off")
        telegram = Blueprint("telegram_webhook")
        out = self.get_output_channel()
        out.download_key = keys.load(keys.DOWNLOAD)  # a bad $DOWNLOAD_KEY stops the server here
        gate = self.gate or Gate(self.name())
        attach(gate, telegram)

        async def handle(message: UserMessage) -> None:
            await gate.pass_on(on_new_message, message)

        @telegram.listener("after_server_start")
        async def register_webhook(_app: Any, _loop: Any) -> None:
            await self.register_webhook(out)

        @telegram.listener("before_server_stop")
        async def close_session(_app: Any, _loop: Any) -> None:
            # Not `Bot.close()`: deprecated, and in aiogram 3 the Bot API's `close` method.
            session = out._session
            if session is not None and not session.closed:
                await session.close()

        @telegram.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), str(self.secret).encode()):
                return response.text("unauthorized", status=HTTPStatus.UNAUTHORIZED)
            try:
                update = json.loads(request.body or b"")
            except ValueError:
                return response.text("bad request", status=HTTPStatus.BAD_REQUEST)
            if not isinstance(update, dict):
                return response.text("bad request", status=HTTPStatus.BAD_REQUEST)
            try:
                out.app = gate.app
                await self.handle_update(update, out, handle, gate)
            except Exception as exc:
                # Answer 200 anyway: Telegram would deliver the same update again and again.
                logger.error("Telegram update not handled (%s).", type(exc).__name__)
                logger.debug("Telegram update error", exc_info=True)
            return response.text("ok")

        return telegram

    async def register_webhook(self, out: TelegramOutput) -> None:
        """Check the username and register the webhook with its secret; log, never raise."""
        try:
            if self.verify:
                me = await out.get_me()
                if me.username != self.verify:
                    logger.error(
                        "TELEGRAM_VERIFY is %r but the token belongs to %r.",
                        self.verify, me.username,
                    )
            if self.webhook_url:
                await out.request("setWebhook", {
                    "url": self.webhook_url,
                    "secret_token": self.secret,
                    "allowed_updates": json.dumps(ALLOWED_UPDATES),
                })
                logger.info("Telegram webhook registered.")
        except Exception as exc:
            logger.error("Telegram set-up failed (%s: %s); fix the settings and restart.",
                         type(exc).__name__, exc)

    def _first_delivery(self, update_id: Any) -> bool:
        if not isinstance(update_id, int):
            return True
        if update_id in self._seen_updates:
            return False
        self._seen_updates[update_id] = None
        return True

    async def handle_update(
        self,
        update: Dict[str, Any],
        out: TelegramOutput,
        handle: Callable[[UserMessage], Awaitable[Any]],
        gate: Gate,
    ) -> None:
        if not self._first_delivery(update.get("update_id")):
            return
        callback = update.get("callback_query")
        if isinstance(callback, dict):
            message = callback.get("message") or {}
            sender = callback.get("from") or {}
            if callback.get("id"):
                await out.answer_callback_query(str(callback["id"]))
            text = out.payloads.payload_for(str(callback.get("data") or ""))
            if not text:
                return
        elif isinstance(update.get("message"), dict):
            message = update["message"]
            sender = message.get("from") or {}
            text = message.get("text")
        else:
            return  # edited messages, channel posts, membership changes...
        chat = message.get("chat") or {}
        if chat.get("type") != "private" or "id" not in chat:
            return
        chat_id = str(chat["id"])
        language = sender.get("language_code")
        metadata = {"language": language} if isinstance(language, str) and language else {}
        out.remember_language(chat_id, language)
        if not isinstance(text, str) or not text.strip():
            # A photo, document, voice message, sticker, location...: never read, never kept.
            kinds = sorted(f for f in MEDIA_FIELDS if f in message) or ["other"]
            logger.info("Refused a Telegram %s message.", "/".join(kinds))
            await refuse_files(gate, chat_id, language,
                               lambda text: out.send_message(chat_id, text))
            return
        text = text.strip()
        command = text.split("@", 1)[0].split(" ", 1)[0]
        if command in _START_COMMANDS:
            text = "/greet"
        await handle(UserMessage(
            text, out, chat_id, input_channel=self.name(), metadata=metadata,
        ))
