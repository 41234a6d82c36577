"""What the command lines share (`python -m bot` and its case commands): the usage error and
its exit code, and the date argument."""

from __future__ import annotations

import argparse
import datetime

USAGE_ERROR = 2  # argparse's convention for usage errors


class UsageError(Exception):
    """A bad value on the command line; the message says what is valid."""


def date_argument(value: str) -> datetime.date:
    """argparse type for YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None
