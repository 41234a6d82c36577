"""The facts of every message as entities, so they fill the request's slots whenever given.

A Rasa NLU component, after the intent classifier (it reads the intent: a country counts
without "I live in" only in a message that asks for a letter) and before the fallback
classifier (a fact given in a message the classifier is unsure about is still kept). The
reading itself is `bot.facts.read_facts`; domain.yml maps each entity to its slot with no
condition, and the request form validates the value like a typed answer.

Nothing is trained: the cues are data (`bot/data/cues.yml`) and the places come from Babel
and GeoNames.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.cities import warm
from bot.facts import Facts, read_facts

# The entity each fact becomes (domain.yml `entities`, each with influence_conversation: false).
FACT_ENTITIES = {
    "place": "place",
    "name": "person_name",
    "email": "email",
    "case_ref": "case_ref",
    "sent_date": "sent_on",
    "reply_date": "replied_on",
    "arrived_date": "arrived_on",
    "reasons_given": "reasons",
    "sent_how": "sent_how",
    "original_request": "original_request",
    "id_method": "id_method",
    "restart": "restart",
    "affirmation": "affirmation",
}


def fact_entities(facts: Facts, text: str) -> List[Dict[str, Any]]:
    """One entity per fact found, spanning the message (a fact may be spread over it)."""
    found = []
    for field, entity in FACT_ENTITIES.items():
        value = getattr(facts, field)
        if value in (None, False):
            continue
        if hasattr(value, "code"):
            value = value.code
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is True:
            value = "yes"
        found.append({"entity": entity, "value": value, "start": 0, "end": len(text),
                      "confidence": 1.0})
    return found


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class FactExtractor(GraphComponent, EntityExtractorMixin):
    """Adds the facts of each message as entities (see the module docstring)."""

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> FactExtractor:
        warm()  # the city index is built at start, not during someone's first message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue  # a button's payload carries its own entities
            intent = (message.get(INTENT) or {}).get("name")
            facts = self.add_extractor_name(fact_entities(read_facts(text, intent), text))
            # The CRF may also have found a reference: one value per entity is enough, and a
            # "reference" that is none (the CRF guesses from context) is dropped.
            taken = {e["entity"] for e in facts} | {"case_ref"}
            kept = [e for e in message.get(ENTITIES, []) if e.get("entity") not in taken]
            message.set(ENTITIES, kept + facts, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
