"""Token buckets: how often one key (a sender, an address, "everybody") may do something.

Each event takes one token; a key holds at most `burst` tokens and gets `per_minute` new ones
a minute. Someone typing normally never notices; a script flooding the assistant (every
message runs the NLU model, actions and often a PDF) is told once to slow down and then
ignored until its bucket refills, without any call to Rasa. Buckets live in memory, per
process, and only as long as they matter: a full bucket is the same as no bucket, so idle
keys are forgotten (and at most `max_senders` are kept). `components.channels.base.Gate`
combines the buckets every channel uses.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import OrderedDict
from typing import Callable

DEFAULT_MAX_SENDERS = 100_000


class Decision(enum.Enum):
    """What to do with one message."""

    ALLOW = "allow"  # pass it on
    WARN = "warn"  # the first message over the limit: say "slow down", do not pass it on
    DROP = "drop"  # still over the limit and already told: ignore it silently


class RateLimiter:
    """Token buckets keyed by sender id; thread-safe; `clock` is injectable for tests."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
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
