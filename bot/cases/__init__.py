"""Case tracking: what a person asked for, when it is due, and what to do next.

A case remembers one request (access, erasure, objection) to one controller: its type, the
place and so the law, the languages, the sent date and the due dates, its status and a short
history. It remembers nobody: no name, no e-mail or postal address, no phone number, no photo
or link; the owner is a keyed hash of the chat sender id, enough to list and forget a
person's cases. A person finds a case again by its reference (``K7QH-M2XP-9D4R``).

    store = CaseStore.from_settings()
    case = store.open_case(owner=sender_id, request_type="access", controller="clearview-ai",
                           place="FR", letter_language="en", chat_language="fr",
                           channel="rest")
    case = store.record_sent(case.reference, date.today())
    step = store.next_step(case, date.today())
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.cases.events import EVENT_KINDS, PersonalDataRefused
    from bot.cases.letters import escalation_fields
    from bot.cases.policy import FOLLOW_UP_WAIT_DAYS, next_step
    from bot.cases.reference import (
        InvalidReference,
        format_reference,
        new_reference,
        parse_reference,
    )
    from bot.cases.store import CaseNotFound, CaseStore
    from bot.cases.types import (
        FINISHED_STATUSES,
        Case,
        CaseEvent,
        CaseExtension,
        CaseStatus,
        NextStep,
        Report,
    )
    from bot.rights import Problem

# Imported on first use: SQLAlchemy and Alembic take a second to load, and `python -m bot
# letter` (whose parser registers the case commands) should not pay for them.
_EXPORTS = {
    "EVENT_KINDS": "bot.cases.events",
    "PersonalDataRefused": "bot.cases.events",
    "escalation_fields": "bot.cases.letters",
    "FOLLOW_UP_WAIT_DAYS": "bot.cases.policy",
    "next_step": "bot.cases.policy",
    "InvalidReference": "bot.cases.reference",
    "format_reference": "bot.cases.reference",
    "new_reference": "bot.cases.reference",
    "parse_reference": "bot.cases.reference",
    "CaseNotFound": "bot.cases.store",
    "CaseStore": "bot.cases.store",
    "FINISHED_STATUSES": "bot.cases.types",
    "Case": "bot.cases.types",
    "CaseEvent": "bot.cases.types",
    "CaseExtension": "bot.cases.types",
    "Report": "bot.cases.types",
    "CaseStatus": "bot.cases.types",
    "NextStep": "bot.cases.types",
    "Problem": "bot.rights",
}

__all__ = [
    "EVENT_KINDS",
    "FINISHED_STATUSES",
    "FOLLOW_UP_WAIT_DAYS",
    "Case",
    "CaseEvent",
    "CaseExtension",
    "CaseNotFound",
    "CaseStatus",
    "CaseStore",
    "InvalidReference",
    "NextStep",
    "PersonalDataRefused",
    "Problem",
    "Report",
    "escalation_fields",
    "format_reference",
    "new_reference",
    "next_step",
    "parse_reference",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bot.cases' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
