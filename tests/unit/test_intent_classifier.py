"""TfidfSvmIntentClassifier: trained on the project's own English and Japanese examples,
persisted and loaded through Rasa's model storage, used the way the graph uses it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.nlu.intent_classifier import TfidfSvmIntentClassifier
from components.nlu.tokenizer import MultilingualTokenizer

ROOT = Path(__file__).resolve().parents[2]
TOKENIZER = MultilingualTokenizer(MultilingualTokenizer.get_default_config())
CONTEXT = ExecutionContext(GraphSchema({}), "test")


def training_data(*languages: str) -> TrainingData:
    parts = [RasaYAMLReader().read(path) for language in languages
             for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml"))]
    data = TrainingData().merge(*parts)
    TOKENIZER.process_training_data(data)
    return data


def message(text: str) -> Message:
    return TOKENIZER.process([Message(data={TEXT: text})])[0]


@pytest.fixture(scope="module")
def storage(tmp_path_factory: pytest.TempPathFactory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def data() -> TrainingData:
    return training_data("en", "ja")


@pytest.fixture(scope="module")
def trained(storage: LocalModelStorage, data: TrainingData) -> TfidfSvmIntentClassifier:
    classifier = TfidfSvmIntentClassifier.create(
        TfidfSvmIntentClassifier.get_default_config(), storage, Resource("intents"), CONTEXT)
    classifier.train(data)
    return classifier


def test_registered_as_a_trainable_intent_classifier() -> None:
    registered = DefaultV1Recipe._from_registry(
        "components.nlu.intent_classifier.TfidfSvmIntentClassifier")
    assert registered.clazz is TfidfSvmIntentClassifier
    assert DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER in registered.types
    assert registered.is_trainable


def test_learns_its_training_examples(trained: TfidfSvmIntentClassifier,
                                      data: TrainingData) -> None:
    examples = [e for e in data.intent_examples if e.get(TEXT)]
    messages = trained.process([message(e.get(TEXT)) for e in examples])
    right = sum(m.get(INTENT)["name"] == e.get(INTENT)
                for m, e in zip(messages, examples, strict=True))
    assert right / len(examples) > 0.95


@pytest.mark.parametrize(("text", "intent"), [
    ("I want to know what data Clearview has about me", "request_access"),
    ("please delete my photos", "request_erasure"),
    ("私のデータを削除してほしい", "request_erasure"),
    ("what's the weather tomorrow", "out_of_scope"),
])
def test_new_sentences(trained: TfidfSvmIntentClassifier, text: str, intent: str) -> None:
    assert trained.process([message(text)])[0].get(INTENT)["name"] == intent


def test_ranking_is_sorted_probabilities(trained: TfidfSvmIntentClassifier) -> None:
    result = trained.process([message("they never answered my letter")])[0]
    ranking = result.get(INTENT_RANKING_KEY)
    confidences = [r["confidence"] for r in ranking]
    assert len(ranking) == 10
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert result.get(INTENT) == ranking[0]
    assert ranking[0]["name"] == "no_response"


def test_unknown_words_read_as_a_form_answer(trained: TfidfSvmIntentClassifier) -> None:
    """Names are words the model never saw: an unknown word is an answer to the form
    (`inform`), which the form's validation then checks."""
    assert trained.process([message("Zbigniew Qorvath")])[0].get(INTENT)["name"] == "inform"


def test_probabilities_sum_to_one(storage: LocalModelStorage,
                                  trained: TfidfSvmIntentClassifier) -> None:
    everything = TfidfSvmIntentClassifier.load(
        {"ranking_length": 0}, storage, Resource("intents"), CONTEXT)
    ranking = everything.process([message("hmm, maybe")])[0].get(INTENT_RANKING_KEY)
    assert len(ranking) == len({e.get(INTENT) for e in training_data("en").intent_examples})
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_persisted_model_loads_with_the_same_answers(
        trained: TfidfSvmIntentClassifier, storage: LocalModelStorage) -> None:
    loaded = TfidfSvmIntentClassifier.load(
        {**TfidfSvmIntentClassifier.get_default_config(), "ranking_length": 3},
        storage, Resource("intents"), CONTEXT)
    text = "can I object to Clearview using my face?"
    before = trained.process([message(text)])[0].get(INTENT_RANKING_KEY)
    after = loaded.process([message(text)])[0].get(INTENT_RANKING_KEY)
    assert after == before[:3]


def test_message_without_text_is_left_alone(trained: TfidfSvmIntentClassifier) -> None:
    empty = Message(data={TEXT: ""})
    assert trained.process([empty])[0].get(INTENT) is None


def test_missing_model_loads_without_intents(tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        classifier = TfidfSvmIntentClassifier.load(
            {}, LocalModelStorage(tmp_path), Resource("nothing"), CONTEXT)
    assert "No trained intent classifier" in caplog.text
    assert classifier.process([message("hello")])[0].get(INTENT) is None


def test_one_intent_is_not_enough(tmp_path: Path) -> None:
    data = TrainingData([Message(data={TEXT: "hi", INTENT: "greet"}),
                         Message(data={TEXT: "hello", INTENT: "greet"})])
    TOKENIZER.process_training_data(data)
    classifier = TfidfSvmIntentClassifier.create(
        {}, LocalModelStorage(tmp_path), Resource("one"), CONTEXT)
    classifier.train(data)
    assert classifier.process([message("hi")])[0].get(INTENT) is None
