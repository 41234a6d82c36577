"""Facts read from a message that asks for nothing yet (bot/facts.py): a name typed the
everyday way, and a request already sent (found by the facts-first scenarios)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.facts import read_facts


@pytest.mark.parametrize("text, name", [
    ("ciao! sono Marco Bellini, sto a Torino", "Marco Bellini"),
    ("hi, I'm Daniel Whitaker and I live in Leeds", "Daniel Whitaker"),
    ("hola, soy Itziar Goikoetxea", "Itziar Goikoetxea"),
    ("sono di Torino", None),
    ("I'm in Leeds", None),
    ("I'm worried about my photos", None),
    ("ich bin Sehr Besorgt", "Sehr Besorgt"),  # the rule's known limit: capitals make a name
    ("this is Clearview AI's fault", None),  # "this is" introduces things, not only people
    ("ich war im Internet Explorer", None),
])
def test_a_name_typed_as_one_after_i_am(text: str, name: str | None) -> None:
    assert read_facts(text).name == name


@pytest.mark.parametrize("text, sent, how, original", [
    ("hiya, just so you know i sent clearview a subject access request by email on the 2nd "
     "of september 2026", date(2026, 9, 2), "email", "access"),
    ("buongiorno, ho gia scritto a clearview il 15 settembre 2026", date(2026, 9, 15), None,
     None),
    ("Ik heb op 12 september 2026 al een inzageverzoek naar Clearview gemaild",
     date(2026, 9, 12), "email", "access"),
    ("j'ai envie de partir le 3 mars 2026", None, None, None),
    ("I was born on 3 March 1990", None, None, None),
])
def test_a_request_already_sent_is_read_without_a_follow_up_intent(
        text: str, sent: date | None, how: str | None, original: str | None) -> None:
    facts = read_facts(text)
    assert (facts.sent_date, facts.sent_how, facts.original_request) == (sent, how, original)
