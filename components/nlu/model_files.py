"""A trained scikit-learn model kept in Rasa's model storage, for our NLU components."""

from __future__ import annotations

import logging
from typing import Any

import joblib
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

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
    return model
