"""N simulated users at once, each one whole conversation over the REST channel.

Every user sends its next message as soon as the previous reply arrived (plus an optional
think time), so `users` conversations are always in flight: the latency is what a person
waits for an answer while `users` others are chatting. Latency is per message, from the
request being sent to the whole reply having arrived.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Sequence

import aiohttp

from bench.flows import Step


@dataclass
class Sample:
    user: int
    turn: int
    label: str
    seconds: float
    error: str | None = None


@dataclass
class LoadResult:
    target: str
    users: int
    turns: int
    think_seconds: float
    wall_seconds: float = 0.0
    samples: List[Sample] = field(default_factory=list)

    @property
    def errors(self) -> List[Sample]:
        return [s for s in self.samples if s.error]

    def summary(self) -> Dict[str, Any]:
        ok = sorted(s.seconds for s in self.samples if not s.error)
        every = sorted(s.seconds for s in self.samples)
        by_kind: Dict[str, int] = {}
        for s in self.errors:
            kind = s.error.split(":", 1)[0]
            by_kind[kind] = by_kind.get(kind, 0) + 1
        per_step: Dict[str, float] = {}
        for label in dict.fromkeys(s.label for s in self.samples):
            values = [s.seconds for s in self.samples if s.label == label]
            per_step[label] = round(statistics.median(values) * 1000, 1)
        return {
            "target": self.target,
            "users": self.users,
            "turns_per_user": self.turns,
            "think_seconds": self.think_seconds,
            "messages": len(self.samples),
            "errors": len(self.errors),
            "errors_by_kind": by_kind,
            "first_errors": [asdict(s) for s in self.errors[:5]],
            "wall_seconds": round(self.wall_seconds, 2),
            "messages_per_second": round(len(self.samples) / self.wall_seconds, 2)
            if self.wall_seconds else 0.0,
            "latency_ms": {
                "p50": _ms(percentile(every, 50)),
                "p95": _ms(percentile(every, 95)),
                "p99": _ms(percentile(every, 99)),
                "max": _ms(every[-1] if every else None),
                "mean": _ms(statistics.fmean(every) if every else None),
                "p95_ok_only": _ms(percentile(ok, 95)),
            },
            "median_ms_per_step": per_step,
        }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile of sorted `values` (None when empty)."""
    if not values:
        return None
    rank = max(1, min(len(values), int(-(-pct * len(values) // 100))))
    return values[rank - 1]


async def _user(session: aiohttp.ClientSession, url: str, index: int, steps: Sequence[Step],
                think: float, result: LoadResult, timeout: float, prefix: str) -> None:
    sender = f"{prefix}-{index}-{uuid.uuid4().hex[:8]}"
    rng = random.Random(index)
    for turn, (label, message, expected) in enumerate(steps):
        started = time.perf_counter()
        error = None
        try:
            async with session.post(
                url, json={"sender": sender, "message": message},
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as response:
                body = await response.json(content_type=None) if response.status == 200 \
                    else await response.text()
                status = response.status
            elapsed = time.perf_counter() - started
            if status != 200:
                error = f"http {status}: {str(body)[:120]}"
            elif not body:
                error = "empty reply: no message from the bot"
            elif expected is not None and not any(expected in (r.get("text") or "")
                                                  for r in body):
                texts = " | ".join((r.get("text") or "")[:80] for r in body)
                error = f"unexpected reply: wanted {expected!r}, got {texts!r}"
        except asyncio.TimeoutError:
            elapsed = time.perf_counter() - started
            error = f"timeout: after {timeout:.0f} s"
        except aiohttp.ClientError as exc:
            elapsed = time.perf_counter() - started
            error = f"connection: {exc!r}"[:200]
        result.samples.append(Sample(index, turn, label, elapsed, error))
        if think:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def run_load(rasa_url: str, steps: Sequence[Step], *, users: int, turns: int | None = None,
                   think: float = 0.0, target: str = "", timeout: float = 120.0,
                   ramp_seconds: float = 0.0) -> LoadResult:
    """`users` conversations at once (started within `ramp_seconds`); their samples."""
    steps = list(steps)[: turns or len(steps)]
    result = LoadResult(target=target, users=users, turns=len(steps), think_seconds=think)
    url = f"{rasa_url}/webhooks/rest/webhook"
    prefix = f"bench-{uuid.uuid4().hex[:6]}"
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def start(i: int) -> None:
            if ramp_seconds:
                await asyncio.sleep(ramp_seconds * i / users)
            await _user(session, url, i, steps, think, result, timeout, prefix)

        began = time.perf_counter()
        await asyncio.gather(*(start(i) for i in range(users)))
        result.wall_seconds = time.perf_counter() - began
    return result


async def one_message(rasa_url: str, message: str = "hello", sender: str | None = None,
                      timeout: float = 120.0) -> tuple[float, list]:
    """Send one message; (seconds, replies)."""
    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        async with session.post(f"{rasa_url}/webhooks/rest/webhook",
                                json={"sender": sender or f"bench-{uuid.uuid4().hex}",
                                      "message": message},
                                timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            response.raise_for_status()
            body = await response.json(content_type=None)
        return time.perf_counter() - started, body
