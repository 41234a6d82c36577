"""A trained scikit-learn model kept in Rasa's model storage, for our NLU components."""

from __future__ import annotations

import logging
from typing import Any

import joblib
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

logger = logging.getLogger(__name__)


def save_model(model: Any, storage: ModelStorage, resource: Resource, filename: str) -> None:
    """Write `model` into the component's resource (packed into the model archive)."""
    with storage.write_to(resource) as directory:
        joblib.dump(model, directory / filename)


def load_model(storage: ModelStorage, resource: Resource, filename: str,
               missing: str) -> Any | None:
    """The model saved by `save_model`, or None (logging `missing`) when there is none."""
    try:
        with storage.read_from(resource) as directory:
            model = joblib.load(directory / filename)
    except (ValueError, FileNotFoundError):
        logger.warning(missing)
        return None
    freeze_idf(model)
    return model


class FrozenIdfTransformer(TfidfTransformer):
    """A fitted `TfidfTransformer` that computes `idf_` once.

    scikit-learn 1.1 keeps the weights as a sparse diagonal and sums it into `idf_` again on
    every `transform` (its "is it fitted?" check reads the property): with our 40-50k
    n-gram vocabularies that was about 3 % of the Rasa server's CPU per message.
    """

    @property
    def idf_(self) -> Any:
        if "_frozen_idf" not in self.__dict__:
            self.__dict__["_frozen_idf"] = super().idf_
        return self.__dict__["_frozen_idf"]

    @idf_.setter
    def idf_(self, value: Any) -> None:
        self.__dict__.pop("_frozen_idf", None)
        TfidfTransformer.idf_.fset(self, value)  # type: ignore[attr-defined]


def freeze_idf(model: Any) -> None:
    """Make every fitted TF-IDF vectoriser inside `model` use `FrozenIdfTransformer` (done
    after loading, so the saved model stays plain scikit-learn)."""
    if not isinstance(model, BaseEstimator):
        return
    for estimator in [model, *model.get_params(deep=True).values()]:
        transformer = getattr(estimator, "_tfidf", None)
        if isinstance(estimator, TfidfVectorizer) and type(transformer) is TfidfTransformer:
            transformer.__class__ = FrozenIdfTransformer
