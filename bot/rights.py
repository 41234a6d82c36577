"""The data-subject requests the assistant can prepare, and the articles they rest on."""

from __future__ import annotations

from enum import Enum


class RequestType(str, Enum):
    """A request a person sends to a controller (the letter's purpose)."""

    ACCESS = "access"  # GDPR Art. 15
    ERASURE = "erasure"  # GDPR Art. 17
    OBJECTION = "objection"  # GDPR Art. 21(1), not 21(2) (direct marketing only)

    @classmethod
    def parse(cls, value: str) -> RequestType:
        """Return the member named by `value`, or raise ValueError listing valid ones."""
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown request type {value!r}; valid: {valid}") from None
