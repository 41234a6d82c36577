"""Capacity: messages per second with no pause between a user's messages (saturation).

One round is the users' whole flow, all at once, with no think time (300 messages in 7-13 s).
Rounds of the same build differ by up to 20 % on this shared machine, and its speed drifts
within minutes (another tenant's load): the stock assistant alone measured 23-34 msg/s in
five runs of one day. So when both assistants are measured, their rounds alternate (ours,
stock, ours, stock, ...) with both servers up, and each reports its median round: the two
medians saw the same machine, and their ratio is what `make bench` compares.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any, Callable, Dict, List, Sequence, Tuple

from bench.load import run_load
from bench.servers import Running

Log = Callable[[str], None]
Entry = Tuple[str, Running, Sequence[Any]]  # label, servers, flow


def one_round(running: Running, steps: Sequence[Any], args: argparse.Namespace,
              label: str, log: Log) -> Dict[str, Any]:
    """The users with no pause; throughput, latency and the servers' CPU per message."""
    cpu_before = running.cpu()
    flat_out = asyncio.run(run_load(running.rasa_url, steps, users=args.users,
                                    turns=args.turns, think=0.0, target=label))
    cpu_after = running.cpu()
    sat = flat_out.summary()
    found = {k: sat[k] for k in ("messages", "errors", "messages_per_second", "latency_ms",
                                 "wall_seconds")}
    found["cpu_ms_per_message"] = {
        k: round((cpu_after[k] - cpu_before[k]) * 1000 / max(1, sat["messages"]), 1)
        for k in cpu_after}
    log(f"{label}: saturation {sat['messages_per_second']} msg/s, "
        f"p95 {sat['latency_ms']['p95']} ms, {sat['errors']} errors")
    return found


def median_round(rounds: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The round of median throughput; an error in any round counts."""
    ordered = sorted(rounds, key=lambda r: r["messages_per_second"])
    median = dict(ordered[len(ordered) // 2])
    median["errors"] = sum(r["errors"] for r in rounds)
    median["rounds_messages_per_second"] = [r["messages_per_second"] for r in rounds]
    median["rounds_rasa_cpu_ms_per_message"] = [r["cpu_ms_per_message"]["rasa"]
                                                for r in rounds]
    return median


def alternating(entries: List[Entry], args: argparse.Namespace,
                log: Log) -> Dict[str, Dict[str, Any]]:
    """`--saturation-rounds` rounds of each entry, the entries taking turns; per label the
    median round (one entry: simply its rounds one after another)."""
    rounds: Dict[str, List[Dict[str, Any]]] = {label: [] for label, _, _ in entries}
    for number in range(1, args.saturation_rounds + 1):
        for label, running, steps in entries:
            log(f"{label}: saturation {number}/{args.saturation_rounds}, {args.users} users "
                "with no pause between messages")
            rounds[label].append(one_round(running, steps, args, label, log))
    found = {label: median_round(done) for label, done in rounds.items()}
    for summary in found.values():
        summary["alternating_with"] = [label for label, _, _ in entries]
    return found
