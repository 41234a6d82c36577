"""Probabilities of a fitted TF-IDF + linear classifier for one message, without
scikit-learn's per-call machinery.

Why: on one message, `Pipeline.predict_proba` took about 2 ms for the intent classifier and
about 1.8 ms for the language detector, of which the arithmetic is under 0.1 ms; the rest is
input validation, `FeatureUnion`'s joblib dispatch, sparse-matrix bookkeeping and the
calibration's label encoding, repeated for every message. Together that was about a tenth of
the Rasa server's CPU per message in `make bench`.

`linear_scorer(model)` reads the fitted vocabulary, IDF weights, coefficients and calibration
out of the model once and computes the same probabilities (the n-grams come from the
vectoriser's own analyzer, so the text is cut exactly as in training). The saved model stays
plain scikit-learn and training is unchanged. A model of another shape than those below is
scored by scikit-learn itself, so a new configuration is slower, never wrong.

Understood shapes (`Pipeline` of):
- a `TfidfVectorizer`, or a `FeatureUnion` of them (no weights), then
- a multinomial `LogisticRegression` (softmax of the linear scores), or a
  `CalibratedClassifierCV(ensemble=False, method="sigmoid")` over a linear model with more
  than two classes (one Platt sigmoid per class, normalised to sum to one).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, List, Tuple

import numpy as np
from scipy.special import expit, softmax
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

logger = logging.getLogger(__name__)

Scorer = Callable[[str], np.ndarray]


class _Unsupported(Exception):
    """The model is not one of the shapes this module scores itself."""


class TfidfRow:
    """One fitted `TfidfVectorizer` as a function from a text to its non-zero features."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        if vectorizer.binary or not vectorizer.use_idf or vectorizer.norm not in ("l2", None):
            raise _Unsupported("TF-IDF options other than idf with l2 or no norm")
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary = vectorizer.vocabulary_
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._sublinear = vectorizer.sublinear_tf
        self._l2 = vectorizer.norm == "l2"
        self._offset = offset
        self.size = len(self._vocabulary)

    def features(self, text: str) -> Tuple[np.ndarray, np.ndarray]:
        """Column indices (shifted by this vectoriser's place in a union) and weights."""
        counts: dict = {}
        vocabulary = self._vocabulary
        for gram in self._analyze(text):
            column = vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        weights = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self._sublinear:
            weights = np.log(weights) + 1.0
        weights *= self._idf[columns]
        if self._l2 and len(weights):
            norm = np.sqrt(np.dot(weights, weights))
            if norm > 0:
                weights /= norm
        return columns + self._offset, weights


def _rows(features: Any) -> List[TfidfRow]:
    if isinstance(features, TfidfVectorizer):
        return [TfidfRow(features, 0)]
    if not isinstance(features, FeatureUnion) or features.transformer_weights:
        raise _Unsupported(f"features {type(features).__name__}")
    rows, offset = [], 0
    for _name, vectorizer in features.transformer_list:
        if vectorizer == "drop":
            continue
        if not isinstance(vectorizer, TfidfVectorizer):
            raise _Unsupported(f"a {type(vectorizer).__name__} in the union")
        rows.append(TfidfRow(vectorizer, offset))
        offset += rows[-1].size
    return rows


def _linear_part(estimator: Any) -> Tuple[np.ndarray, np.ndarray]:
    coef, intercept = getattr(estimator, "coef_", None), getattr(estimator, "intercept_", None)
    if coef is None or intercept is None or np.ndim(coef) != 2:
        raise _Unsupported(f"estimator {type(estimator).__name__}")
    return np.asarray(coef), np.asarray(intercept, dtype=np.float64)


def _probabilities(classifier: Any) -> Callable[[np.ndarray], np.ndarray]:
    """From the linear scores of one message to the classifier's `predict_proba` row."""
    if isinstance(classifier, LogisticRegression):
        multinomial = classifier.multi_class == "multinomial" or (
            classifier.multi_class == "auto" and classifier.solver != "liblinear")
        if not multinomial or len(classifier.classes_) < 3:
            raise _Unsupported("a logistic regression that is not multinomial")
        return softmax
    if isinstance(classifier, CalibratedClassifierCV):
        calibrated = classifier.calibrated_classifiers_
        if (len(calibrated) != 1 or classifier.method != "sigmoid"
                or len(classifier.classes_) < 3
                or list(calibrated[0].base_estimator.classes_) != list(classifier.classes_)):
            raise _Unsupported("a calibration other than one sigmoid per class")
        slopes = np.array([c.a_ for c in calibrated[0].calibrators], dtype=np.float64)
        offsets = np.array([c.b_ for c in calibrated[0].calibrators], dtype=np.float64)
        uniform = 1.0 / len(classifier.classes_)

        def calibrate(scores: np.ndarray) -> np.ndarray:
            proba = expit(-(slopes * scores + offsets))
            total = proba.sum()
            if total == 0:
                return np.full_like(proba, uniform)
            proba /= total
            proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
            return proba

        return calibrate
    raise _Unsupported(f"classifier {type(classifier).__name__}")


def _estimator_of(classifier: Any) -> Any:
    if isinstance(classifier, CalibratedClassifierCV):
        return classifier.calibrated_classifiers_[0].base_estimator
    return classifier


def linear_scorer(model: Any) -> Scorer:
    """A function from one text to `model.predict_proba([text])[0]` (see the module
    docstring); scikit-learn's own `predict_proba` for a model of another shape."""
    try:
        if not isinstance(model, Pipeline) or len(model.steps) != 2:
            raise _Unsupported(f"model {type(model).__name__}")
        features, classifier = model.steps[0][1], model.steps[1][1]
        rows = _rows(features)
        coef, intercept = _linear_part(_estimator_of(classifier))
        if coef.shape[1] != sum(row.size for row in rows):
            raise _Unsupported("coefficients and vocabulary differ in size")
        to_probabilities = _probabilities(classifier)
    except _Unsupported as why:
        logger.info("Scoring %s with scikit-learn (%s).", type(model).__name__, why)
        return lambda text: model.predict_proba([text])[0]

    def score(text: str) -> np.ndarray:
        scores = intercept.copy()
        for row in rows:
            columns, weights = row.features(text)
            if len(columns):
                scores += coef[:, columns] @ weights
        return to_probabilities(scores)

    return score
