"""Rasa's CRFEntityExtractor, without changing the training data it is given.

`CRFEntityExtractor.train` writes BILOU tags into the training examples it receives. In
Rasa's training graph the other NLU components (intent classifier, synonym mapper, language
detector) receive the same objects, so their cache fingerprints depend on whether the CRF
happened to train before them: after any change elsewhere (a response's text, a story) the
fingerprints no longer match the cache and the whole NLU pipeline trains again. Measured:
a responses-only change retrained for 96 s of a 128 s cold training. This subclass trains
on a copy of each example's data, so nothing downstream sees the tags, and such a change
restores every NLU component from the cache (README "Performance and scaling").

The CRF only trains on examples that carry features (`Message.features_present`), so the
pipeline keeps a featurizer before it (`LexicalSyntacticFeaturizer` in config.yml).

Rasa's configuration check compares component classes by identity, so it is told here that
this class is a trainable entity extractor (otherwise every training warns that there is none).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.graph_components.validators import default_recipe_validator
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def detached_copy(training_data: TrainingData) -> TrainingData:
    """The same examples with their own data dictionaries (features and tokens shared)."""
    examples = [
        Message(data=m.data, output_properties=set(m.output_properties), time=m.time,
                features=list(m.features))  # Message copies `data`
        for m in training_data.training_examples
    ]
    return TrainingData(
        training_examples=examples,
        entity_synonyms=dict(training_data.entity_synonyms),
        regex_features=list(training_data.regex_features),  # sorted in place
        lookup_tables=list(training_data.lookup_tables),
        responses=dict(training_data.responses),
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class SideEffectFreeCRFEntityExtractor(CRFEntityExtractor):
    """`CRFEntityExtractor` that trains on a copy (see the module docstring)."""

    def train(self, training_data: TrainingData) -> Resource:
        return super().train(detached_copy(training_data))


if SideEffectFreeCRFEntityExtractor not in default_recipe_validator.TRAINABLE_EXTRACTORS:
    default_recipe_validator.TRAINABLE_EXTRACTORS.append(SideEffectFreeCRFEntityExtractor)
