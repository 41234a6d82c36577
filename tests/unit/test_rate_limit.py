"""The per-sender token bucket and the channel wrapper, with a fake clock."""

from __future__ import annotations

import asyncio
from typing import Any, List

import pytest

from components.channels.rate_limit import (
    NO_FILES,
    SLOW_DOWN,
    Decision,
    RateLimiter,
    localized,
    rate_limited,
)


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


def test_configuration_from_the_environment() -> None:
    limiter = RateLimiter.from_env({"RATE_LIMIT_PER_MINUTE": "5", "RATE_LIMIT_BURST": "2"})
    assert (limiter.per_minute, limiter.burst) == (5.0, 2)
    assert RateLimiter.from_env({}).per_minute == 20.0
    off = RateLimiter.from_env({"RATE_LIMIT_PER_MINUTE": "0"})
    assert not off.enabled and all(off.allow("x") for _ in range(1000))
    with pytest.raises(ValueError):
        RateLimiter.from_env({"RATE_LIMIT_BURST": "many"})
    with pytest.raises(ValueError):
        RateLimiter(per_minute=10, burst=0)


class Output:
    def __init__(self) -> None:
        self.sent: List[tuple[str, str]] = []

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.sent.append((recipient_id, text))


class Message:
    def __init__(self, sender_id: str, output: Output, language: str | None = None) -> None:
        self.sender_id = sender_id
        self.output_channel = output
        self.metadata = {"language": language} if language else None


def test_the_wrapper_passes_allowed_messages_and_answers_the_first_refusal_only() -> None:
    clock = Clock()
    passed: List[str] = []

    async def on_new_message(message: Message) -> None:
        passed.append(message.sender_id)

    handler = rate_limited(on_new_message, RateLimiter(20, 2, clock=clock), "socketio")
    out = Output()

    async def run() -> None:
        for _ in range(5):
            await handler(Message("s1", out, "fr"))
        await handler(Message("s2", out))

    asyncio.run(run())
    assert passed == ["s1", "s1", "s2"]
    assert out.sent == [("s1", localized("fr", SLOW_DOWN))]
    assert out.sent[0][1] != SLOW_DOWN  # French, not the English msgid


def test_channel_texts_exist_in_every_supported_language() -> None:
    from bot.i18n import SUPPORTED_LANGUAGES

    for msgid in (SLOW_DOWN, NO_FILES):
        texts = {localized(lang, msgid) for lang in SUPPORTED_LANGUAGES}
        assert len(texts) == len(SUPPORTED_LANGUAGES)
        assert localized("pt-BR", msgid) == msgid  # unsupported: English
