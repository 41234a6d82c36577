"""Telegram against a fake Bot API: the real Rasa and action servers, real update shapes.

The channel's pieces that need no server (off without a token, message splitting, long
button payloads) are tested first; then updates are posted to the running Rasa server's
webhook and the calls it makes to the fake Bot API are checked.
"""

from __future__ import annotations

import json
import random
from typing import Any, Dict, List

import pytest
import requests
from sqlalchemy import column, create_engine, select, table

from components.channels.base import split_message
from components.channels.files import download_token
from components.channels.telegram import CallbackPayloads, TelegramInput
from tests.integration.conftest import response
from tests.integration.fake_apis import (
    TELEGRAM_SECRET,
    Call,
    ChannelServers,
    telegram_callback_update,
    telegram_photo_update,
    telegram_text_update,
)

NO_FILES = response("utter_notice_no_files")
SLOW_DOWN = response("utter_notice_slow_down")

DOWNLOAD_PREFIX = "/webhooks/letters/download/"


# --- without servers -------------------------------------------------------------------------


def test_telegram_is_off_without_a_token_and_needs_a_secret_with_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("TELEGRAM_TOKEN", "TELEGRAM_SECRET", "TELEGRAM_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    channel = TelegramInput.from_credentials(None)
    assert isinstance(channel, TelegramInput) and not channel.enabled

    async def on_new_message(_: Any) -> None:
        raise AssertionError("never called")

    assert not channel.blueprint(on_new_message).routes  # no route, no call to Telegram
    monkeypatch.setenv("TELEGRAM_TOKEN", "123456:abc")
    with pytest.raises(Exception, match="TELEGRAM_SECRET"):
        TelegramInput.from_credentials({})
    monkeypatch.setenv("TELEGRAM_SECRET", "has spaces!")
    with pytest.raises(Exception, match="TELEGRAM_SECRET"):
        TelegramInput.from_credentials({})
    monkeypatch.setenv("TELEGRAM_SECRET", "good_secret-1")
    assert TelegramInput.from_credentials({}).enabled


def test_long_texts_are_split_at_paragraphs_below_4096_utf16_units() -> None:
    paragraph = "Article 15(1)(a) GDPR: the purposes of the processing. " * 20
    text = "\n\n".join([paragraph] * 8)
    parts = split_message(text)
    assert len(parts) > 1
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", "")
    emoji = split_message("😀" * 3000)  # two UTF-16 units each
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in emoji)
    assert split_message("short") == ["short"]


def test_button_payloads_over_64_bytes_travel_as_a_key() -> None:
    payloads = CallbackPayloads()
    short = '/inform{"id_method":"no_photo"}'
    assert payloads.data_for(short) == short
    long = '/inform{"public_links":"https://example.org/a/very/long/path/to/my/profile"}'
    data = payloads.data_for(long)
    assert len(data.encode()) <= 64 and payloads.payload_for(data) == long
    assert payloads.payload_for("#unknown") is None


def test_download_links_are_read_not_fetched() -> None:
    url = "https://chat.ngo.example/prefix/webhooks/letters/download/gAAAAB-x_y=/pdf"
    assert download_token(url) == ("gAAAAB-x_y=", "pdf")
    assert download_token("https://example.org/letter.pdf") is None


# --- against the running servers -------------------------------------------------------------


def _chat() -> int:
    return random.randint(10**8, 10**9)


def _sent(servers: ChannelServers, chat: int, method: str = "sendMessage") -> List[Call]:
    return servers.telegram.calls(method, chat_id=chat)


def _texts(calls: List[Call]) -> str:
    return "\n".join(str(c.params.get("text", "")) for c in calls)


def _keyboard_data(calls: List[Call]) -> List[str]:
    return [
        button["callback_data"]
        for c in calls
        for row in (c.params.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in row
    ]


def _post(servers: ChannelServers, update: Dict[str, Any]) -> None:
    reply = servers.post_telegram(update)
    assert reply.status_code == 200, reply.text


def _events(servers: ChannelServers, sender: str) -> List[Dict[str, Any]]:
    engine = create_engine(f"sqlite:///{servers.tracker_db}", future=True)
    events = table("events", column("sender_id"), column("data"))
    with engine.connect() as conn:
        rows = conn.execute(select(events.c.data).where(events.c.sender_id == sender)).all()
    engine.dispose()
    out = []
    for (data,) in rows:
        try:
            out.append(json.loads(data))
        except ValueError:  # a sealed event (components/server/tracker_store.py)
            out.append({"sealed": data})
    return out


def _all_event_data(servers: ChannelServers) -> str:
    engine = create_engine(f"sqlite:///{servers.tracker_db}", future=True)
    events = table("events", column("data"))
    with engine.connect() as conn:
        rows = conn.execute(select(events.c.data)).all()
    engine.dispose()
    return "\n".join(str(r[0]) for r in rows)


def test_the_webhook_is_registered_with_its_secret_at_start_up(
    channel_servers: ChannelServers,
) -> None:
    webhook = channel_servers.telegram.calls("setWebhook")
    assert len(webhook) == 1
    assert webhook[0].params["url"] == f"{channel_servers.rasa_url}/webhooks/telegram/webhook"
    assert webhook[0].params["secret_token"] == TELEGRAM_SECRET
    assert set(webhook[0].params["allowed_updates"]) == {"message", "callback_query"}
    assert channel_servers.telegram.calls("getMe")  # TELEGRAM_VERIFY checked once


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET + "x"])
def test_updates_without_the_right_secret_are_rejected(
    channel_servers: ChannelServers, secret: str | None
) -> None:
    chat = _chat()
    reply = channel_servers.post_telegram(telegram_text_update(chat, "/greet"), secret=secret)
    assert reply.status_code == 401
    assert not _sent(channel_servers, chat)
    assert not _events(channel_servers, str(chat))


