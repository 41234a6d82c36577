"""The training and held-out data of every language: complete, labelled, and kept apart."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.i18n import SUPPORTED_LANGUAGES
from components.nlu.language import language_of_example

ROOT = Path(__file__).resolve().parents[2]
MIN_TRAINING_EXAMPLES = 25
MIN_HELDOUT_EXAMPLES = 12
# tests/nlu/<lang>/<split>.yml: "heldout", written with the first training data; "fresh",
# written from data/nlu/INTENTS.md alone after the model and the data were chosen.
SPLITS = ("heldout", "fresh")


@cache
def domain_intents() -> list[str]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]


@cache
def training(language: str):
    examples = []
    for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
        examples += RasaYAMLReader().read(path).intent_examples
    return examples


@cache
def split(language: str, name: str):
    return RasaYAMLReader().read(ROOT / "tests" / "nlu" / language / f"{name}.yml").intent_examples


def heldout(language: str):
    return [m for name in SPLITS for m in split(language, name)]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_intent_has_enough_training_examples(language: str) -> None:
    train = Counter(m.get("intent") for m in training(language))
    thin = {i: train[i] for i in domain_intents() if train[i] < MIN_TRAINING_EXAMPLES}
    assert not thin, f"{language}: fewer than {MIN_TRAINING_EXAMPLES} examples: {thin}"
    assert set(train) <= set(domain_intents())


@pytest.mark.parametrize("name", SPLITS)
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_heldout_split_covers_every_intent(language: str, name: str) -> None:
    held = Counter(m.get("intent") for m in split(language, name))
    missing = {i: held[i] for i in domain_intents() if held[i] < MIN_HELDOUT_EXAMPLES}
    assert not missing, f"{language} {name}: fewer than {MIN_HELDOUT_EXAMPLES}: {missing}"
    assert set(held) <= set(domain_intents())


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_heldout_examples_are_never_trained_on(language: str) -> None:
    trained = {m.get("text").casefold().strip() for lang in SUPPORTED_LANGUAGES
               for m in training(lang)}
    leaked = [m.get("text") for m in heldout(language)
              if m.get("text").casefold().strip() in trained]
    assert not leaked, f"{language}: held-out examples also in training: {leaked[:10]}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_example_is_labelled_with_its_language(language: str) -> None:
    """`make nlu-tag` labels blocks; a few examples may carry another language on purpose."""
    labels = Counter(language_of_example(m) for m in training(language))
    assert None not in labels, f"{language}: run `make nlu-tag`"
    assert labels[language] / sum(labels.values()) > 0.97


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_situation_heldout_messages_are_never_trained_on(language: str) -> None:
    """tests/nlu/<lang>/situations.yml measures components/nlu/situations.py."""
    trained = {m.get("text").casefold().strip() for lang in SUPPORTED_LANGUAGES
               for m in training(lang)}
    path = ROOT / "tests" / "nlu" / language / "situations.yml"
    held = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    leaked = [m["text"] for m in held if m["text"].casefold().strip() in trained]
    assert not leaked, f"{language}: situation held-out messages in training: {leaked[:10]}"
