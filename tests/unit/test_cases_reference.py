"""Case references: unguessable, readable, and parsed back however a person types them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cases import InvalidReference, format_reference, new_reference, parse_reference
from bot.cases.reference import ALPHABET, LENGTH

DISPLAY = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
canonical = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


def test_alphabet_is_crockford_base32() -> None:
    assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_new_references_are_random_and_well_formed() -> None:
    refs = {new_reference() for _ in range(2000)}
    assert len(refs) == 2000  # 60 random bits: no repeats
    assert all(len(r) == LENGTH and set(r) <= set(ALPHABET) for r in refs)
    assert all(DISPLAY.match(format_reference(r)) for r in refs)
    # every position uses the whole alphabet (secrets.choice, not a biased slice)
    assert all({r[i] for r in refs} == set(ALPHABET) for i in range(LENGTH))


def test_display_form() -> None:
    assert format_reference("K7QHM2XP9D4R") == "K7QH-M2XP-9D4R"


@pytest.mark.parametrize("typed", [
    "K7QH-M2XP-9D4R",
    "k7qh-m2xp-9d4r",
    "K7QHM2XP9D4R",
    " k7qh m2xp 9d4r ",
    "K7QH–M2XP—9D4R",  # en and em dashes from a word processor
    "K7QH_M2XP.9D4R",
])
def test_parse_tolerates_case_spaces_and_dashes(typed: str) -> None:
    assert parse_reference(typed) == "K7QHM2XP9D4R"


def test_parse_maps_the_usual_confusions() -> None:
    assert parse_reference("OOOO-IIII-LLLL") == "000011111111"
    assert parse_reference("o1i0-l2o3-4567") == "011012034567"
    assert parse_reference("oIl0-AAAA-BBBB") == "0110AAAABBBB"


@pytest.mark.parametrize("bad", [
    "", "   ", "K7QH-M2XP-9D4", "K7QH-M2XP-9D4RX", "K7QH-M2XP-9D4U",  # U is not Crockford
    "jane@example.org", "K7QH/M2XP/9D4R", "К7QH-M2XP-9D4R",  # Cyrillic К
])
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(InvalidReference, match="not a case reference"):
        parse_reference(bad)


def test_parse_rejects_non_text() -> None:
    with pytest.raises(InvalidReference):
        parse_reference(12345)  # type: ignore[arg-type]


def test_invalid_reference_is_a_value_error() -> None:
    assert issubclass(InvalidReference, ValueError)


@given(canonical)
def test_round_trip_through_display_form(ref: str) -> None:
    assert parse_reference(format_reference(ref)) == ref


@given(canonical, st.sampled_from(["", " ", "-", " - "]), st.booleans())
def test_round_trip_as_people_type_it(ref: str, separator: str, lower: bool) -> None:
    groups = [ref[i:i + 4] for i in range(0, LENGTH, 4)]
    typed = separator.join(groups)
    typed = typed.lower() if lower else typed
    typed = typed.replace("0", "O").replace("1", "l")
    assert parse_reference(typed) == ref