def test_a_text_message_is_answered_in_its_chat_with_an_inline_keyboard(
    channel_servers: ChannelServers,
) -> None:
    chat = _chat()
    _post(channel_servers, telegram_text_update(chat, "Is my face in Clearview?"))
    sent = _sent(channel_servers, chat)
    assert sent, "no reply"
    assert "nobody can tell from the outside" in _texts(sent)
    assert "/request_access" in _keyboard_data(sent)
    for call in sent:
        assert int(call.params["chat_id"]) == chat
        assert len(call.params["text"]) <= 4096


def test_a_button_click_is_acknowledged_and_goes_to_rasa_as_its_payload(
    channel_servers: ChannelServers,
) -> None:
    chat = _chat()
    update = telegram_callback_update(chat, "/request_access")
    _post(channel_servers, update)
    answered = channel_servers.telegram.calls(
        "answerCallbackQuery", callback_query_id=update["callback_query"]["id"]
    )
    assert len(answered) == 1
    assert "In which country do you live?" in _texts(_sent(channel_servers, chat))


def test_the_telegram_language_reaches_the_conversation(channel_servers: ChannelServers) -> None:
    chat = _chat()
    _post(channel_servers, telegram_text_update(chat, "/greet", language="de"))
    assert _sent(channel_servers, chat)
    events = _events(channel_servers, str(chat))
    user = [e for e in events if e.get("event") == "user"]
    assert user and user[0]["metadata"]["language"] == "de"
    assert any(
        e.get("event") == "slot" and e.get("name") == "language" and e.get("value") == "de"
        for e in events
    )


def test_a_photo_is_refused_never_downloaded_and_never_reaches_rasa(
    channel_servers: ChannelServers,
) -> None:
    chat = _chat()
    update = telegram_photo_update(chat, "my selfie for the request", language="en")
    _post(channel_servers, update)
    _post(channel_servers, update)  # Telegram delivering the same update again
    sent = _sent(channel_servers, chat)
    assert [c.params["text"] for c in sent] == [NO_FILES]
    assert not channel_servers.telegram.calls("getFile")
    assert not channel_servers.telegram.calls("file")
    assert _events(channel_servers, str(chat)) == []
    stored = _all_event_data(channel_servers)
    assert "my selfie for the request" not in stored
    assert update["message"]["photo"][0]["file_id"] not in stored


def test_a_flood_gets_one_slow_down_reply_then_silence(channel_servers: ChannelServers) -> None:
    chat = _chat()
    for _ in range(13):  # burst 10 (RATE_LIMIT_BURST in fake_apis.channel_servers)
        _post(channel_servers, telegram_photo_update(chat, "again"))
    texts = [c.params["text"] for c in _sent(channel_servers, chat)]
    assert texts == [NO_FILES] * 10 + [SLOW_DOWN]


def test_the_access_letter_arrives_as_documents_and_never_as_links(
    channel_servers: ChannelServers,
) -> None:
    chat = _chat()
    fake = channel_servers.telegram

    def step(update: Dict[str, Any]) -> List[Call]:
        before = len(_sent(channel_servers, chat))
        _post(channel_servers, update)
        return _sent(channel_servers, chat)[before:]

    assert "In which country do you live?" in _texts(
        step(telegram_callback_update(chat, "/request_access"))
    )
    choices = step(telegram_text_update(chat, "France"))
    assert '/inform{"id_method":"no_photo"}' in _keyboard_data(choices)
    assert "What name should I put on the letter?" in _texts(
        step(telegram_callback_update(chat, '/inform{"id_method":"no_photo"}'))
    )
    assert "Which e-mail address" in _texts(step(telegram_text_update(chat, "Jane Doe")))
    summary = step(telegram_text_update(chat, "jane.doe@example.org"))
    assert "/affirm" in _keyboard_data(summary)
    assert "Jane Doe" in _texts(summary)

    letter = step(telegram_callback_update(chat, "/affirm"))
    text = _texts(letter)
    assert "Request for access to my personal data under Article 15 GDPR" in text
    assert "jane.doe@example.org" in text
    assert all(len(c.params["text"].encode("utf-16-le")) // 2 <= 4096 for c in letter)
    # The download links are never sent as text (a link preview would fetch the letter).
    assert DOWNLOAD_PREFIX not in _texts(_sent(channel_servers, chat))
    documents = fake.calls("sendDocument", chat_id=chat)
    assert documents, "no document sent"
    files = {c.files["document"][0]: c.files["document"][1] for c in documents}
    pdfs = [data for name, data in files.items() if name.endswith(".pdf")]
    assert len(pdfs) == 1 and pdfs[0].startswith(b"%PDF")
    assert b"Jane Doe" not in b"".join(name.encode() for name in files)  # names say nothing
    assert any(name.endswith(".eml") for name in files)
    assert all(c.params.get("caption") for c in documents)


def test_the_health_route_answers(channel_servers: ChannelServers) -> None:
    reply = requests.get(f"{channel_servers.rasa_url}/webhooks/telegram/", timeout=10)
    assert reply.status_code == 200
