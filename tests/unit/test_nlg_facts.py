"""Responses that cite dated legal facts get them from bot/data/decisions.yml, in the
conversation's language, when Rasa speaks them (components/server/nlg.py)."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain

from components.server.nlg import TranslatingNLG
from tests.unit.conftest import ROOT


@pytest.fixture(scope="module")
def nlg() -> TranslatingNLG:
    return TranslatingNLG(domain=Domain.load(str(ROOT / "domain.yml")))


@pytest.mark.parametrize("language, words", [
    ("en", ("16 May 2024", "3 September 2024", "August 2023", "6 October 2025")),
    ("fr", ("16 mai 2024", "août 2023")),
    ("ja", ("2024年5月16日",)),
])
def test_enforcement_dates_come_from_the_decisions_data(nlg: TranslatingNLG, language: str,
                                                        words: tuple) -> None:
    text = nlg.generate_from_slots("utter_enforcement", {"language": language}, "rest")["text"]
    assert "{" not in text and all(w in text for w in words), text


def test_clearviews_size_is_images_dated_and_sourced(nlg: TranslatingNLG) -> None:
    text = nlg.generate_from_slots("utter_what_is_clearview", {"language": "en"}, "rest")["text"]
    assert "up to 60 billion images" in text and "2025" in text and "faces" not in text
