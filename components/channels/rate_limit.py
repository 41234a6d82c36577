"""Per-sender rate limiting for the chat channels, and the short texts channels say themselves.

A token bucket per sender: each message takes one token; a sender holds at most `burst`
tokens and gets `per_minute` new ones a minute. Someone typing normally never notices it; a
script flooding the assistant (every message runs the NLU model, actions and often a PDF)
is told once to slow down and then ignored until its bucket refills, without any call to
Rasa. Buckets live in memory, per process, and only as long as they matter: a full bucket
is the same as no bucket, so idle senders are forgotten (and at most `max_senders` are kept).

Settings (environment): `RATE_LIMIT_PER_MINUTE` (default 20; 0 turns limiting off) and
`RATE_LIMIT_BURST` (default 10).

Any Rasa input channel can use it by wrapping the `on_new_message` callback it gets in
`blueprint()`::

    from components.channels.rate_limit import RateLimiter, rate_limited

    def blueprint(self, on_new_message):
        on_new_message = rate_limited(on_new_message, RateLimiter.from_env(), "socketio")
        ...

The wrapper answers a throttled message through the message's own output channel (so the
REST channel returns the "slow down" text as its reply) and never passes it on.

The texts here are gettext msgids (`bot.i18n`); until the catalogs have them, a fixed
translation in this module is used so that nobody gets English by surprise.
"""

from __future__ import annotations

import enum
import logging
import os
import threading
import time
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict

from bot.i18n import _, gettext, normalize_language

logger = logging.getLogger(__name__)

PER_MINUTE_ENV = "RATE_LIMIT_PER_MINUTE"
BURST_ENV = "RATE_LIMIT_BURST"
DEFAULT_PER_MINUTE = 20.0
DEFAULT_BURST = 10
DEFAULT_MAX_SENDERS = 100_000

SLOW_DOWN = _(
    "You are sending messages faster than I can answer them. Please wait a minute, then "
    "write again."
)
NO_FILES = _(
    "I never take photos or files, so I did not open or keep what you sent: nothing was "
    "stored. Please write your message as text."
)
FILE_FAILED = _(
    "I could not make this file. Please ask me to write the letter again."
)

def localized(language: str | None, msgid: str) -> str:
    """`msgid` in `language`, from the gettext catalogs."""
    return gettext(normalize_language(language), msgid)


class Decision(enum.Enum):
    """What to do with one message."""

    ALLOW = "allow"  # pass it on
    WARN = "warn"  # the first message over the limit: say "slow down", do not pass it on
    DROP = "drop"  # still over the limit and already told: ignore it silently


class RateLimiter:
    """Token buckets keyed by sender id; thread-safe; `clock` is injectable for tests."""

    def __init__(
        self,
        per_minute: float = DEFAULT_PER_MINUTE,
        burst: int = DEFAULT_BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_senders: int = DEFAULT_MAX_SENDERS,
    ) -> None:
        if per_minute < 0 or burst < 1 or max_senders < 1:
            raise ValueError("per_minute must be >= 0, burst and max_senders >= 1")
        self.per_minute = float(per_minute)
        self.burst = int(burst)
        self.max_senders = max_senders
        self._clock = clock
        self._lock = threading.Lock()
        # sender -> (tokens, time of last update, already warned while empty)
        self._buckets: OrderedDict[str, tuple[float, float, bool]] = OrderedDict()

    @classmethod
    def from_env(cls, environ: Dict[str, str] | None = None, **kwargs: Any) -> RateLimiter:
        """A limiter configured by $RATE_LIMIT_PER_MINUTE and $RATE_LIMIT_BURST."""
        env = os.environ if environ is None else environ
        try:
            per_minute = float(env.get(PER_MINUTE_ENV) or DEFAULT_PER_MINUTE)
            burst = int(env.get(BURST_ENV) or DEFAULT_BURST)
        except ValueError:
            raise ValueError(
                f"${PER_MINUTE_ENV} and ${BURST_ENV} must be numbers (e.g. 20 and 10)"
            ) from None
        return cls(per_minute, burst, **kwargs)

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def __len__(self) -> int:
        return len(self._buckets)

    def __bool__(self) -> bool:  # an empty limiter is still a limiter (`limiter or ...`)
        return True

    def check(self, sender: str) -> Decision:
        """Take a token for `sender` if there is one; say what to do with the message."""
        if not self.enabled:
            return Decision.ALLOW
        now = self._clock()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last, warned = self._buckets.pop(sender, (float(self.burst), now, False))
            tokens = min(float(self.burst), tokens + max(0.0, now - last) * rate)
            if tokens >= 1.0:
                tokens, warned, decision = tokens - 1.0, False, Decision.ALLOW
            else:
                decision = Decision.DROP if warned else Decision.WARN
                warned = True
            self._buckets[sender] = (tokens, now, warned)
            self._forget_idle(now, rate)
        return decision

    def allow(self, sender: str) -> bool:
        """Whether the message may go on (a convenience over `check`)."""
        return self.check(sender) is Decision.ALLOW

    def _forget_idle(self, now: float, rate: float) -> None:
        """Drop the buckets that have refilled (oldest first), and the oldest beyond the cap."""
        while self._buckets:
            sender, (tokens, last, _warned) = next(iter(self._buckets.items()))
            full = tokens + (now - last) * rate >= self.burst
            if not full and len(self._buckets) <= self.max_senders:
                break
            del self._buckets[sender]


def rate_limited(
    on_new_message: Callable[[Any], Awaitable[Any]],
    limiter: RateLimiter | None = None,
    channel: str = "",
) -> Callable[[Any], Awaitable[Any]]:
    """Wrap a channel's `on_new_message`: throttled messages get `SLOW_DOWN` and stop here.

    The bucket key is `channel:sender_id`. The reply goes through the message's output
    channel in the language of the message's metadata (`{"language": ...}`), if any.
    """
    limiter = RateLimiter.from_env() if limiter is None else limiter

    async def handler(message: Any) -> Any:
        decision = limiter.check(f"{channel}:{message.sender_id}")
        if decision is Decision.ALLOW:
            return await on_new_message(message)
        logger.info("A %s sender is over the rate limit; message not processed.",
                    channel or "chat")
        if decision is Decision.WARN and message.output_channel is not None:
            language = (message.metadata or {}).get("language")
            await message.output_channel.send_text_message(
                message.sender_id, localized(language, SLOW_DOWN)
            )
        return None

    return handler
