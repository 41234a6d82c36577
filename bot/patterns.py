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
    found = CASE_REFERENCE_RE.search(text)
    return found.group(0) if found else None
