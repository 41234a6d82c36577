"""Case references: short, unguessable, easy to read aloud and to type back.

A reference is 12 characters of Crockford's base32 alphabet (no I, L, O or U), drawn with
`secrets` (60 random bits), shown in three groups: ``K7QH-M2XP-9D4R``. Knowing a reference is
what lets someone look a case up, so it must not be guessable; it carries no meaning at all.

Parsing is tolerant, as people copy references from chats and letters by hand: lower case,
missing or extra dashes and spaces, and the usual confusions (O for 0, I or L for 1) are all
accepted.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
LENGTH = 12
GROUP = 4
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")  # spaces, dashes of any kind, _ .
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


class InvalidReference(ValueError):
    """The text is not a case reference (wrong length or characters)."""


def new_reference() -> str:
    """A fresh random reference in canonical form (12 characters, no dashes), with at least
    one digit: typed without dashes, twelve letters could be three words of a sentence
    (bot.patterns.find_case_reference). About 59.9 random bits."""
    while True:
        found = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if any(ch.isdigit() for ch in found):
            return found


def format_reference(canonical: str) -> str:
    """``K7QHM2XP9D4R`` -> ``K7QH-M2XP-9D4R``."""
    return "-".join(canonical[i:i + GROUP] for i in range(0, len(canonical), GROUP))


def parse_reference(text: str) -> str:
    """The canonical form (12 characters, no dashes) of a reference typed by a person.

    Raises InvalidReference when `text` cannot be one.
    """
    if not isinstance(text, str):
        raise InvalidReference("a case reference is text, such as K7QH-M2XP-9D4R")
    cleaned = _SEPARATORS.sub("", text.strip()).upper().translate(_CONFUSIONS)
    if not _VALID.match(cleaned):
        raise InvalidReference(
            f"{text[:40]!r} is not a case reference: it has {LENGTH} letters and digits, "
            "such as K7QH-M2XP-9D4R"
        )
    return cleaned
