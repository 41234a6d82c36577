"""How well replies are recognised: the situation classifier (components/nlu/situations.py).

Trains on data/nlu/<lang>/situations.yml and scores, per language:
- `--cv`: 5-fold cross-validation on the training data (for development);
- otherwise the held-out set tests/nlu/<lang>/situations.yml, written from
  data/nlu/SITUATIONS.md by a writer who never saw the training data (measure it once per
  batch, before tuning anything to it).

Per language, out of the messages: exact (the situations found are exactly the labelled
ones), first (the most likely situation is one of the labelled ones; for a message about a
good reply: none found), asked (none found for a message that has one: the assistant asks
with buttons), wrong (a situation found that the message does not describe).

Usage: python scripts/situations_eval.py [--cv]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def training() -> tuple[list[str], list[list[str]], list[str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    from components.nlu.situations import situations_of_example

    texts, labels, languages = [], [], []
    for path in sorted((ROOT / "data" / "nlu").glob("*/situations.yml")):
        for example in load_data(str(path)).intent_examples:
            found = situations_of_example(example)
            if found is not None:
                texts.append(example.get("text"))
                labels.append(found)
                languages.append(path.parent.name)
    return texts, labels, languages


def heldout() -> dict[str, tuple[list[str], list[list[str]]]]:
    sets = {}
    for path in sorted((ROOT / "tests" / "nlu").glob("*/situations.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sets[data["language"]] = ([m["text"] for m in data["messages"]],
                                  [list(m["situations"]) for m in data["messages"]])
    return sets


def score(probabilities: np.ndarray, classes: list[str], truth: list[list[str]],
          config: dict, texts: list[str]) -> dict[str, float]:
    from components.nlu.situations import situations_in

    counts = defaultdict(int)
    for text, row, wanted in zip(texts, probabilities, truth, strict=True):
        chosen = situations_in(text, row, classes, config)
        found = set(chosen)
        top = chosen[0] if chosen else None
        counts["exact"] += found == set(wanted)
        counts["first"] += (top in wanted) if wanted else not found
        counts["asked"] += bool(wanted) and not found
        counts["wrong"] += bool(found - set(wanted))
    return {k: counts[k] / len(truth) for k in ("exact", "first", "asked", "wrong")}


def main() -> int:
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import MultiLabelBinarizer

    from components.nlu.embedder import embed
    from components.nlu.situations import SituationClassifier, pooled, situation_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--cv", action="store_true")
    args = parser.parse_args()
    config = SituationClassifier.get_default_config()
    texts, labels, languages = training()
    tokens = embed(texts)
    binarizer = MultiLabelBinarizer()
    targets = binarizer.fit_transform(labels)
    classes = list(binarizer.classes_)
    print(f"{len(texts)} training messages, {len(classes)} situations, {config}")
    results: dict[str, list[tuple[str, np.ndarray, list[str]]]] = defaultdict(list)
    if args.cv:
        for train, test in KFold(5, shuffle=True, random_state=0).split(tokens):
            model = situation_model(config).fit(tokens[train], targets[train])
            probabilities = pooled(model, classes, [texts[i] for i in test])
            for row, i in zip(probabilities, test, strict=True):
                results[languages[i]].append((texts[i], row, labels[i]))
    else:
        model = situation_model(config).fit(tokens, targets)
        for language, (eval_texts, truth) in heldout().items():
            rows = pooled(model, classes, eval_texts)
            for text, row, wanted in zip(eval_texts, rows, truth, strict=True):
                results[language].append((text, row, wanted))
    print("language  n  exact  first  asked  wrong")
    for language, rows in sorted(results.items()):
        s = score(np.array([r for _, r, _ in rows]), classes, [w for _, _, w in rows], config,
                  [t for t, _, _ in rows])
        print(f"{language}  {len(rows):4d}  {s['exact']:.3f}  {s['first']:.3f}  "
              f"{s['asked']:.3f}  {s['wrong']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
