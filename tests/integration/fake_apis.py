"""Fake Telegram Bot API and Slack Web API servers, and the Rasa servers that talk to them.

Each fake is a small aiohttp application on 127.0.0.1 in its own thread. It records every
call (API method, parameters, uploaded files) and answers with the shapes the real APIs
use (`{"ok": true, "result": {...}}` for Telegram, `{"ok": true, ...}` for Slack), including
their refusals for what the real ones refuse (a Telegram text over 4096 characters, a
`callback_data` over 64 bytes; a Slack call without the bot token). Downloads of files the
user sent (Telegram `getFile` and its file URL, Slack `url_private`) are served too, so a
test can prove they were never asked for.

The update and event payloads below are copied from the shapes of the official API
documentation (core.telegram.org/bots/api#update, api.slack.com/events/message,
api.slack.com/reference/interaction-payloads/block-actions), with our own ids and texts.

`channel_servers` starts a second action + Rasa server pair (like conftest's `servers`)
with the Telegram and Slack channels pointed at these fakes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import shutil
import subprocess
import tarfile
import threading
import time
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List
from urllib.parse import urlencode

import requests
from aiohttp import web

from bot.settings import NO_RATE_LIMITS
from tests.integration.conftest import MODEL, ROOT, VENV_BIN, _wait, free_port, stop_processes

TELEGRAM_TOKEN = "7012345678:AAE_fake-token_for_tests_0123456789ab"
TELEGRAM_BOT_ID = 7012345678
TELEGRAM_USERNAME = "RightsAssistantTestBot"
TELEGRAM_SECRET = "s3cret_" + uuid.uuid4().hex
SLACK_TOKEN = "xoxb-1111111111-2222222222-fAkEtOkEnFoRtEsTs"
SLACK_SIGNING_SECRET = uuid.uuid4().hex
SLACK_TEAM = "T0TESTNGO"
SLACK_BOT_USER = "U0BOTUSER"
SLACK_BOT_ID = "B0BOTID01"


@dataclass
class Call:
    """One request to a fake API."""

    api: str  # "telegram" | "slack" | "download"
    method: str
    params: Dict[str, Any]
    files: Dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (filename, data)
    headers: Dict[str, str] = field(default_factory=dict)


class FakeAPI(ABC):
    """An aiohttp app in a thread that records calls; subclasses add the routes."""

    api = "fake"

    def __init__(self) -> None:
        self._calls: List[Call] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @abstractmethod
    def routes(self, app: web.Application) -> None:
        """Add this API's methods to `app` (each fake defines its own)."""

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def calls(self, method: str | None = None, **where: Any) -> List[Call]:
        """Recorded calls, optionally of one method and with some parameter values."""
        with self._lock:
            found = list(self._calls)
        return [
            c for c in found
            if (method is None or c.method == method)
            and all(str(c.params.get(k)) == str(v) for k, v in where.items())
        ]

    def wait_for(
        self, predicate: Callable[[List[Call]], bool], timeout: float = 60.0
    ) -> List[Call]:
        """Poll until `predicate(calls)` holds; AssertionError with the calls otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.calls()
            if predicate(calls):
                return calls
            if time.monotonic() > deadline:
                summary = "\n".join(f"{c.method} {json.dumps(c.params)[:300]}" for c in calls)
                raise AssertionError(f"{self.api}: condition not met; calls:\n{summary}")
            time.sleep(0.2)

    def start(self) -> FakeAPI:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError(f"fake {self.api} API did not start")
        return self

    def stop(self) -> None:
        async def cleanup() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def setup() -> None:
            app = web.Application(client_max_size=50 * 1024 * 1024)
            self.routes(app)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = self._runner.addresses[0][1]

        self._loop.run_until_complete(setup())
        self._ready.set()
        self._loop.run_forever()


async def _params(request: web.Request) -> tuple[Dict[str, Any], Dict[str, tuple[str, bytes]]]:
    """Query, JSON, form and multipart parameters of a request, and its uploaded files."""
    params: Dict[str, Any] = dict(request.query)
    files: Dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
    elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read())
            else:
                params[key] = value
    for key, value in list(params.items()):  # JSON-serialised parameters, as both APIs use
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params, files


# --- Telegram --------------------------------------------------------------------------------


class FakeTelegram(FakeAPI):
    """The Bot API methods the channel uses, at /bot<token>/<method>."""

    api = "telegram"

    def __init__(self, token: str = TELEGRAM_TOKEN, username: str = TELEGRAM_USERNAME) -> None:
        super().__init__()
        self.token = token
        self.username = username
        self._message_ids = itertools.count(500)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self.method)
        app.router.add_route("GET", "/file/bot{token}/{path:.*}", self.file)

    def _bot(self) -> Dict[str, Any]:
        return {"id": TELEGRAM_BOT_ID, "is_bot": True, "first_name": "Rights Assistant",
                "username": self.username}

    def _message(self, chat_id: Any, **content: Any) -> Dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "from": self._bot(),
            "chat": {"id": int(chat_id), "first_name": "Jane", "type": "private"},
            "date": int(time.time()),
            **content,
        }

    @staticmethod
    def _error(code: int, description: str) -> web.Response:
        return web.json_response(
            {"ok": False, "error_code": code, "description": description}, status=code
        )

    async def method(self, request: web.Request) -> web.Response:
        params, files = await _params(request)
        name = request.match_info["method"]
        self.record(Call("telegram", name, params,
                         {k: v for k, v in files.items()}, dict(request.headers)))
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        result: Any
        if name == "getMe":
            result = self._bot()
        elif name in ("setWebhook", "deleteWebhook", "answerCallbackQuery"):
            result = True
        elif name == "sendMessage":
            text = str(params.get("text") or "")
            if not text.strip():
                return self._error(400, "Bad Request: message text is empty")
            if len(text.encode("utf-16-le")) // 2 > 4096:
                return self._error(400, "Bad Request: message is too long")
            markup = params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard") or []:
                for button in row:
                    if len(str(button.get("callback_data", "")).encode()) > 64:
                        return self._error(400, "Bad Request: BUTTON_DATA_INVALID")
            extra = {"reply_markup": markup} if markup else {}
            result = self._message(params["chat_id"], text=text, **extra)
        elif name == "sendDocument":
            if "document" not in files:
                return self._error(400, "Bad Request: there is no document in the request")
            filename, data = files["document"]
            result = self._message(params["chat_id"], document={
                "file_name": filename, "file_id": "BQAC" + uuid.uuid4().hex,
                "file_unique_id": uuid.uuid4().hex[:16], "file_size": len(data),
            }, **({"caption": params["caption"]} if params.get("caption") else {}))
        elif name == "getFile":
            result = {"file_id": params.get("file_id"), "file_unique_id": "x",
                      "file_size": 4, "file_path": "photos/file_0.jpg"}
        else:
            return self._error(404, "Not Found: method not found")
        return web.json_response({"ok": True, "result": result})

    async def file(self, request: web.Request) -> web.Response:
        self.record(Call("download", "file", {"path": request.match_info["path"]}))
        return web.Response(body=b"\xff\xd8\xff\xe0", content_type="image/jpeg")


def telegram_user(user_id: int, language: str | None = "en") -> Dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Jane", "last_name": "Doe",
            "username": f"jane{user_id}"}
    if language:
        user["language_code"] = language
    return user


def telegram_chat(user_id: int) -> Dict[str, Any]:
    return {"id": user_id, "first_name": "Jane", "last_name": "Doe",
            "username": f"jane{user_id}", "type": "private"}


_update_ids = itertools.count(int(time.time()) % 100_000 * 1000)


def telegram_text_update(user_id: int, text: str, language: str | None = "en") -> Dict:
    """An Update with a private text message."""
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids) % 100_000,
            "from": telegram_user(user_id, language),
            "chat": telegram_chat(user_id),
            "date": int(time.time()),
            "text": text,
        },
    }


def telegram_callback_update(
    user_id: int, data: str, language: str | None = "en", message_text: str = "Question?"
) -> Dict:
    """An Update with a callback query: a click on an inline keyboard button."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(4382000000000000000 + next(_update_ids)),
            "from": telegram_user(user_id, language),
            "message": {
                "message_id": next(_update_ids) % 100_000,
                "from": {"id": TELEGRAM_BOT_ID, "is_bot": True, "first_name": "Rights Assistant",
                         "username": TELEGRAM_USERNAME},
                "chat": telegram_chat(user_id),
                "date": int(time.time()) - 5,
                "text": message_text,
                "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": data}]]},
            },
            "chat_instance": "-5301961934893146754",
            "data": data,
        },
    }


