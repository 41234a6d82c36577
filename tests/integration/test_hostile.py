"""Hostile and unlucky input against the real servers: one message never stops the assistant.

- pathological and oversized messages are answered (or refused) in well under a second while
  another person keeps chatting;
- a message over the length limit gets a notice in the conversation's language and nothing
  of it is stored;
- the REST webhook takes only a JSON message and refuses everything else with a short JSON
  error (no stack trace, no shared conversation, no cross-site `text/plain` post);
- links a letter could not print are refused by the form, with a re-ask that says why;
- on a server with the deployed limits, rotating sender ids from one address does not give
  unlimited conversations.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.integration.conftest import (
    ServerProcesses,
    Servers,
    free_port,
    new_sender,
    response,
    server_env,
    texts,
)

FAST = 1.0  # seconds: "well under a second" for a refusal, and for a normal answer meanwhile
LIMIT = 4096  # bot.settings.Limits.message_chars

PATHOLOGICAL = {
    "3 kB of @": "@" * 3000,
    "4 kB of @": "@" * LIMIT,
    "dots": "." * LIMIT,
    "a@": "a@" * (LIMIT // 2),
    "a@.": "a@." * (LIMIT // 3),
    "one letter": "a" * LIMIT,
    "local parts": ("b" * 63 + "@") * (LIMIT // 64),
    "repeated country": "france " * (LIMIT // 7),
    "digits": "1 " * (LIMIT // 2),
    "20 kB of @ (too long)": "@" * 20_000,
    "50 kB of one letter (too long)": "a" * 50_000,
}


def post(servers: Servers, body: object, **headers: str) -> requests.Response:
    return requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=body if isinstance(body, (bytes, str)) else json.dumps(body),
        headers={"Content-Type": "application/json", **headers},
        timeout=60,
    )


def test_pathological_messages_are_answered_fast_while_another_person_chats(
    servers: Servers,
) -> None:
    chatting = new_sender()
    latencies: list[float] = []
    stop = threading.Event()

    def chat() -> None:
        questions = ["hello", "what is clearview?", "has clearview been fined?",
                     "what are my rights?", "do I have to send a photo?"]
        while not stop.is_set():
            for question in questions:
                started = time.perf_counter()
                assert servers.send(chatting, question), question
                latencies.append(time.perf_counter() - started)

    other = threading.Thread(target=chat, daemon=True)
    other.start()
    slow: dict[str, float] = {}
    try:
        time.sleep(0.5)
        for name, text in PATHOLOGICAL.items():
            started = time.perf_counter()
            reply = post(servers, {"sender": new_sender(), "message": text})
            elapsed = time.perf_counter() - started
            assert reply.status_code == 200, (name, reply.status_code)
            assert reply.json(), f"{name}: no answer at all"
            if elapsed > FAST:
                slow[name] = round(elapsed, 2)
        started = time.perf_counter()
        huge = post(servers, {"sender": new_sender(), "message": "@" * 1_000_000})
        assert huge.status_code == 413  # the body limit, before anything is parsed
        assert time.perf_counter() - started < FAST
    finally:
        stop.set()
        other.join(timeout=60)
    assert slow == {}, f"answered too slowly: {slow}"
    assert latencies and max(latencies) < FAST, sorted(latencies)[-5:]


def test_a_too_long_message_gets_a_notice_in_french_and_nothing_of_it_is_stored(
    servers: Servers,
) -> None:
    sender = new_sender()
    servers.send(sender, "bonjour, j'ai une question")
    assert texts(servers.send(sender, "/request_access")) == response("utter_ask_country", "fr")
    marker = uuid.uuid4().hex
    reply = servers.send(sender, (marker + " ") * 400)
    assert texts(reply) == response("utter_notice_too_long", "fr", max_chars=LIMIT)
    assert "4\u202f096" in texts(reply)  # written as French writes numbers
    # Nothing was lost: the form still waits for the country, and takes it.
    assert texts(servers.send(sender, "France")) == response("utter_ask_id_method", "fr")
    stored = b"".join(p.read_bytes() for p in servers.tracker_db.parent.glob("tracker.db*"))
    assert marker.encode() not in stored


def test_rest_takes_only_a_json_message_and_explains_what_is_wrong(servers: Servers) -> None:
    sender = new_sender()
    bad = [
        (415, "hello", {"Content-Type": "text/plain"}),  # a cross-site "simple" request
        (400, b"{not json", {}),
        (400, [{"sender": sender, "message": "hi"}], {}),
        (400, {"sender": sender, "message": 42}, {}),
        (400, {"sender": sender, "message": ["hi"]}, {}),
        (400, {"sender": sender, "message": "hi", "metadata": "fr"}, {}),
        (400, {"message": "hi"}, {}),  # no sender: never the shared "default" conversation
        (400, {"sender": "", "message": "hi"}, {}),
        (400, {"sender": "   ", "message": "hi"}, {}),
        (400, {"sender": 7, "message": "hi"}, {}),
        (400, b"", {}),
        (403, {"sender": sender, "message": "hi"}, {"Origin": "https://evil.example"}),
    ]
    for status, body, headers in bad:
        headers = {"Content-Type": "application/json", **headers}
        reply = requests.post(
            f"{servers.rasa_url}/webhooks/rest/webhook",
            data=body if isinstance(body, (bytes, str)) else json.dumps(body),
            headers=headers, timeout=30,
        )
        assert reply.status_code == status, (body, reply.status_code, reply.text)
        assert set(reply.json()) == {"error"}, reply.text
        assert "Traceback" not in reply.text
    allowed = post(servers, {"sender": sender, "message": "hello"},
                   Origin="http://localhost:8080")
    assert allowed.status_code == 200 and allowed.json()
    tracker = sqlite3.connect(servers.tracker_db)
    assert tracker.execute(
        "select count(*) from events where sender_id = 'default'").fetchone() == (0,)


def test_only_the_language_hint_of_the_metadata_is_stored(servers: Servers) -> None:
    sender = new_sender()
    secret = uuid.uuid4().hex
    reply = post(servers, {"sender": sender, "message": "hello",
                           "metadata": {"language": "de", "tracking": secret,
                                        "input_channel": "telegram"}})
    assert reply.status_code == 200
    stored = sqlite3.connect(servers.tracker_db).execute(
        "select data from events where sender_id = ? and type_name = 'user'", (sender,)
    ).fetchall()
    assert stored and secret not in stored[0][0]
    event = json.loads(stored[0][0])
    rasa_own = ("assistant_id", "model_id")  # added by Rasa itself
    assert {k: v for k, v in event["metadata"].items() if k not in rasa_own} == {"language": "de"}
    assert event["input_channel"] == "rest"


def test_links_a_letter_cannot_print_are_refused_with_a_reason(servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "/request_access")
    servers.send(sender, "France")
    asked = texts(servers.send(sender, '/inform{"id_method":"public_links"}'))
    assert asked == response("utter_ask_public_links")
    unusable = response("utter_unusable_public_links")
    # Letters refuse user@host links (one site could pose as another): so does the form.
    assert texts(servers.send(sender, "https://jane@photos.example/me.jpg")).startswith(unusable)
    six = " ".join(f"https://photos.example/{i}.jpg" for i in range(6))
    assert texts(servers.send(sender, six)).startswith(
        response("utter_too_many_public_links", max_links=5))
    # A link the letter can print is taken, and the form goes on.
    assert texts(servers.send(sender, "https://photos.example/jane.jpg")) == response(
        "utter_ask_full_name")
    for link in ("https://photos.example/" + "p" * 2100,  # longer than a letter prints
                 "https://[::1/me.jpg"):  # a malformed IPv6 host
        other = new_sender()
        for step in ("/request_access", "France", '/inform{"id_method":"public_links"}'):
            servers.send(other, step)
        assert texts(servers.send(other, link)).startswith(unusable), link


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Servers with the deployed limits, and a small allowance of new conversations."""
    work = tmp_path_factory.mktemp("limited")
    rasa_port, action_port = free_port(), free_port()
    log_dir = work / "logs"
    log_dir.mkdir()
    env = server_env(work, rasa_port, action_port, "limits@ngo.test",
                     RATE_LIMIT_PER_MINUTE="20", RATE_LIMIT_PER_ADDRESS_MINUTE="120",
                     RATE_LIMIT_NEW_CONVERSATIONS_MINUTE="60",
                     RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS_MINUTE="1",
                     RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS_BURST="3")
    processes = ServerProcesses(env, rasa_port, action_port, log_dir)
    processes.start()
    try:
        yield Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}",
                      Path(env["TRACKER_DB"]), "limits@ngo.test", log_dir)
    finally:
        processes.stop()


def test_rotating_sender_ids_from_one_address_does_not_open_endless_conversations(
    limited: Servers,
) -> None:
    busy = response("utter_notice_busy")
    answers = [texts(limited.send(new_sender(), "hello")) for _ in range(5)]
    assert all(busy not in a for a in answers[:3]), answers[:3]
    assert answers[3] == busy and answers[4] == ""  # told once, then ignored
    # Another person behind the same trusted proxy has their own allowance.
    reply = requests.post(
        f"{limited.rasa_url}/webhooks/rest/webhook",
        json={"sender": new_sender(), "message": "hello"},
        headers={"X-Forwarded-For": "198.51.100.23"}, timeout=30,
    ).json()
    assert reply and busy not in texts(reply)
    stored = sqlite3.connect(limited.tracker_db).execute(
        "select count(distinct sender_id) from events").fetchone()[0]
    assert stored == 4  # the refused ones left nothing behind
