"""Which language a message is written in, and which language a person asks for.

A Rasa NLU component, placed after the entity extractors. It

- turns `language` entities ("français", "Duits", "日本語") into language codes with Babel's
  names (`bot.i18n.resolve_language`) and drops those that name no supported language;
- adds a `detected_language` entity when the message is clearly in one supported language.
  The classifier is a character n-gram logistic regression trained, with the NLU model, on
  the training examples themselves: each intent block of `data/nlu/<lang>/` carries
  `metadata: {language: <lang>}`. So it knows this domain's words ("RGPD", "AVG", "DSGVO")
  and needs no download. A message is scored from the fitted model's numbers
  (`components/nlu/linear_scoring.py`). Short or ambiguous messages ("ok", "Clearview",
  "ja") give no entity, so the session language does not flip on them; Japanese script is
  decisive.

The `language` slot maps from both entities (domain.yml), so the switch happens in the
Rasa server before any response is rendered.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from bot.i18n import SUPPORTED_LANGUAGES, resolve_language
from bot.patterns import CASE_REFERENCE_RE, EMAIL_LIKE_RE, URL_RE
from components.nlu.linear_scoring import linear_scorer
from components.nlu.model_files import load_model, save_model

logger = logging.getLogger(__name__)

LANGUAGE_ENTITY = "language"
DETECTED_ENTITY = "detected_language"
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
# Removed before detection: they say nothing about the language of the sentence.
NOISE_RE = re.compile(
    "|".join((EMAIL_LIKE_RE.pattern, URL_RE.pattern, CASE_REFERENCE_RE.pattern,
              r"\bclearview(?: ai)?\b")),
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[^\W\d_]{2,}")
MODEL_FILE = "language_classifier.joblib"


def language_of_example(message: Message) -> str | None:
    """The language a training example was written in (its intent block's metadata)."""
    metadata = message.get(METADATA) or {}
    for level in ("example", "intent"):
        value = (metadata.get(level) or {}).get("language")
        if value in SUPPORTED_LANGUAGES:
            return value
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True
)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    """Normalises `language` entities and adds `detected_language` (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # Probability the classifier needs, by number of words in the message.
            "min_confidence_one_word": 0.9,
            "min_confidence": 0.7,
            "min_japanese_characters": 2,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Pipeline | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._classifier = classifier
        self._score = linear_scorer(classifier) if classifier is not None else None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        classifier = load_model(model_storage, resource, MODEL_FILE,
                                "No trained language classifier; language detection is off.")
        return cls(config, model_storage, resource, classifier)

    # --- training -----------------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = [], []
        for example in training_data.intent_examples:
            language = language_of_example(example)
            text = clean(example.get(TEXT) or "")
            if language and text:
                texts.append(text)
                labels.append(language)
        if len(set(labels)) < 2:
            logger.warning("Fewer than two languages in the training data: no detection.")
            return self._resource
        self._classifier = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True,
                            lowercase=True, strip_accents=None),
            LogisticRegression(C=10.0, max_iter=2000),
        )
        self._classifier.fit(texts, labels)
        self._score = linear_scorer(self._classifier)
        save_model(self._classifier, self._storage, self._resource, MODEL_FILE)
        return self._resource

    # --- inference ----------------------------------------------------------------------------

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != DETECTED_ENTITY]
            entities = self._normalise_language_entities(entities)
            detected = self.detect(message.get(TEXT) or "")
            if detected is not None:
                code, confidence = detected
                entities += self.add_extractor_name([{
                    "entity": DETECTED_ENTITY,
                    "value": code,
                    "start": 0,
                    "end": len(message.get(TEXT) or ""),
                    "confidence": confidence,
                }])
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    @staticmethod
    def _normalise_language_entities(entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        out = []
        for entity in entities:
            if entity.get("entity") != LANGUAGE_ENTITY:
                out.append(entity)
                continue
            value = str(entity.get("value") or "")
            code = value if value in SUPPORTED_LANGUAGES else resolve_language(value)
            if code is not None:
                out.append({**entity, "value": code})
        return out

    def detect(self, text: str) -> tuple[str, float] | None:
        """`(language, confidence)` when `text` is clearly in one language, else None."""
        if len(JAPANESE_RE.findall(text)) >= self._config["min_japanese_characters"]:
            return "ja", 1.0
        cleaned = clean(text)
        words = WORD_RE.findall(cleaned)
        if not words or self._classifier is None or self._score is None:
            return None
        probabilities = self._score(cleaned)
        best = int(probabilities.argmax())
        confidence = float(probabilities[best])
        needed = (
            self._config["min_confidence_one_word"] if len(words) == 1
            else self._config["min_confidence"]
        )
        if confidence < needed:
            return None
        return str(self._classifier.classes_[best]), confidence


def clean(text: str) -> str:
    """The words that tell a language: without addresses, links, references, "Clearview"."""
    return " ".join(NOISE_RE.sub(" ", text).split())
