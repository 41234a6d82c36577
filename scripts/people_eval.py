"""How well the assistant understands messages written the way people write to a help line.

tests/nlu/<lang>/people_<batch>.yml were written from data/nlu/INTENTS.md alone, by writers
who never saw the training data (long story-like messages, several facts, slang, typos,
code-switching). For each language this reports, out of all messages:

- right on the first try: the intent the writer meant, confidently enough to act on it;
- asked back: the fallback's "did you mean ...?" (below the confidence threshold);
- confidently wrong: another intent, acted on;

and, for the facts the writers noted (`facts:`), how often the assistant reads them
(`bot.facts.read_facts`). Batch `a` is the development set (look at its errors); batches `b`
to `g` were each measured once before anything was tuned to them, and `c` to `e` then
became development sets too; nothing was tuned to `f` or `g` (README "Messages as people
write them" has the figures).

Usage: python scripts/people_eval.py [--batch a] [--model models/current.tar.gz] [--errors N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FALLBACK = "nlu_fallback"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def load(batch: str) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for path in sorted((ROOT / "tests" / "nlu").glob(f"*/people_{batch}.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["language"]] = data["examples"]
    return found


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", default="a")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--errors", type=int, default=0, help="print N errors per language")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    sets = load(args.batch)
    texts = [e["text"] for examples in sets.values() for e in examples]
    parsed = iter(asyncio.run(parse_all(args.model, texts)))
    report: dict[str, Any] = {}
    print(f"people_{args.batch}: language, n, right first try, asked back, confidently wrong")
    for language, examples in sets.items():
        counts: Counter[str] = Counter()
        errors: list[str] = []
        confusions: Counter[tuple[str, str]] = Counter()
        for example in examples:
            result = next(parsed)
            predicted = result["intent"]["name"]
            if predicted == FALLBACK:
                counts["asked_back"] += 1
                ranked = [r["name"] for r in result.get("intent_ranking", [])
                          if r["name"] != FALLBACK]
                counts["asked_back_right_first"] += bool(ranked and ranked[0] == example["intent"])
            elif predicted == example["intent"]:
                counts["right"] += 1
            else:
                counts["wrong"] += 1
                confusions[(example["intent"], predicted)] += 1
                errors.append(f"  {example['intent']} -> {predicted}: {example['text'][:110]}")
        n = len(examples)
        row = {k: round(counts[k] / n, 3) for k in ("right", "asked_back", "wrong")}
        row["n"] = n
        row["top_confusions"] = [f"{a}->{b} ({c})" for (a, b), c in confusions.most_common(5)]
        report[language] = row
        print(f"{language}  {n:4d}  {row['right']:.3f}  {row['asked_back']:.3f}  "
              f"{row['wrong']:.3f}   {', '.join(row['top_confusions'][:3])}")
        for line in errors[: args.errors]:
            print(line)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
