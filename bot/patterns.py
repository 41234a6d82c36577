"""The patterns that find e-mail addresses, links, phone numbers and case references in what
people type: written once, and linear in the length of the text.

Every pattern here runs on untrusted text, often on the Rasa server's single event loop
(privacy checks in the tracker store, language detection). A pattern with two unbounded,
overlapping parts backtracks catastrophically: the old e-mail pattern took 74 s on 3,000
`@`. So every repetition is bounded, `@` is excluded from both halves of an address, an
address or phone number may only start after a separator (so no scan restarts inside a word),
and `tests/unit/test_hostile_input.py` times each one on pathological input.
"""

from __future__ import annotations

import re

# Characters that end an address or a link in running text.
_STOP = r"\s<>\"'(),;:\[\]"
# RFC 5321 limits: 64 characters before the @, 63 per domain label, at most a few labels.
_LOCAL = rf"[^{_STOP}@]{{1,64}}"
_LABEL = rf"[^{_STOP}@.]{{1,63}}"
_EMAIL = rf"(?<![^{_STOP}]){_LOCAL}@(?:{_LABEL}\.){{1,8}}{_LABEL}"
EMAIL_RE = re.compile(_EMAIL)
# An address people type without a dot ("name@provider"): found to refuse it with a re-ask.
EMAIL_LIKE_RE = re.compile(rf"(?<![^{_STOP}]){_LOCAL}@{_LABEL}(?:\.{_LABEL}){{0,8}}")

MAX_LINK = 2048
URL_RE = re.compile(rf"https?://[^\s<>\"']{{1,{MAX_LINK}}}", re.IGNORECASE)

# Eight or more digits, optionally grouped: phone numbers, not dates or article numbers.
PHONE_RE = re.compile(r"(?<![\w/])\+?\d[\d ().-]{6,30}\d(?![\w/])")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")

# A case reference as people type it ("k7qh m2xp 9d4r"); bot.cases.reference parses it.
CASE_REFERENCE_RE = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}(?![0-9A-Za-z])"
)
# As it is shown ("K7QH-M2XP-9D4R"): found first, so "code 9DLF-WW3N-H8YC" is not read as
# "code 9DLF-WW3N".
_DASHED_REFERENCE_RE = re.compile(
    r"(?<![0-9A-Za-z-])[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}(?![0-9A-Za-z-])")


def has_email(text: str) -> bool:
    return "@" in text and EMAIL_RE.search(text) is not None


def find_links(text: str) -> list[str]:
    """Every http(s) link in `text`, without the punctuation that ends a sentence."""
    return [link.rstrip(".,;)!?") for link in URL_RE.findall(text)]


def is_phone_number(candidate: str) -> bool:
    """Eight digits or more and not a date."""
    return sum(c.isdigit() for c in candidate) >= 8 and not _DATE_RE.fullmatch(candidate.strip())


def has_phone_number(text: str) -> bool:
    return any(is_phone_number(m.group(0)) for m in PHONE_RE.finditer(text))


def find_case_reference(text: str) -> str | None:
    """The first case reference typed in `text`. Three four-letter words in a row ("naar
    mijn foto", "what does this") have the shape of one, so a reference without a digit
    counts only when it is written with dashes or is the whole message (references are
    issued with a digit: bot.cases.reference)."""
    dashed = _DASHED_REFERENCE_RE.search(text)
    if dashed:
        return dashed.group(0)
    for found in CASE_REFERENCE_RE.finditer(text):
        candidate = found.group(0)
        if (any(ch.isdigit() for ch in candidate) or "-" in candidate
                or candidate == text.strip()):
            return candidate
    return None


# Where a clause ends: a sentence's end, a comma, semicolon or colon, or a quotation mark (a
# reply quoted: 'they said "you are not in our database"'), in Latin and CJK punctuation.
# Not the apostrophe, which is inside French and English words. One character class: linear
# on any input.
_CLAUSE_END_RE = re.compile(r"[.!?;:,\n。！？；：、，\"«»“”„「」『』]+")
# Width, a CJK character counting two: "oui", "hello", "日本" alone say nothing about a reply,
# "明らかに過剰" does.
MIN_CLAUSE_WIDTH = 8


def _width(part: str) -> int:
    return sum(2 if ord(ch) >= 0x3000 else 1 for ch in part)


def clauses(text: str) -> list[str]:
    """The clauses of a message of two or more, else nothing: a long story tells of a reply
    in one clause ("…and they want 25 dollars") that the whole message drowns."""
    found = [part.strip() for part in _CLAUSE_END_RE.split(text)]
    found = [part for part in found if _width(part) >= MIN_CLAUSE_WIDTH]
    return found if len(found) > 1 else []



# A question mark in Latin, Spanish and CJK writing.
_QUESTION_MARK_RE = re.compile(r"[?？¿]")


def asks_something(text: str) -> bool:
    """The message has a question mark: "do I need to send a photo?" typed while a form
    question is open is a question, however unsure the classifier was."""
    return bool(_QUESTION_MARK_RE.search(text))
