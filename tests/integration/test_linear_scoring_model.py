"""On the trained model, the lean scorer gives scikit-learn's probabilities for every message
of an independent held-out batch, in all seven languages (components/nlu/linear_scoring.py)."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import List

import joblib
import numpy as np
import pytest
import yaml

from components.nlu.linear_scoring import linear_scorer
from tests.integration.conftest import MODEL, ROOT

MODEL_FILES = ("intent_classifier.joblib", "language_classifier.joblib")


def held_out_texts() -> List[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "nlu").glob("*/people_g.yml")):
        texts += [e["text"] for e in yaml.safe_load(path.read_text())["examples"]]
    return texts


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it)")
    out: Path = tmp_path_factory.mktemp("model")
    found = {}
    with tarfile.open(MODEL) as archive:
        for member in archive.getmembers():
            name = Path(member.name).name
            if name in MODEL_FILES:
                archive.extract(member, out)
                found[name] = joblib.load(out / member.name)
    assert set(found) == set(MODEL_FILES)
    return found


@pytest.mark.parametrize("filename", MODEL_FILES)
def test_trained_model_scores_as_scikit_learn(trained: dict, filename: str) -> None:
    model = trained[filename]
    score = linear_scorer(model)
    texts = held_out_texts()
    assert len(texts) > 1500
    expected = model.predict_proba(texts)
    for text, row in zip(texts, expected, strict=True):
        np.testing.assert_allclose(score(text), row, rtol=1e-9, atol=1e-12, err_msg=text)
