"""Slack against a fake Web API: the real Rasa and action servers, real event shapes.

Slack events are acknowledged at once and handled in the background (Slack retries after
three seconds), so the tests wait for the calls to arrive at the fake Web API.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Dict, List
from urllib.parse import urlencode

import pytest
from sqlalchemy import column, create_engine, select, table

from components.channels.slack import SlackInput, unwrap_slack_text
from components.channels.slack_output import SlackOutput, escape
from tests.integration.conftest import response
from tests.integration.fake_apis import (
    SLACK_BOT_USER,
    Call,
    ChannelServers,
    slack_block_actions,
    slack_dm,
    slack_file_share,
    slack_mention,
    slack_signature,
)

NO_FILES = response("utter_notice_no_files")

DOWNLOAD_PREFIX = "/webhooks/letters/download/"


# --- without servers -------------------------------------------------------------------------


def test_slack_is_off_without_settings_and_refuses_half_of_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("SLACK_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    channel = SlackInput.from_credentials(None)
    assert isinstance(channel, SlackInput) and not channel.enabled

    async def on_new_message(_: Any) -> None:
        raise AssertionError("never called")

    assert not channel.blueprint(on_new_message).routes
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-1")
    with pytest.raises(Exception, match="SLACK_SIGNING_SECRET"):
        SlackInput.from_credentials({})
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "abc")
    channel = SlackInput.from_credentials({})
    assert channel.enabled and channel.use_threads


def test_what_people_type_is_unwrapped_and_what_the_bot_says_is_escaped() -> None:
    typed = (f"<@{SLACK_BOT_USER}> my address is "
             "<mailto:jane.doe@example.org|jane.doe@example.org>, see <https://ngo.example/a>"
             " &amp; &lt;3")
    assert unwrap_slack_text(typed, [SLACK_BOT_USER]) == (
        "my address is jane.doe@example.org, see https://ngo.example/a & <3"
    )
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_buttons_become_block_kit_actions_of_at_most_25() -> None:
    buttons = [{"title": f"Choice {i}", "payload": f"/choice{{\"n\":{i}}}"} for i in range(30)]
    blocks = SlackOutput.blocks("Pick one", buttons)
    assert blocks[0] == {"type": "section",
                         "text": {"type": "plain_text", "text": "Pick one", "emoji": True}}
    assert [len(b["elements"]) for b in blocks[1:]] == [25, 5]
    first = blocks[1]["elements"][0]
    assert first["type"] == "button" and first["value"] == '/choice{"n":0}'
    assert len({e["action_id"] for b in blocks[1:] for e in b["elements"]}) == 30


# --- against the running servers -------------------------------------------------------------


def _user() -> str:
    return "U" + uuid.uuid4().hex[:10].upper()


def _dm_channel() -> str:
    return "D" + uuid.uuid4().hex[:10].upper()


def _posts(servers: ChannelServers, channel: str) -> List[Call]:
    return servers.slack.calls("chat.postMessage", channel=channel)


def _values(calls: List[Call]) -> List[str]:
    return [
        element["value"]
        for c in calls
        for block in c.params.get("blocks") or []
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def _text(calls: List[Call]) -> str:
    return "\n".join(str(c.params.get("text", "")) for c in calls)


def _wait_posts(
    servers: ChannelServers, channel: str, after: int, until: str, timeout: float = 90
) -> List[Call]:
    """The messages posted to `channel` after the first `after` once one contains `until`
    (in its text or a button value), and the turn has settled."""

    def new() -> List[Call]:
        return _posts(servers, channel)[after:]

    servers.slack.wait_for(
        lambda _: until in _text(new()) or until in _values(new()), timeout
    )
    time.sleep(1.0)  # the rest of the turn
    return new()


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
        except ValueError:
            out.append({"sealed": data})
    return out


def test_url_verification_is_answered_when_signed(channel_servers: ChannelServers) -> None:
    body = {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification"}
    reply = channel_servers.post_slack_event(body)
    assert reply.status_code == 200
    assert reply.json() == {"challenge": body["challenge"]}


def test_bad_missing_and_stale_signatures_get_401(channel_servers: ChannelServers) -> None:
    user, channel = _user(), _dm_channel()
    event = slack_dm(user, channel, "/greet")
    body = json.dumps(event).encode()
    now = int(time.time())
    bad = channel_servers.post_slack(body, "application/json", signature="v0=" + "0" * 64)
    assert bad.status_code == 401
    wrong_secret = channel_servers.post_slack(
        body, "application/json", signature=slack_signature(body, now, "another-secret"))
    assert wrong_secret.status_code == 401
    stale_ts = now - 6 * 60  # correctly signed, but older than five minutes
    stale = channel_servers.post_slack(
        body, "application/json", timestamp=stale_ts, signature=slack_signature(body, stale_ts))
    assert stale.status_code == 401
    future_ts = now + 6 * 60
    future = channel_servers.post_slack(
        body, "application/json", timestamp=future_ts,
        signature=slack_signature(body, future_ts))
    assert future.status_code == 401
    tampered = channel_servers.post_slack(
        body.replace(b"/greet", b"/forget_me"), "application/json",
        timestamp=now, signature=slack_signature(body, now))
    assert tampered.status_code == 401
    time.sleep(2)
    assert not _posts(channel_servers, channel)
    assert not _events(channel_servers, user)


def test_a_direct_message_is_answered_in_its_thread_with_block_kit_buttons(
    channel_servers: ChannelServers,
) -> None:
    user, channel = _user(), _dm_channel()
    event = slack_dm(user, channel, "Is my face in Clearview?")
    reply = channel_servers.post_slack_event(event)
    assert reply.status_code == 200
    posts = _wait_posts(channel_servers, channel, 0, "/request_access")
    assert "nobody can tell from the outside" in _text(posts)
    assert all(c.params.get("thread_ts") == event["event"]["ts"] for c in posts)
    with_buttons = [c for c in posts if c.params.get("blocks")]
    assert with_buttons[0].params["blocks"][0]["type"] == "section"
    assert any(b["type"] == "actions" for b in with_buttons[0].params["blocks"])


def test_a_mention_in_a_channel_is_answered_in_the_thread_of_the_mention(
    channel_servers: ChannelServers,
) -> None:
    user, channel = _user(), "C" + uuid.uuid4().hex[:10].upper()
    event = slack_mention(user, channel, "what is clearview ai?")
    assert channel_servers.post_slack_event(event).status_code == 200
    posts = _wait_posts(channel_servers, channel, 0, "biometric template")
    assert all(c.params.get("thread_ts") == event["event"]["ts"] for c in posts)
    user_events = [e for e in _events(channel_servers, user) if e.get("event") == "user"]
    assert user_events[0]["metadata"]["out_channel"] == channel


def test_a_button_click_goes_to_rasa_and_is_answered_in_the_same_thread(
    channel_servers: ChannelServers,
) -> None:
    user, channel = _user(), _dm_channel()
    thread = f"{int(time.time())}.000777"
    payload = slack_block_actions(user, channel, "/request_access", f"{int(time.time())}.1",
                                  thread)
    assert channel_servers.post_slack_action(payload).status_code == 200
    posts = _wait_posts(channel_servers, channel, 0, "In which country do you live?")
    assert all(c.params.get("thread_ts") == thread for c in posts)


def test_a_shared_file_is_refused_never_fetched_and_never_reaches_rasa(
    channel_servers: ChannelServers,
) -> None:
    user, channel = _user(), _dm_channel()
    event = slack_file_share(user, channel, channel_servers.slack.url)
    assert channel_servers.post_slack_event(event).status_code == 200
    assert channel_servers.post_slack_event(event).status_code == 200  # a retry: once only
    posts = _wait_posts(channel_servers, channel, 0, NO_FILES)
    time.sleep(1)
    posts = _posts(channel_servers, channel)
    assert [c.params["text"] for c in posts] == [NO_FILES]
    assert posts[0].params["thread_ts"] == event["event"]["ts"]
    assert not channel_servers.slack.calls("url_private")
    assert not channel_servers.slack.calls("files.info")
    assert _events(channel_servers, user) == []


def test_the_slack_locale_becomes_the_conversation_language(
    channel_servers: ChannelServers,
) -> None:
    user, channel = _user(), _dm_channel()
    channel_servers.slack.locales[user] = "fr-FR"
    assert channel_servers.post_slack_event(slack_dm(user, channel, "/greet")).status_code == 200
    channel_servers.slack.wait_for(lambda _: bool(_posts(channel_servers, channel)))
    time.sleep(1)
    assert channel_servers.slack.calls("users.info", user=user)
    events = _events(channel_servers, user)
    assert next(e for e in events if e.get("event") == "user")["metadata"]["language"] == "fr-FR"
    assert any(
        e.get("event") == "slot" and e.get("name") == "language" and e.get("value") == "fr"
        for e in events
    )


def test_the_access_letter_is_uploaded_as_files_in_the_thread(
    channel_servers: ChannelServers,
) -> None:
    user, channel = _user(), _dm_channel()
    first = slack_dm(user, channel, "/request_access")
    thread = first["event"]["ts"]
    count = 0

    def say(text: str, until: str) -> List[Call]:
        nonlocal count
        assert channel_servers.post_slack_event(
            slack_dm(user, channel, text, thread_ts=thread)
        ).status_code == 200
        posts = _wait_posts(channel_servers, channel, count, until)
        count += len(posts)
        return posts

    assert channel_servers.post_slack_event(first).status_code == 200
    count = len(_wait_posts(channel_servers, channel, 0, "In which country do you live?"))
    say("France", '/inform{"id_method":"no_photo"}')
    say('/inform{"id_method":"no_photo"}', "What name should I put on the letter?")
    say("Jane Doe", "Which e-mail address")
    # Slack turns a typed address into link markup; the channel unwraps it.
    summary = say("<mailto:jane.doe@example.org|jane.doe@example.org>", "/affirm")
    assert "jane.doe@example.org" in _text(summary)
    payload = slack_block_actions(user, channel, "/affirm", f"{int(time.time())}.5", thread)
    assert channel_servers.post_slack_action(payload).status_code == 200
    channel_servers.slack.wait_for(
        lambda calls: any(c.method == "files.completeUploadExternal"
                          and c.params.get("channel_id") == channel for c in calls),
        timeout=120,
    )
    time.sleep(1)
    letter = _posts(channel_servers, channel)[count:]
    assert "Request for access to my personal data under Article 15 GDPR" in _text(letter)
    assert DOWNLOAD_PREFIX not in _text(_posts(channel_servers, channel))
    complete = channel_servers.slack.calls("files.completeUploadExternal", channel_id=channel)
    assert len(complete) == 1 and complete[0].params["thread_ts"] == thread
    contents = [channel_servers.slack.uploaded(f["id"]) for f in complete[0].params["files"]]
    assert any(data.startswith(b"%PDF") for data in contents)
    names = [c.params["filename"] for c in channel_servers.slack.calls(
        "files.getUploadURLExternal") if c.params.get("filename")]
    assert any(n.endswith(".pdf") for n in names) and not any("Jane" in n for n in names)


def test_a_replayed_signed_request_is_not_processed_again(
    channel_servers: ChannelServers,
) -> None:
    """A signed click (no event_id) or event replayed within Slack's five minutes."""
    user, channel = _user(), _dm_channel()
    thread = f"{int(time.time())}.000888"
    payload = slack_block_actions(user, channel, "/ask_what_is_clearview",
                                  f"{int(time.time())}.2", thread)
    body = urlencode({"payload": json.dumps(payload)}).encode()
    ts = int(time.time())
    signature = slack_signature(body, ts)
    for _ in range(3):
        reply = channel_servers.post_slack(body, "application/x-www-form-urlencoded", ts,
                                           signature)
        assert reply.status_code == 200
    _wait_posts(channel_servers, channel, 0, "biometric")
    time.sleep(3)  # time for a second answer, if the replays were processed
    asked = [e for e in _events(channel_servers, user) if e.get("event") == "user"]
    assert len(asked) == 1, asked  # the conversation id is the Slack user ("sender")
