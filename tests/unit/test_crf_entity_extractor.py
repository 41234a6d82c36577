"""SideEffectFreeCRFEntityExtractor learns entities and leaves its training data unchanged,
so Rasa's training cache keeps the rest of the NLU pipeline after a responses-only change."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.nlu.featurizers.sparse_featurizer.lexical_syntactic_featurizer import (
    LexicalSyntacticFeaturizer,
)
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.nlu.crf_entity_extractor import SideEffectFreeCRFEntityExtractor
from components.nlu.tokenizer import MultilingualTokenizer

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = ExecutionContext(GraphSchema({}), "test")
TOKENIZER = MultilingualTokenizer(MultilingualTokenizer.get_default_config())


@pytest.fixture()
def featurized(tmp_path: Path) -> tuple[TrainingData, LexicalSyntacticFeaturizer]:
    """The English form examples, tokenized and featurized as in the pipeline."""
    data = RasaYAMLReader().read(ROOT / "data" / "nlu" / "en" / "form.yml")
    TOKENIZER.process_training_data(data)
    featurizer = LexicalSyntacticFeaturizer.create(
        LexicalSyntacticFeaturizer.get_default_config(), LocalModelStorage(tmp_path),
        Resource("lexical"), CONTEXT)
    featurizer.train(data)
    featurizer.process_training_data(data)
    return data, featurizer


def extractor(cls: type, tmp_path: Path) -> CRFEntityExtractor:
    storage = tmp_path / cls.__name__
    storage.mkdir()
    return cls.create(cls.get_default_config(), LocalModelStorage(storage), Resource("crf"),
                      CONTEXT)


def test_training_leaves_the_data_unchanged(featurized, tmp_path: Path) -> None:
    data, _ = featurized
    before = data.fingerprint()
    extractor(SideEffectFreeCRFEntityExtractor, tmp_path).train(data)
    assert data.fingerprint() == before


def test_rasas_own_extractor_does_change_it(featurized, tmp_path: Path) -> None:
    """Why the subclass exists: if Rasa fixes this, the subclass can go."""
    data, _ = featurized
    before = data.fingerprint()
    extractor(CRFEntityExtractor, tmp_path).train(data)
    assert data.fingerprint() != before


def test_learns_the_entities(featurized, tmp_path: Path) -> None:
    data, featurizer = featurized
    crf = extractor(SideEffectFreeCRFEntityExtractor, tmp_path)
    crf.train(data)
    message = TOKENIZER.process([Message(data={TEXT: "I live in Portugal"})])[0]
    featurizer.process([message])
    entities = crf.process([message])[0].get(ENTITIES)
    assert [(e["entity"], e["value"]) for e in entities] == [("country", "Portugal")]


def test_rasas_configuration_check_knows_it_extracts_entities() -> None:
    """No "your configuration does not include an entity extractor" warning at training."""
    from rasa.graph_components.validators.default_recipe_validator import (
        TRAINABLE_EXTRACTORS,
    )

    assert SideEffectFreeCRFEntityExtractor in TRAINABLE_EXTRACTORS
