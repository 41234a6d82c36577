"""The token buckets and the gate every channel passes messages through, with a fake clock."""

from __future__ import annotations

import asyncio
from typing import Any, List

import pytest
from rasa.core.channels.channel import UserMessage

from bot.settings import Limits, limits
from components.channels.base import Gate, Refusal, client_address, response_text
from components.channels.rate_limit import Decision, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_one_warning_then_silence_until_tokens_come_back() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=20, burst=10, clock=clock)
    assert [limiter.check("a") for _ in range(10)] == [Decision.ALLOW] * 10
    assert limiter.check("a") is Decision.WARN
    assert limiter.check("a") is Decision.DROP
    clock.now += 2.9  # 20 a minute: one token every 3 seconds
    assert limiter.check("a") is Decision.DROP
    clock.now += 0.2
    assert limiter.check("a") is Decision.ALLOW
    assert limiter.check("a") is Decision.WARN  # warned again after a pass
    clock.now += 60
    assert [limiter.check("a") for _ in range(3)] == [Decision.ALLOW] * 3


def test_senders_do_not_share_a_bucket_and_the_bucket_never_exceeds_the_burst() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    for _ in range(3):
        assert limiter.allow("a")
    assert not limiter.allow("a")
    assert limiter.allow("b")
    clock.now += 3600  # an hour idle refills to the burst, not to 60
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]


def test_idle_senders_are_forgotten_and_the_number_of_buckets_is_capped() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock, max_senders=100)
    for i in range(50):
        limiter.check(f"s{i}")
    assert len(limiter) == 50
    clock.now += 10  # every bucket is full again: nothing worth keeping
    limiter.check("new")
    assert len(limiter) == 1
    for i in range(500):
        limiter.check(f"t{i}")
    assert len(limiter) <= 101


def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "5")
    monkeypatch.setenv("RATE_LIMIT_BURST", "2")
    monkeypatch.setenv("RATE_LIMIT_PER_ADDRESS_MINUTE", "0")
    found = limits()
    assert (found.per_sender_minute, found.per_sender_burst) == (5.0, 2)
    assert found.per_address_minute == 0
    assert Limits().per_sender_minute == 20.0
    off = RateLimiter(0, 1)
    assert not off.enabled and all(off.allow("x") for _ in range(1000))
    monkeypatch.setenv("RATE_LIMIT_BURST", "many")
    with pytest.raises(ValueError, match="RATE_LIMIT_BURST"):
        limits()
    with pytest.raises(ValueError):
        RateLimiter(per_minute=10, burst=0)


def _gate(clock: Clock, **changes: float) -> Gate:
    base = dict(
        per_sender_minute=20, per_sender_burst=2, per_address_minute=0,
        new_conversations_minute=0, new_conversations_per_address_minute=0,
        message_chars=50,
    )
    return Gate("test", Limits(**{**base, **changes}), clock=clock)


def test_the_gate_limits_each_sender_and_tells_them_once() -> None:
    gate = _gate(Clock())
    seen = [asyncio.run(gate.admit("s1", "hi", None)) for _ in range(4)]
    assert seen == [None, None, Refusal.SLOW_DOWN, Refusal.SILENT]
    assert asyncio.run(gate.admit("s2", "hi", None)) is None


def test_rotating_sender_ids_from_one_address_hits_the_address_limit() -> None:
    gate = _gate(Clock(), per_address_minute=60, per_address_burst=3)
    seen = [asyncio.run(gate.admit(f"s{i}", "hi", "198.51.100.7")) for i in range(5)]
    assert seen == [None, None, None, Refusal.SLOW_DOWN, Refusal.SILENT]
    assert asyncio.run(gate.admit("other", "hi", "203.0.113.9")) is None


def test_new_conversations_are_limited_overall_and_per_address() -> None:
    clock = Clock()
    gate = _gate(clock, new_conversations_minute=60, new_conversations_burst=2)
    assert [asyncio.run(gate.admit(f"n{i}", "hi", None)) for i in range(4)] == [
        None, None, Refusal.BUSY, Refusal.SILENT]
    assert asyncio.run(gate.admit("n0", "hi again", None)) is None  # known: not new
    gate = _gate(clock, new_conversations_per_address_minute=60,
                 new_conversations_per_address_burst=1)
    assert asyncio.run(gate.admit("a", "hi", "198.51.100.7")) is None
    assert asyncio.run(gate.admit("b", "hi", "198.51.100.7")) is Refusal.BUSY
    assert asyncio.run(gate.admit("c", "hi", "203.0.113.9")) is None


def test_a_message_over_the_length_limit_is_refused_and_the_sender_stays_welcome() -> None:
    gate = _gate(Clock())
    assert asyncio.run(gate.admit("s", "x" * 51, None)) is Refusal.TOO_LONG
    assert asyncio.run(gate.admit("s", "x" * 50, None)) is None


def test_the_client_address_behind_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.2")
    assert client_address("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2") == "198.51.100.7"
    assert client_address("203.0.113.9", "198.51.100.7") == "203.0.113.9"  # not our proxy
    assert client_address("127.0.0.1", None) == "127.0.0.1"


class Output:
    def __init__(self) -> None:
        self.sent: List[tuple[str, str]] = []

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.sent.append((recipient_id, text))


def test_pass_on_answers_a_refusal_in_the_hinted_language_and_passes_the_rest() -> None:
    gate = _gate(Clock())
    passed: List[str] = []

    async def on_new_message(message: UserMessage) -> None:
        passed.append(message.sender_id)

    out = Output()

    async def run() -> None:
        for _ in range(4):
            await gate.pass_on(on_new_message, UserMessage("hi", out, "s1",
                                                           metadata={"language": "fr"}))
        await gate.pass_on(on_new_message, UserMessage("hi", out, "s2"))

    asyncio.run(run())
    assert passed == ["s1", "s1", "s2"]
    slow_down = response_text(None, "utter_notice_slow_down", "fr")
    assert out.sent == [("s1", slow_down)]
    assert slow_down.startswith("Vous envoyez")  # French, not the English msgid
