"""What counts as personal data in a conversation, and how it is kept out of storage.

A letter needs a name, an e-mail and perhaps links to public pages; nothing else the assistant
stores does. While a letter form is open those values are sealed (Fernet-encrypted) in the
tracker store so that the conversation survives a restart; once the letter is written or the
form stopped, every stored trace is replaced by REDACTED. Messages a person types with an
e-mail address or a phone number in them are redacted the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from cryptography.fernet import Fernet, InvalidToken

from bot.downloads import load_key

# Slots that hold personal data, only ever to render a letter.
PERSONAL_SLOTS: tuple[str, ...] = ("full_name", "email", "public_links")
REDACTED = "[redacted]"
SEALED_PREFIX = "sealed:"
SEAL_KEY_ENV = "SEAL_KEY"
SEAL_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "seal.key"

EMAIL_RE = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+\.[^\s<>\"'(),;:]+")
# Eight or more digits, optionally grouped: phone numbers, not dates or article numbers.
PHONE_RE = re.compile(r"(?<![\w/])\+?\d[\d ().-]{6,}\d(?![\w/])")
URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_MIN_VALUE_LENGTH = 3  # shorter "values" would redact ordinary words


def _is_phone(candidate: str) -> bool:
    """Eight digits or more and not a date."""
    return sum(c.isdigit() for c in candidate) >= 8 and not _DATE_RE.fullmatch(candidate.strip())


def personal_values(slot_values: Iterable[Any]) -> set[str]:
    """The strings to look for: each slot value, and each word-group of a links value."""
    found: set[str] = set()
    for value in slot_values:
        if not isinstance(value, str):
            continue
        value = value.strip()
        if len(value) >= _MIN_VALUE_LENGTH:
            found.add(value)
            found.update(v for v in value.split() if URL_RE.match(v))
    return found


def _phone_like(text: str) -> bool:
    return any(_is_phone(m.group(0)) for m in PHONE_RE.finditer(text))


def looks_personal(text: str, values: Iterable[str]) -> bool:
    """True when `text` carries one of `values`, an e-mail address or a phone number."""
    lowered = text.lower()
    return (
        any(v.lower() in lowered for v in values)
        or bool(EMAIL_RE.search(text))
        or _phone_like(text)
    )


def redact_text(text: str, values: Iterable[str]) -> str:
    """`text` with each value, e-mail address and phone number replaced by REDACTED."""
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    text = EMAIL_RE.sub(REDACTED, text)
    return PHONE_RE.sub(lambda m: REDACTED if _is_phone(m.group(0)) else m.group(0), text)


def redact_data(data: Any, values: Iterable[str]) -> Any:
    """Redact every string inside a JSON-like structure (an event's dict)."""
    values = list(values)
    if isinstance(data, str):
        return redact_text(data, values)
    if isinstance(data, list):
        return [redact_data(v, values) for v in data]
    if isinstance(data, dict):
        return {k: redact_data(v, values) for k, v in data.items()}
    return data


class Sealer:
    """Encrypts event JSON for storage; one key for every server process (SEAL_KEY)."""

    def __init__(self, key: bytes | None = None) -> None:
        self._fernet = Fernet(key or load_key(SEAL_KEY_FILE, env=SEAL_KEY_ENV))

    def seal(self, data: dict[str, Any]) -> str:
        return SEALED_PREFIX + self._fernet.encrypt(json.dumps(data).encode()).decode("ascii")

    def unseal(self, stored: str) -> dict[str, Any]:
        """The event dict of a stored value, sealed or plain JSON."""
        if not stored.startswith(SEALED_PREFIX):
            return json.loads(stored)
        try:
            return json.loads(self._fernet.decrypt(stored[len(SEALED_PREFIX):].encode()))
        except InvalidToken:  # key changed: the sealed values are unrecoverable, by design
            return {"event": "action", "name": "action_listen", "timestamp": 0, "sealed": True}

    @staticmethod
    def is_sealed(stored: str) -> bool:
        return stored.startswith(SEALED_PREFIX)