def telegram_photo_update(user_id: int, caption: str, language: str | None = "en") -> Dict:
    """An Update with a photo (three sizes, as Telegram sends them) and a caption."""
    unique = uuid.uuid4().hex
    sizes = [
        {"file_id": f"AgACAgQAAxkBAAIC{unique}{w}", "file_unique_id": f"AQAD{unique[:8]}{w}",
         "file_size": w * 70, "width": w, "height": w * 3 // 4}
        for w in (90, 320, 1280)
    ]
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids) % 100_000,
            "from": telegram_user(user_id, language),
            "chat": telegram_chat(user_id),
            "date": int(time.time()),
            "photo": sizes,
            "caption": caption,
        },
    }


# --- Slack -----------------------------------------------------------------------------------


class FakeSlack(FakeAPI):
    """The Web API methods the channel uses, at /api/<method>, plus the upload URLs."""

    api = "slack"

    def __init__(self, token: str = SLACK_TOKEN) -> None:
        super().__init__()
        self.token = token
        self.locales: Dict[str, str] = {}
        self.uploads: Dict[str, bytes] = {}
        self._ts = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/{method}", self.method)
        app.router.add_route("POST", "/upload/v1/{file_id}", self.upload)
        app.router.add_route("GET", "/files-pri/{path:.*}", self.private_file)

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    async def method(self, request: web.Request) -> web.Response:
        params, files = await _params(request)
        name = request.match_info["method"]
        self.record(Call("slack", name, params, files, dict(request.headers)))
        auth = request.headers.get("Authorization", "")
        if auth != f"Bearer {self.token}" and params.get("token") != self.token:
            return web.json_response({"ok": False, "error": "not_authed"})
        if name == "chat.postMessage":
            if not params.get("channel"):
                return web.json_response({"ok": False, "error": "channel_not_found"})
            if not params.get("text") and not params.get("blocks"):
                return web.json_response({"ok": False, "error": "no_text"})
            ts = self._next_ts()
            message = {"type": "message", "text": params.get("text", ""),
                       "user": SLACK_BOT_USER, "bot_id": SLACK_BOT_ID, "ts": ts,
                       "team": SLACK_TEAM}
            for key in ("blocks", "thread_ts"):
                if params.get(key):
                    message[key] = params[key]
            return web.json_response({"ok": True, "channel": params["channel"], "ts": ts,
                                      "message": message})
        if name == "files.getUploadURLExternal":
            if not params.get("filename") or not str(params.get("length", "")).isdigit():
                return web.json_response({"ok": False, "error": "invalid_arguments"})
            file_id = "F" + uuid.uuid4().hex[:10].upper()
            return web.json_response({"ok": True, "file_id": file_id,
                                      "upload_url": f"{self.url}/upload/v1/{file_id}"})
        if name == "files.completeUploadExternal":
            listed = params.get("files") or []
            missing = [f["id"] for f in listed if f.get("id") not in self.uploads]
            if not listed or missing:
                return web.json_response({"ok": False, "error": "file_not_found"})
            return web.json_response({"ok": True, "files": [
                {"id": f["id"], "title": f.get("title"), "size": len(self.uploads[f["id"]])}
                for f in listed
            ]})
        if name == "users.info":
            user = str(params.get("user"))
            info: Dict[str, Any] = {"id": user, "team_id": SLACK_TEAM, "name": "jane"}
            if str(params.get("include_locale")).lower() in ("true", "1"):
                info["locale"] = self.locales.get(user, "en-US")
            return web.json_response({"ok": True, "user": info})
        if name == "auth.test":
            return web.json_response({"ok": True, "user_id": SLACK_BOT_USER,
                                      "team_id": SLACK_TEAM, "bot_id": SLACK_BOT_ID})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = data
        self.record(Call("slack", "upload", {"file_id": file_id}, {"file": (file_id, data)}))
        return web.Response(text=f"OK - {len(data)}")

    async def private_file(self, request: web.Request) -> web.Response:
        self.record(Call("download", "url_private", {"path": request.match_info["path"]}))
        return web.Response(body=b"\xff\xd8\xff\xe0", content_type="image/jpeg")

    def uploaded(self, file_id: str) -> bytes:
        return self.uploads[file_id]


