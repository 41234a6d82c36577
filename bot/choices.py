"""A string enum for the choices a person or a script names by value (forms, CLI, tokens)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

C = TypeVar("C", bound="Choice")


class Choice(str, Enum):
    """`parse()` turns a value into a member or fails with the list of valid values.

    Subclasses set `_label_` (e.g. "request type") for the error message.
    """

    @classmethod
    def parse(cls: type[C], value: str) -> C:
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            label = getattr(cls, "_label_", cls.__name__)
            raise ValueError(f"unknown {label} {value!r}; valid: {valid}") from None
