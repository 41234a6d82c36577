"""The lean scorer gives scikit-learn's probabilities, and leaves other models to scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

from components.nlu.linear_scoring import linear_scorer

TEXTS = ["I want my data", "give me a copy of my data", "delete my photos", "erase everything",
         "what is clearview", "who are they", "je veux mes données", "supprimez mes photos",
         "qu'est-ce que clearview", "ik wil mijn gegevens", "verwijder mijn foto's",
         "wat is clearview", "データを見せて", "写真を消して", "クリアビューとは"]
# An array: CalibratedClassifierCV counts each class's examples with `==`.
LABELS = np.array(["access", "access", "erasure", "erasure", "what", "what", "access", "erasure",
                   "what", "access", "erasure", "what", "access", "erasure", "what"])
# Unseen words, repeated n-grams, no known n-gram at all, empty, Japanese, accents.
NEW = ["give me my data please data data", "effacez tout", "wat is clearview ai?", "zzqx",
       "", "写真を全部消して", "Données personnelles", "!!!"]


def intent_shaped() -> object:
    """As components/nlu/intent_classifier.py builds it."""
    union = make_union(
        TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True,
                        lowercase=False),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                        min_df=1, lowercase=False))
    calibrated = CalibratedClassifierCV(LinearSVC(random_state=0), cv=2, ensemble=False)
    return make_pipeline(union, calibrated).fit(TEXTS, LABELS)


def language_shaped() -> object:
    """As components/nlu/language.py builds it."""
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=2000),
    ).fit(TEXTS, ["en"] * 6 + ["fr"] * 3 + ["nl"] * 3 + ["ja"] * 3)


@pytest.mark.parametrize("build", [intent_shaped, language_shaped])
def test_same_probabilities_as_scikit_learn(build) -> None:
    model = build()
    score = linear_scorer(model)
    for text in NEW + TEXTS:
        np.testing.assert_allclose(score(text), model.predict_proba([text])[0],
                                   rtol=1e-9, atol=1e-12, err_msg=text)


@pytest.mark.parametrize("build", [intent_shaped, language_shaped])
def test_the_scores_are_not_scikit_learns_own_call(build) -> None:
    """The point of the module: no `predict_proba` per message for the shapes it knows."""
    model = build()
    score = linear_scorer(model)
    expected = model.predict_proba(["supprimez mes photos"])[0]
    model.predict_proba = None  # would raise if called
    np.testing.assert_allclose(score("supprimez mes photos"), expected, rtol=1e-9)


@pytest.mark.parametrize("model", [
    make_pipeline(CountVectorizer(), LogisticRegression(max_iter=1000)),
    make_pipeline(TfidfVectorizer(), LogisticRegression(solver="liblinear")),
    make_pipeline(TfidfVectorizer(norm="l1"), LogisticRegression(max_iter=1000)),
    make_pipeline(TfidfVectorizer(), CalibratedClassifierCV(LinearSVC(), cv=2)),  # ensemble
])
def test_other_shapes_are_scored_by_scikit_learn(model) -> None:
    model.fit(TEXTS, LABELS)
    score = linear_scorer(model)
    for text in NEW:
        np.testing.assert_array_equal(score(text), model.predict_proba([text])[0])