_slack_ts = itertools.count(1)


def slack_ts() -> str:
    return f"{int(time.time())}.{next(_slack_ts):06d}"


def slack_event(event: Dict[str, Any]) -> Dict[str, Any]:
    """The `event_callback` envelope of the Events API around `event`."""
    return {
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
        "team_id": SLACK_TEAM,
        "api_app_id": "A0TESTAPP",
        "event": event,
        "type": "event_callback",
        "event_id": "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": SLACK_TEAM,
                            "user_id": SLACK_BOT_USER, "is_bot": True,
                            "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMFRFU1ROR08ifQ",
    }


def slack_dm(user: str, channel: str, text: str, thread_ts: str | None = None) -> Dict:
    """A direct message to the bot (`message.im`)."""
    ts = slack_ts()
    event = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user,
        "ts": ts,
        "blocks": [{"type": "rich_text", "block_id": "x1Yz", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}],
        "team": SLACK_TEAM,
        "channel": channel,
        "event_ts": ts,
        "channel_type": "im",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return slack_event(event)


def slack_mention(user: str, channel: str, text: str) -> Dict:
    """A mention of the bot in a channel (`app_mention`)."""
    ts = slack_ts()
    return slack_event({
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": f"<@{SLACK_BOT_USER}> {text}",
        "user": user,
        "ts": ts,
        "team": SLACK_TEAM,
        "channel": channel,
        "event_ts": ts,
    })


