"""Held-out NLU evaluation per language (make nlu-eval).

Parses every example of tests/nlu/<lang>/{heldout,fresh}.yml (never trained on) with a trained
model and reports, per language (both splits together, and macro-F1 per split): intent
accuracy, macro-F1, the worst confusions, how often the language detector named the right
language (and how often it stayed silent), how often the fallback asks back and how often
a confident answer is wrong, and a confusion-matrix picture. Writes results/nlu/report.json
and results/nlu/confusion_<lang>.png.

Usage: python scripts/nlu_eval.py [--model models/current.tar.gz] [--min-f1 0.93]
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

ROOT = Path(__file__).resolve().parents[1]
FALLBACK = "nlu_fallback"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


# tests/nlu/<lang>/<split>.yml: "heldout" was written with the first training data (and
# audited against data/nlu/INTENTS.md); "fresh" was written from INTENTS.md alone after the
# model and the training data were chosen. Both are reported, and their union.
SPLITS = ("heldout", "fresh")


def load_heldout(language: str) -> list[tuple[str, str, str]]:
    """(text, intent, split) of every held-out example of `language`."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    examples = []
    for name in SPLITS:
        path = ROOT / "tests" / "nlu" / language / f"{name}.yml"
        if path.exists():
            examples += [(m.get("text"), m.get("intent"), name)
                         for m in RasaYAMLReader().read(path).intent_examples]
    return examples


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not one debug line per parsed example
    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def confusion_picture(language: str, truth: list[str], predicted: list[str], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    labels = sorted(set(truth) | set(predicted))
    fig, ax = plt.subplots(figsize=(13, 13))
    ConfusionMatrixDisplay.from_predictions(
        truth, predicted, labels=labels, ax=ax, xticks_rotation="vertical", colorbar=False
    )
    ax.set_title(f"Held-out intents, {language} ({len(truth)} examples)")
    fig.tight_layout()
    fig.savefig(out, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    from sklearn.metrics import accuracy_score, f1_score

    from bot.i18n import SUPPORTED_LANGUAGES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "nlu")
    parser.add_argument("--min-f1", type=float, default=None,
                        help="exit 1 if any language's macro-F1 is below this")
    parser.add_argument("--languages", nargs="*", default=list(SUPPORTED_LANGUAGES))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    sets = {lang: examples for lang in args.languages if (examples := load_heldout(lang))}
    texts = [text for examples in sets.values() for text, _, _ in examples]
    parsed = asyncio.run(parse_all(args.model, texts))

    report: dict[str, Any] = {"model": str(args.model), "languages": {}}
    offset = 0
    print(f"{'lang':<5}{'n':>5}{'accuracy':>10}{'macro-F1':>10}"
          + "".join(f"{'F1 ' + name:>13}" for name in SPLITS)
          + f"{'lang-id':>9}{'silent':>8}{'clarify':>9}{'wrong':>7}")
    failed = False
    for lang, examples in sets.items():
        results = parsed[offset:offset + len(examples)]
        offset += len(examples)
        truth = [intent for _, intent, _ in examples]
        # The classifier's own choice; the fallback (low confidence) is reported separately.
        predicted = [
            next((i["name"] for i in r.get("intent_ranking", []) if i["name"] != FALLBACK),
                 r["intent"]["name"])
            for r in results
        ]
        fallback = sum(r["intent"]["name"] == FALLBACK for r in results) / len(results)
        # Answered with confidence (no clarifying question) and wrong: what the fallback misses.
        confident_wrong = sum(
            r["intent"]["name"] != FALLBACK and p != t
            for r, p, t in zip(results, predicted, truth, strict=True)) / len(results)
        detected = [
            next((e["value"] for e in r.get("entities", [])
                  if e["entity"] == "detected_language"), None)
            for r in results
        ]
        accuracy = accuracy_score(truth, predicted)
        macro_f1 = f1_score(truth, predicted, average="macro", zero_division=0)
        spoken = [d for d in detected if d is not None]
        lang_id = sum(d == lang for d in spoken) / len(spoken) if spoken else 0.0
        silent = detected.count(None) / len(detected)
        confusions = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
        splits = {}
        for name in SPLITS:
            pairs = [(t, p) for (_, _, s), t, p in zip(examples, truth, predicted, strict=True)
                     if s == name]
            if pairs:
                t_, p_ = zip(*pairs, strict=True)
                splits[name] = {
                    "examples": len(pairs),
                    "intent_accuracy": round(accuracy_score(t_, p_), 4),
                    "macro_f1": round(f1_score(t_, p_, average="macro", zero_division=0), 4),
                }
        report["languages"][lang] = {
            "examples": len(examples),
            "intent_accuracy": round(accuracy, 4),
            "macro_f1": round(macro_f1, 4),
            "language_id_accuracy_when_detected": round(lang_id, 4),
            "language_not_detected": round(silent, 4),
            "clarification_rate": round(fallback, 4),
            "confidently_wrong_rate": round(confident_wrong, 4),
            "splits": splits,
            "worst_confusions": [
                {"true": t, "predicted": p, "count": n} for (t, p), n in confusions.most_common(8)
            ],
        }
        confusion_picture(lang, truth, predicted, args.out / f"confusion_{lang}.png")
        print(f"{lang:<5}{len(examples):>5}{accuracy:>10.3f}{macro_f1:>10.3f}"
              + "".join(f"{splits[n]['macro_f1']:>13.3f}" if n in splits else f"{'-':>13}"
                        for n in SPLITS)
              + f"{lang_id:>9.3f}{silent:>8.2f}{fallback:>9.2f}{confident_wrong:>7.2f}")
        for (t, p), n in confusions.most_common(3):
            print(f"       {n} x {t} -> {p}")
        if args.min_f1 is not None and min(
                [macro_f1] + [v["macro_f1"] for v in splits.values()]) < args.min_f1:
            failed = True
    (args.out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"report: {args.out / 'report.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
