"""Place recognition and the place -> regime mapping that decides which letter is offered."""

from __future__ import annotations

import pytest

from bot.jurisdictions import (
    SUPPORTED_LANGUAGES,
    Place,
    country_name,
    get_jurisdiction,
    jurisdiction_for,
    resolve_place,
)

EU_EEA = [
    *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
    *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
    *("IS", "LI", "NO"),  # EEA
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live in France", Place("FR")),
        ("france", Place("FR")),
        ("Belgique", Place("BE")),
        ("België", Place("BE")),
        ("Belgie", Place("BE")),  # typed without the diaeresis
        ("ベルギー", Place("BE")),
        ("ベルギーに住んでいます", Place("BE")),
        ("Deutschland", Place("DE")),
        ("the UK", Place("GB")),
        ("England", Place("GB", "GB-ENG")),
        ("Scotland", Place("GB", "GB-SCT")),
        ("Northern Ireland", Place("GB", "GB-NIR")),
        ("USA", Place("US")),
        ("I live in the US.", Place("US")),
        ("Holland", Place("NL")),
        ("Chicago, Illinois", Place("US", "US-IL")),
        ("California", Place("US", "US-CA")),
        ("Los Angeles, California, USA", Place("US", "US-CA")),
        ("FR", Place("FR")),
        ("DE", Place("DE")),
        ("  FR. ", Place("FR")),
        ("ÖSTERREICH", Place("AT")),
        ("Polska", Place("PL")),  # endonym of an EU country
        ("Ελλάδα", Place("GR")),
        ("Spagna", Place("ES")),  # Italian name while chatting in English
        ("Países Bajos", Place("NL")),
        ("Bosnia and Herzegovina", Place("BA")),
        ("Guinea-Bissau", Place("GW")),  # longest name wins over "Guinea"
        ("インドネシア", Place("ID")),  # not "インド" (India) inside it
        ("Sydney, New South Wales", Place("AU")),  # not Wales
        ("New Jersey", Place("US")),  # not Jersey
        ("Texas", Place("US")),
        ("日本", Place("JP")),
    ],
)
def test_resolve_place_examples(text: str, expected: Place) -> None:
    assert resolve_place(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "business",
        "I run a small business",
        "Tell us more about yourself",
        "hello",
        "",
        "I'd rather not say",
        "South America",  # a continent, not the US
        "fr",  # bare codes count only in capitals: "no", "it", "be" are words
        "no",
        "it",
        "from France to Germany",  # two countries: ask again
        "Atlanta, Georgia, USA",  # Georgia the state vs the country: ambiguous
        "XX",
        "EU",  # a grouping, not a country
    ],
)
def test_resolve_place_unknown_or_ambiguous(text: str) -> None:
    assert resolve_place(text) is None


def test_language_does_not_limit_names() -> None:
    for language in SUPPORTED_LANGUAGES:
        assert resolve_place("Belgique", language) == Place("BE")
        assert resolve_place("ドイツ", language) == Place("DE")


def test_two_letter_capital_alias_needs_capitals_inside_text() -> None:
    assert resolve_place("we moved to the US") == Place("US")
    assert resolve_place("help us please") is None
    assert resolve_place("us") == Place("US")  # the whole message


def test_place_normalises_uk_and_case() -> None:
    assert Place("uk") == Place("GB")
    assert Place("us", "il") == Place("US", "US-IL")
    with pytest.raises(ValueError, match="does not belong"):
        Place("FR", "US-IL")
    with pytest.raises(ValueError, match="alpha-2"):
        Place("FRA")


@pytest.mark.parametrize("country", EU_EEA)
def test_eu_and_eea_countries_map_to_gdpr(country: str) -> None:
    jurisdiction = jurisdiction_for(Place(country))
    assert jurisdiction.code == "EU"
    assert jurisdiction.law_short == "GDPR"
    assert jurisdiction.letter_supported


@pytest.mark.parametrize(
    ("place", "code"),
    [
        (Place("GB"), "UK"),
        (Place("UK"), "UK"),
        (Place("GB", "GB-SCT"), "UK"),
        (Place("CH"), "CH"),
        (Place("JP"), "JP"),
        (Place("AU"), "AU"),
        (Place("CA"), "CA"),
        (Place("US", "US-CA"), "US-CA"),
        (Place("US", "US-IL"), "US-IL"),
        (Place("US"), "OTHER"),
        (Place("US", "US-TX"), "OTHER"),
        (Place("BR"), "BR"),
        (Place("TR"), "OTHER"),
    ],
)
def test_jurisdiction_for(place: Place, code: str) -> None:
    assert jurisdiction_for(place).code == code


def test_letters_where_a_law_gives_rights() -> None:
    codes = ["EU", "UK", "CH", "JP", "AU", "CA", "US-CA", "BR", "US-IL", "OTHER"]
    supported = {code for code in codes if get_jurisdiction(code).letter_supported}
    # Illinois: BIPA gives no access right (guidance and the ACLU opt-out form instead).
    assert supported == {"EU", "UK", "CH", "JP", "AU", "CA", "US-CA", "BR"}


def test_every_jurisdiction_names_a_source() -> None:
    for code in ["EU", "UK", "CH", "JP", "AU", "CA", "US-CA", "BR", "US-IL", "OTHER"]:
        assert get_jurisdiction(code).source.strip()
    assert get_jurisdiction("UK").regulator == "ICO"
    assert get_jurisdiction("CH").regulator == "FDPIC"
    assert get_jurisdiction("UK").law_full == "UK GDPR and the Data Protection Act 2018"


def test_unknown_jurisdiction_code_lists_valid_ones() -> None:
    with pytest.raises(KeyError, match="OTHER"):
        get_jurisdiction("XX")


def test_end_to_end_text_to_regime() -> None:
    place = resolve_place("Ik woon in België")
    assert place is not None
    assert jurisdiction_for(place).code == "EU"
    place = resolve_place("Chicago, Illinois")
    assert place is not None
    assert jurisdiction_for(place).code == "US-IL"


@pytest.mark.parametrize(
    ("code", "language", "expected"),
    [
        ("FR", "en", "France"),
        ("BE", "nl", "België"),
        ("DE", "ja", "ドイツ"),
        ("GB", "fr", "Royaume-Uni"),
        ("US-IL", "en", "Illinois (United States)"),
        ("US-CA", "de", "California (Vereinigte Staaten)"),
        ("GB-SCT", "en", "Scotland (United Kingdom)"),
    ],
)
def test_country_name(code: str, language: str, expected: str) -> None:
    assert country_name(code, language) == expected


def test_country_name_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown country"):
        country_name("QQ")
    with pytest.raises(ValueError, match="unknown language"):
        country_name("FR", "xx")
    # A state or province whose law is the country's is shown as the country ("Toronto").
    assert country_name("US-TX") == "United States"
    assert country_name("CA-ON", "fr") == "Canada"