def slack_file_share(user: str, channel: str, private_base: str) -> Dict:
    """A direct message with an image (`subtype: file_share`)."""
    ts = slack_ts()
    file_id = "F" + uuid.uuid4().hex[:10].upper()
    return slack_event({
        "type": "message",
        "text": "here is my selfie",
        "files": [{
            "id": file_id, "created": int(time.time()), "timestamp": int(time.time()),
            "name": "selfie.jpg", "title": "selfie.jpg", "mimetype": "image/jpeg",
            "filetype": "jpg", "pretty_type": "JPEG", "user": user, "user_team": SLACK_TEAM,
            "editable": False, "size": 48213, "mode": "hosted", "is_external": False,
            "external_type": "", "is_public": False, "public_url_shared": False,
            "display_as_bot": False, "username": "",
            "url_private": f"{private_base}/files-pri/{SLACK_TEAM}-{file_id}/selfie.jpg",
            "url_private_download":
                f"{private_base}/files-pri/{SLACK_TEAM}-{file_id}/download/selfie.jpg",
            "permalink": f"https://ngo.slack.com/files/{user}/{file_id}/selfie.jpg",
            "original_w": 1280, "original_h": 960, "has_rich_preview": False,
        }],
        "upload": False,
        "user": user,
        "display_as_bot": False,
        "ts": ts,
        "client_msg_id": str(uuid.uuid4()),
        "channel": channel,
        "subtype": "file_share",
        "event_ts": ts,
        "channel_type": "im",
    })


def slack_block_actions(
    user: str, channel: str, value: str, message_ts: str, thread_ts: str | None
) -> Dict:
    """The interactivity payload of a Block Kit button click."""
    message: Dict[str, Any] = {
        "bot_id": SLACK_BOT_ID, "type": "message", "text": "Question?",
        "user": SLACK_BOT_USER, "ts": message_ts, "app_id": "A0TESTAPP", "team": SLACK_TEAM,
        "blocks": [{"type": "actions", "block_id": "b1", "elements": []}],
    }
    container: Dict[str, Any] = {"type": "message", "message_ts": message_ts,
                                 "channel_id": channel, "is_ephemeral": False}
    if thread_ts:
        message.update(thread_ts=thread_ts, parent_user_id=user)
        container["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "jane", "name": "jane", "team_id": SLACK_TEAM},
        "api_app_id": "A0TESTAPP",
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
        "container": container,
        "trigger_id": "1234567890.1234567890.abcdef",
        "team": {"id": SLACK_TEAM, "domain": "ngo"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "directmessage"},
        "message": message,
        "state": {"values": {}},
        "response_url": "https://hooks.slack.com/actions/T0TESTNGO/1/abc",
        "actions": [{
            "action_id": "rasa_button_0", "block_id": "b1",
            "text": {"type": "plain_text", "text": "Yes", "emoji": True},
            "value": value, "type": "button", "action_ts": slack_ts(),
        }],
    }


