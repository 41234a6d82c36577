"""The allow-list for case history entries: no personal data can get into `case_events`.

A detail is a small JSON object whose keys and values all come from closed lists (request
types, problems, statuses, a few fixed words) or are calendar dates (the day a reply came,
the day an extension was announced). Free text is never accepted, so an e-mail address, a
name or a link cannot be written there by mistake or by a later change that forgets the rule.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from bot.cases.types import CaseStatus
from bot.deadlines import CHANNELS
from bot.rights import Problem, RequestType


class PersonalDataRefused(ValueError):
    """A value the case store does not accept because it is, or could be, personal data."""


# kind -> the keys its detail may have
EVENT_KINDS: dict[str, frozenset[str]] = {
    "opened": frozenset({"request_type"}),
    # receipt: how the receipt date is known; sent_by: e-mail or post
    "sent": frozenset({"receipt", "sent_by"}),
    "problem": frozenset({"problems", "reply"}),  # reply: the day the reply came
    "status": frozenset({"status", "previous"}),
    # The controller announced the two-month extension: when, and whether with reasons
    # (both absent in events recorded before they were asked).
    "extension": frozenset({"notice", "reasons"}),
    "letter": frozenset({"request_type", "format"}),  # a letter was written for the case
}

# key -> the values it may take; list-valued keys take a list of these
_SCALAR_VALUES: dict[str, frozenset[str]] = {
    "request_type": frozenset(t.value for t in RequestType),
    "receipt": frozenset({"same_day", "given", "estimated", "assumed"}),
    "sent_by": frozenset(CHANNELS),
    "status": frozenset(s.value for s in CaseStatus if s.stored),
    "previous": frozenset(s.value for s in CaseStatus if s.stored),
    "format": frozenset({"text", "pdf", "eml", "mailto", "ics"}),
    "reasons": frozenset({"given", "not_given"}),
}
# key -> an ISO calendar date ("2026-10-02"), checked as one
_DATE_KEYS = frozenset({"reply", "notice"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIST_VALUES: dict[str, frozenset[str]] = {
    "problems": frozenset(p.value for p in Problem),
}
MAX_LIST = len(Problem)


def _date(key: str, value: Any) -> str:
    """An ISO date string from a date or a string; PersonalDataRefused otherwise."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise PersonalDataRefused(f"event detail {key!r} takes a date (YYYY-MM-DD)")


def validate_detail(kind: str, detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """A clean copy of `detail` for an event of `kind`; PersonalDataRefused otherwise.

    Error messages name the offending key, never the value (it may be personal data).
    """
    if kind not in EVENT_KINDS:
        raise PersonalDataRefused(
            f"unknown event kind; valid: {', '.join(sorted(EVENT_KINDS))}"
        )
    if detail is None:
        return {}
    if not isinstance(detail, Mapping):
        raise PersonalDataRefused("an event detail is a mapping of allowed keys")
    allowed = EVENT_KINDS[kind]
    clean: dict[str, Any] = {}
    for key, value in detail.items():
        if key not in allowed:
            shown = key if isinstance(key, str) and key.isidentifier() and len(key) < 30 else "?"
            raise PersonalDataRefused(
                f"event detail key {shown!r} is not allowed for {kind!r} events; allowed: "
                f"{', '.join(sorted(allowed)) or 'none'}"
            )
        if key in _DATE_KEYS:
            clean[key] = _date(key, value)
        elif key in _LIST_VALUES:
            if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
                raise PersonalDataRefused(f"event detail {key!r} must be a list")
            values = [getattr(v, "value", v) for v in value]
            if not values or len(values) > MAX_LIST or any(
                    not isinstance(v, str) or v not in _LIST_VALUES[key] for v in values):
                raise PersonalDataRefused(
                    f"event detail {key!r} takes values from: "
                    f"{', '.join(sorted(_LIST_VALUES[key]))}"
                )
            clean[key] = list(dict.fromkeys(values))
        else:
            value = getattr(value, "value", value)
            if not isinstance(value, str) or value not in _SCALAR_VALUES[key]:
                raise PersonalDataRefused(
                    f"event detail {key!r} takes one of: "
                    f"{', '.join(sorted(_SCALAR_VALUES[key]))}"
                )
            clean[key] = value
    return clean
