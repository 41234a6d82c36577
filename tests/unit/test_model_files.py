"""Loaded NLU models compute their TF-IDF weights once and predict exactly as before."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from components.nlu.model_files import FrozenIdfTransformer, freeze_idf

TEXTS = ["I want my data", "delete my photos", "what is clearview", "je veux mes données",
         "supprimez mes photos", "qu'est-ce que clearview", "ik wil mijn gegevens",
         "verwijder mijn foto's"]
LABELS = ["access", "erasure", "what", "access", "erasure", "what", "access", "erasure"]
NEW = ["give me my data please", "effacez tout", "wat is clearview ai?"]


def model() -> object:
    return make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
        LogisticRegression(max_iter=1000),
    ).fit(TEXTS, LABELS)


def transformers(fitted: object) -> list:
    union = fitted.steps[0][1]
    return [vectoriser._tfidf for _, vectoriser in union.transformer_list]


def test_frozen_model_predicts_the_same_and_sums_the_weights_once() -> None:
    plain, frozen = model(), model()
    assert all(type(t) is TfidfTransformer for t in transformers(frozen))
    before = transformers(plain)[1]
    assert before.idf_ is not before.idf_  # scikit-learn recomputes it on every read

    freeze_idf(frozen)

    for transformer in transformers(frozen):
        assert isinstance(transformer, FrozenIdfTransformer)
        assert transformer.idf_ is transformer.idf_
    np.testing.assert_array_equal(plain.predict_proba(NEW), frozen.predict_proba(NEW))
    np.testing.assert_array_equal(transformers(plain)[0].idf_, transformers(frozen)[0].idf_)


def test_setting_new_weights_is_not_hidden_by_the_cache() -> None:
    frozen = model()
    freeze_idf(frozen)
    transformer = transformers(frozen)[0]
    _ = transformer.idf_
    transformer.idf_ = np.ones_like(transformer.idf_)
    assert float(transformer.idf_.sum()) == transformer.idf_.shape[0]


def test_anything_else_is_left_alone() -> None:
    freeze_idf(None)
    freeze_idf({"not": "a model"})
    lone = TfidfVectorizer().fit(TEXTS)
    freeze_idf(lone)
    assert isinstance(lone._tfidf, FrozenIdfTransformer)