def slack_signature(body: bytes, timestamp: int, secret: str = SLACK_SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


# --- the servers -----------------------------------------------------------------------------


@dataclass
class ChannelServers:
    rasa_url: str
    tracker_db: Path
    log_dir: Path
    telegram: FakeTelegram
    slack: FakeSlack

    def post_telegram(
        self, update: Dict[str, Any], secret: str | None = TELEGRAM_SECRET
    ) -> requests.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return requests.post(f"{self.rasa_url}/webhooks/telegram/webhook", json=update,
                             headers=headers, timeout=120)

    def post_slack(
        self,
        body: bytes,
        content_type: str,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> requests.Response:
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": signature or slack_signature(body, ts),
        }
        return requests.post(f"{self.rasa_url}/webhooks/slack/webhook", data=body,
                             headers=headers, timeout=30)

    def post_slack_event(self, body: Dict[str, Any], **kwargs: Any) -> requests.Response:
        return self.post_slack(json.dumps(body).encode(), "application/json", **kwargs)

    def post_slack_action(self, payload: Dict[str, Any], **kwargs: Any) -> requests.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post_slack(body, "application/x-www-form-urlencoded", **kwargs)


def _stable_model_copy(dest: Path, timeout: float = 1800) -> Path:
    """A copy of the trained model once nobody is writing it (the lead may be retraining)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            stat = MODEL.stat()
            if time.time() - stat.st_mtime > 10:
                shutil.copyfile(MODEL, dest)
                if dest.stat().st_size == stat.st_size and MODEL.stat().st_mtime == stat.st_mtime:
                    with tarfile.open(dest) as archive:
                        archive.getmembers()  # reads to the end: a complete archive
                    return dest
        except (OSError, tarfile.TarError, EOFError):
            pass
        time.sleep(5)
    raise RuntimeError(f"no complete trained model at {MODEL}: run `make train`")


@contextlib.contextmanager
def channel_servers(work: Path) -> Iterator[ChannelServers]:
    """Fake APIs, then an action server and a Rasa server with Telegram and Slack on."""
    telegram, slack = FakeTelegram().start(), FakeSlack().start()
    model = _stable_model_copy(work / "model.tar.gz")
    rasa_port, action_port = free_port(), free_port()
    tracker_db = work / "tracker.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DIALECT": "sqlite",
        "TRACKER_DB": str(tracker_db),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "PUBLIC_RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_VERIFY": TELEGRAM_USERNAME,
        "TELEGRAM_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/telegram/webhook",
        "TELEGRAM_API_URL": telegram.url,
        "SLACK_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
        **NO_RATE_LIMITS,
        "RATE_LIMIT_PER_MINUTE": "20",  # per chat, as deployed: tested here
        "RATE_LIMIT_BURST": "10",
    }
    log_dir = work / "logs"
    log_dir.mkdir()
    procs: List[subprocess.Popen] = []
    with (log_dir / "actions.log").open("w") as action_log, \
            (log_dir / "rasa.log").open("w") as rasa_log:
        try:
            procs.append(subprocess.Popen(
                [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                 "--port", str(action_port)],
                cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"},
                stdout=action_log, stderr=subprocess.STDOUT,
            ))
            procs.append(subprocess.Popen(
                [str(VENV_BIN / "rasa"), "run", "--model", str(model), "--interface",
                 "127.0.0.1", "--port", str(rasa_port), "--credentials", "credentials.yml",
                 "--endpoints", "endpoints.yml"],
                cwd=ROOT, env=env, stdout=rasa_log, stderr=subprocess.STDOUT,
            ))
            _wait(f"http://127.0.0.1:{action_port}/health", procs, log_dir)
            _wait(f"http://127.0.0.1:{rasa_port}/", procs, log_dir)
            yield ChannelServers(
                rasa_url=f"http://127.0.0.1:{rasa_port}", tracker_db=tracker_db,
                log_dir=log_dir, telegram=telegram, slack=slack,
            )
        finally:
            stop_processes(procs, [])
            telegram.stop()
            slack.stop()
