"""What went wrong with a request, recognised from the person's own words.

"They want my passport", "ils demandent un délai supplémentaire", "Auskunft nur für ein
Jahr": a person who comes back after Clearview answered describes the reply, and the
follow-up letter depends on which of the situations of `data/nlu/SITUATIONS.md` it is (one
message may describe several). One logistic regression per situation on multilingual
sentence embeddings (components/nlu/embedder.py), trained on the examples of
`data/nlu/<lang>/situations.yml`, which carry their situations as example metadata: what one
language's writers taught helps the six others. Measured by 5-fold cross-validation on the
training messages, embeddings found the right situation first for 84 % of messages, TF-IDF
n-grams for 50 % (scripts/situations_eval.py; README has the held-out figures).

It adds a `situation` entity for the most likely situation when it is likely enough, and for
any other that is very likely (a message may describe two), in messages about a reply (the
intents in `REPLY_INTENTS`). Otherwise the form asks, with buttons as the shortcut.

A long story tells of the reply in one clause ("…and the translator says they want 25
dollars") that the whole message drowns, so each clause is scored too (`pooled`). On the
situation sets of tests/nlu (measured once on the whole message before, then used to choose
this), right first went from 0.78 to 0.86 on average, asked back from 0.18 to 0.08, a
situation not described from 0.04 to 0.07 (README "Messages as people write them").
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from bot.facts import situations_said
from bot.patterns import clauses
from components.nlu.embedder import embed, warm
from components.nlu.model_files import load_model, save_model

logger = logging.getLogger(__name__)

MODEL_FILE = "situation_classifier.joblib"
ENTITY = "situation"
# Messages that may describe a reply. Not `inform`: form answers are most messages, and an
# embedding costs about 30 ms; a reply described in answer to the form's question is
# classified as one of these.
REPLY_INTENTS = frozenset({"report_problem", "no_response", "file_complaint",
                           "answer_received", "check_case"})


def situations_of_example(message: Message) -> List[str] | None:
    """The situations a training example is labelled with, or None if it has no label."""
    found = ((message.get(METADATA) or {}).get("example") or {}).get("situations")
    return [str(s) for s in found] if isinstance(found, list) else None


def situation_model(config: Dict[str, Any]) -> OneVsRestClassifier:
    """The classifier on embeddings, unfitted (also used by scripts/situations_eval.py)."""
    return OneVsRestClassifier(LogisticRegression(C=config["C"], max_iter=3000))


# A situation no clause can show: "nothing came back" is said of the whole story, and a clause
# about sending the request reads like it.
WHOLE_MESSAGE_ONLY = ("no_answer",)


def pooled(model: Any, labels: List[str], texts: List[str]) -> np.ndarray:
    """Each situation's probability per message: the whole message's, raised halfway to its
    most telling clause's where that is higher."""
    parts = [clauses(text) for text in texts]
    flat = [part for found in parts for part in found]
    rows = np.atleast_2d(model.predict_proba(embed(texts + flat)))
    whole, rest = rows[:len(texts)], rows[len(texts):]
    masked = [labels.index(label) for label in WHOLE_MESSAGE_ONLY if label in labels]
    out = whole.copy()
    start = 0
    for i, found in enumerate(parts):
        if found:
            best = rest[start:start + len(found)].max(axis=0)
            best[masked] = 0.0
            out[i] = np.maximum(whole[i], (whole[i] + best) / 2)
            start += len(found)
    return out


def decide(scores: np.ndarray, labels: List[str], config: Dict[str, Any]) -> List[str]:
    """The situations a message describes: the most likely one if likely enough, and any
    other that is very likely."""
    order = np.argsort(-scores)
    if scores[order[0]] < config["threshold"]:
        return []
    return [labels[order[0]]] + [labels[i] for i in order[1:]
                                 if scores[i] >= config["second_threshold"]]


def situations_in(text: str, scores: np.ndarray, labels: List[str],
                  config: Dict[str, Any]) -> List[str]:
    """What the component reports for one message: the classifier's decision, and any
    situation the message names in so many words (`bot.facts.situations_said`)."""
    found = decide(scores, labels, config)
    return found + [s for s in situations_said(text) if s in labels and s not in found]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class SituationClassifier(GraphComponent, EntityExtractorMixin):
    """Adds `situation` entities (see the module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Chosen by cross-validation on the training messages (scripts/situations_eval.py
        # --cv): 4 % of messages get a situation they do not describe, 12 % are asked.
        return {"C": 30.0, "threshold": 0.4, "second_threshold": 0.8}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource, model: Dict[str, Any] | None = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SituationClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SituationClassifier:
        model = load_model(model_storage, resource, MODEL_FILE,
                           "No trained situation classifier; replies are asked with buttons.")
        if model is not None:
            warm()
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        labelled = [(e, situations_of_example(e)) for e in training_data.intent_examples]
        labelled = [(e, s) for e, s in labelled if s is not None and e.get(TEXT)]
        if len({s for _, labels in labelled for s in labels}) < 2:
            logger.warning("Fewer than two situations in the training data: none recognised.")
            return self._resource
        binarizer = MultiLabelBinarizer()
        targets = binarizer.fit_transform([labels for _, labels in labelled])
        model = situation_model(self._config)
        model.fit(embed([e.get(TEXT) for e, _ in labelled]), targets)
        self._model = {"model": model, "labels": list(binarizer.classes_)}
        save_model(self._model, self._storage, self._resource, MODEL_FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        todo = [m for m in messages if m.get(TEXT) and not m.get(TEXT).startswith("/")
                and (m.get(INTENT) or {}).get("name") in REPLY_INTENTS]
        if not todo:
            return messages
        labels = self._model["labels"]
        scores = pooled(self._model["model"], labels, [m.get(TEXT) for m in todo])
        for message, row in zip(todo, scores, strict=True):
            found = [{"entity": ENTITY, "value": label,
                      "confidence": float(row[labels.index(label)]),
                      "start": 0, "end": len(message.get(TEXT))}
                     for label in situations_in(message.get(TEXT), row, labels,
                                                self._config)]
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, entities + self.add_extractor_name(found),
                        add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
