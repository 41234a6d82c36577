"""What counts as personal data in a conversation, and how it is kept out of storage.

A letter needs a name, an e-mail and perhaps links to public pages; nothing else the assistant
stores does. While a letter form is open those values are sealed (Fernet-encrypted) in the
tracker store so that the conversation survives a restart; once the letter is written or the
form stopped, every stored trace is replaced by REDACTED. So are messages typed outside a
form that may identify someone (`may_identify`: an e-mail address, a phone number, a date or
other digits, "my name is ...", or anything the assistant did not clearly recognise as a
question or a request), and the download tokens in the letter links (`strip_tokens`), which
hold the name and e-mail encrypted: a stored message keeps the link's address, never its
token.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from cryptography.fernet import Fernet, InvalidToken

from bot import keys
from bot.downloads import DOWNLOAD_PATH
from bot.patterns import EMAIL_RE, PHONE_RE, URL_RE, has_email, has_phone_number, is_phone_number

# Slots that hold personal data, only ever to render a letter.
PERSONAL_SLOTS: tuple[str, ...] = ("full_name", "email", "public_links")
REDACTED = "[redacted]"
SEALED_PREFIX = "sealed:"

_MIN_VALUE_LENGTH = 3  # shorter "values" would redact ordinary words
EXPIRED_TOKEN = "expired"
_TOKEN_IN_LINK = re.compile(re.escape(DOWNLOAD_PATH) + r"/[A-Za-z0-9_=-]{1,4096}")
# Intents whose messages are questions or requests about the assistant's subject, never
# answers about the person; with high confidence and none of the signs below, kept in clear.
HARMLESS_INTENTS = frozenset({
    "greet", "goodbye", "thank", "affirm", "deny", "stop", "switch_language",
    "ask_what_is_clearview", "ask_face_in_database", "ask_enforcement", "ask_rights",
    "ask_photo_required", "ask_deadline", "ask_bot_privacy", "request_access",
    "request_erasure", "request_objection", "file_complaint", "no_response",
    "answer_received", "forget_me", "human_handoff",
})
HARMLESS_CONFIDENCE = 0.5  # what the assistant acts on (FallbackClassifier, config.yml)
# "My name is ...", in the seven languages: a name follows.
_SELF_INTRODUCTION = re.compile(
    r"\b(?:my name is|i am called|i'm called|call me|je m'appelle|je m’appelle|mon nom est"
    r"|ich heiße|ich heisse|mein name ist|ik heet|mijn naam is|mi chiamo|il mio nome è"
    r"|me llamo|mi nombre es)\b|私の名前|と申します|といいます|と言います",
    re.IGNORECASE,
)


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


def looks_personal(text: str, values: Iterable[str]) -> bool:
    """True when `text` carries one of `values`, an e-mail address or a phone number."""
    lowered = text.lower()
    return (
        any(v.lower() in lowered for v in values)
        or has_email(text)
        or has_phone_number(text)
    )


def redact_text(text: str, values: Iterable[str]) -> str:
    """`text` with each value, e-mail address and phone number replaced by REDACTED."""
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    if "@" in text:
        text = EMAIL_RE.sub(REDACTED, text)
    return PHONE_RE.sub(lambda m: REDACTED if is_phone_number(m.group(0)) else m.group(0), text)


def strip_tokens(text: str) -> str:
    """`text` with the token of every letter download link replaced by "expired"."""
    if DOWNLOAD_PATH not in text:
        return text
    return _TOKEN_IN_LINK.sub(f"{DOWNLOAD_PATH}/{EXPIRED_TOKEN}", text)


def strip_tokens_in(data: Any) -> Any:
    """`strip_tokens` on every string inside a JSON-like structure (an event's dict)."""
    if isinstance(data, str):
        return strip_tokens(data)
    if isinstance(data, list):
        return [strip_tokens_in(v) for v in data]
    if isinstance(data, dict):
        return {k: strip_tokens_in(v) for k, v in data.items()}
    return data


def may_identify(text: str, intent: str | None, confidence: float) -> bool:
    """Whether a message typed outside a form question may say who someone is.

    Only a clearly recognised question or request with no digits (birth dates, addresses,
    phone numbers), no e-mail address or link and no self-introduction is kept in clear;
    names and addresses have no shape a pattern could trust, so anything else is treated as
    personal. A button payload ("/affirm") is not typed text.
    """
    if text.startswith("/"):
        return False
    if intent not in HARMLESS_INTENTS or confidence < HARMLESS_CONFIDENCE:
        return True
    return (
        any(c.isdigit() for c in text)
        or "@" in text
        or URL_RE.search(text) is not None
        or _SELF_INTRODUCTION.search(text) is not None
    )


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
        self._fernet = Fernet(key or keys.load(keys.SEAL))

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

