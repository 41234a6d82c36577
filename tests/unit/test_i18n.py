"""Language names people type, in every supported language, resolved to language codes."""

from __future__ import annotations

import pytest

from bot.i18n import resolve_language


@pytest.mark.parametrize(("text", "code"), [
    ("English", "en"), ("anglais", "en"), ("Engels", "en"), ("Englisch", "en"),
    ("英語", "en"), ("inglese", "en"), ("inglés", "en"),
    ("français", "fr"), ("francais", "fr"), ("FRANÇAIS", "fr"), ("Französisch", "fr"),
    ("フランス語", "fr"), ("néerlandais", "nl"), ("Nederlands", "nl"), ("neerlandés", "nl"),
    ("Deutsch", "de"), ("Duits", "de"), ("tedesco", "de"), ("日本語", "ja"),
    ("giapponese", "ja"), ("italiano", "it"), ("español", "es"), ("spagnolo", "es"),
    # everyday names that CLDR does not list
    ("holandés", "nl"), ("hollandais", "nl"), ("Vlaams", "nl"), ("Flemish", "nl"),
    ("castellano", "es"), ("nihongo", "ja"),
    # inside a sentence
    ("en holandés por favor", "nl"), ("parlons français", "fr"), ("日本語で", "ja"),
])
def test_language_names(text: str, code: str) -> None:
    assert resolve_language(text) == code


@pytest.mark.parametrize("text", [None, "", "ok", "Clearview", "klingon", "portugais",
                                  "français ou allemand"])
def test_no_single_supported_language(text: str | None) -> None:
    assert resolve_language(text) is None
