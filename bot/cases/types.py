"""What the case store hands out: frozen snapshots, never ORM objects.

A `Case` is a copy of one row and its events taken inside a session; changing the store
returns a new snapshot. It holds no personal data: no owner (not even its hash), no name, no
address, only codes, dates and the history of what happened.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from bot.choices import Choice
from bot.rights import Problem, RequestType


class CaseStatus(Choice):
    """Where a request stands. `OVERDUE` is derived from the dates and never stored."""

    AWAITING_SEND = "awaiting_send"  # the letter is written, not yet sent (no sent date)
    AWAITING_ANSWER = "awaiting_answer"  # sent; the controller has until the due date
    OVERDUE = "overdue"  # awaiting an answer after the due date (derived, see Case.current)
    ANSWERED = "answered"  # the controller answered
    FOLLOWED_UP = "followed_up"  # a follow-up letter went to the controller (Art. 12(3)-(4))
    COMPLAINED = "complained"  # a complaint went to a supervisory authority (Art. 77)
    CLOSED = "closed"  # the person is done with it

    @property
    def stored(self) -> bool:
        """False for the derived status, which `set_status` refuses."""
        return self is not CaseStatus.OVERDUE


CaseStatus._label_ = "case status"  # for parse() errors

# Cases in these states are finished: retention deletes them after `closed_cases_days`.
FINISHED_STATUSES: tuple[CaseStatus, ...] = (CaseStatus.ANSWERED, CaseStatus.CLOSED)


@dataclass(frozen=True)
class CaseEvent:
    """One entry of a case's history; `detail` passed the allow-list of `bot.cases.events`."""

    at: datetime.datetime  # UTC
    kind: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Case:
    """A snapshot of one case. `reference` is in display form (``K7QH-M2XP-9D4R``)."""

    reference: str
    request_type: RequestType
    controller: str  # registry slug, e.g. "clearview-ai"
    jurisdiction: str  # "EU", "UK", "CH", ... (bot.jurisdictions)
    place: str  # "FR", "DE-BY", "US-IL"
    authority: str | None  # registry slug of the supervisory authority, if chosen
    letter_language: str
    chat_language: str
    channel: str  # the chat channel the case was opened on ("rest", "socketio", ...)
    sent: datetime.date | None
    due: datetime.date | None  # None until sent, or where no answer period is modelled
    extended_due: datetime.date | None  # if the controller announces the extension
    status: CaseStatus  # as stored; see `current()` for the overdue state
    created: datetime.datetime
    updated: datetime.datetime
    last_activity: datetime.datetime
    events: tuple[CaseEvent, ...] = ()
    received: datetime.date | None = None  # the day the period counts from (see `receipt`)

    @property
    def receipt(self) -> str | None:
        """How `received` is known: "given" (the person said so), "same_day" (e-mailed),
        "estimated" (posted; the person's estimate), "assumed" (counted from the sending
        day, nothing said); None before the letter is sent. Only "given" is a fact."""
        for event in reversed(self.events):
            if event.kind == "sent":
                return str(event.detail.get("receipt", "same_day"))
        return None

    @property
    def counted_from(self) -> datetime.date | None:
        """The day the due date counts from (cases stored before issue 16: the sending day)."""
        return self.received or self.sent

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem reported so far, first report first, without repeats."""
        seen: dict[Problem, None] = {}
        for event in self.events:
            if event.kind == "problem":
                for value in event.detail.get("problems", ()):
                    seen.setdefault(Problem(value), None)
        return tuple(seen)

    @property
    def extension_announced(self) -> bool:
        """True once the person said the controller announced the two-month extension."""
        return any(event.kind == "extension" for event in self.events)

    @property
    def deadline(self) -> datetime.date | None:
        """The date that counts now: the extended one if an extension was announced."""
        if self.extension_announced and self.extended_due:
            return self.extended_due
        return self.due

    def status_since(self, status: CaseStatus) -> datetime.date | None:
        """The (UTC) day the case last entered `status`, from its history."""
        for event in reversed(self.events):
            if event.kind == "status" and event.detail.get("status") == status.value:
                return event.at.date()
        return None

    def current(self, today: datetime.date) -> CaseStatus:
        """The status including the derived one: OVERDUE after the deadline without answer."""
        if (self.status is CaseStatus.AWAITING_ANSWER and self.deadline is not None
                and today > self.deadline):
            return CaseStatus.OVERDUE
        return self.status


StepKind = Literal["send", "wait", "follow_up", "complaint", "done"]


@dataclass(frozen=True)
class NextStep:
    """What the person can do next, and until when to wait (see `bot.cases.policy`).

    `kind`: "send" (the letter is not sent yet), "wait" (until `until`), "follow_up" (write a
    follow-up letter to the controller), "complaint" (complain to the supervisory authority),
    "done" (nothing more the assistant can prepare). `situation` names the sentence that
    explains it (`bot.cases.policy.STEP_TEXTS`) and `params` fills it: the chat and the
    command line word a step with the same sentence (`bot.cases.policy.describe`).
    `reason` is that sentence in English with ISO dates; `basis` lists the sources.
    """

    kind: StepKind
    until: datetime.date | None
    situation: str
    params: tuple[tuple[str, Any], ...] = ()
    reason: str = ""
    basis: tuple[str, ...] = ()
