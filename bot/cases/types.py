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
from bot.rights import Problem, RequestType, parse_problems
from bot.situations import extension_needs_reasons


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
class Report:
    """What the person reported once: the problems, and the day the reply came (if any)."""

    problems: tuple[Problem, ...]
    reply: datetime.date | None  # None for silence, or a report without its date
    recorded: datetime.date  # the (UTC) day it was recorded


@dataclass(frozen=True)
class CaseExtension:
    """An announced extension as recorded: when, whether with reasons, and whether it counts
    (announced within the first month, with reasons: Art. 12(3) GDPR / Art. 12A UK GDPR).
    Recorded before these were asked, both are None and the extension counts."""

    notice: datetime.date | None
    reasons_given: bool | None
    valid: bool


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
        """Every problem reported so far, first report first, without repeats; an announced
        extension counts as one. Retired values read as their replacements."""
        seen: dict[Problem, None] = {}
        for event in self.events:
            if event.kind == "problem":
                for problem in parse_problems(event.detail.get("problems", ())):
                    seen.setdefault(problem, None)
            elif event.kind == "extension":
                seen.setdefault(Problem.EXTENSION, None)
        return tuple(seen)

    @property
    def reports(self) -> tuple[Report, ...]:
        """Each report, in the order it was made (a complaint recounts them)."""
        return tuple(
            Report(problems=parse_problems(event.detail.get("problems", ())),
                   reply=_day(event.detail.get("reply")), recorded=event.at.date())
            for event in self.events if event.kind == "problem")

    @property
    def extension_announced(self) -> bool:
        """True once the person said the controller announced an extension (whether it
        counts is `extension.valid`)."""
        return self.extension is not None

    @property
    def extension(self) -> CaseExtension | None:
        """The last extension recorded, judged against the first month's due date."""
        events = [event for event in self.events if event.kind == "extension"]
        if not events:
            return None
        detail = events[-1].detail
        notice = _day(detail.get("notice"))
        reasons = {"given": True, "not_given": False}.get(detail.get("reasons", ""))
        if notice is None and reasons is None:  # recorded before the facts were asked
            return CaseExtension(notice=None, reasons_given=None, valid=True)
        in_time = notice is None or self.due is None or notice <= self.due
        # The law's rule (bot.situations, from bot/data/laws.yml): reasons are a condition
        # under the GDPR and the UK GDPR only; unknown reasons are not held against it.
        needs_reasons = extension_needs_reasons(self.jurisdiction, self.request_type.value,
                                                self.counted_from)
        return CaseExtension(notice=notice, reasons_given=reasons,
                             valid=in_time and self.extended_due is not None
                             and (reasons is not False or not needs_reasons))

    @property
    def deadline(self) -> datetime.date | None:
        """The date that counts now: the extended one if a valid extension was announced."""
        extension = self.extension
        if extension is not None and extension.valid and self.extended_due:
            return self.extended_due
        return self.due

    @property
    def sent_by(self) -> str | None:
        """How the request was sent ("email", "post"), if the person said so."""
        for event in reversed(self.events):
            if event.kind == "sent":
                return str(event.detail["sent_by"]) if event.detail.get("sent_by") else None
        return None

    def days_waiting(self, today: datetime.date) -> int | None:
        """Days since the request was sent (None before it is)."""
        return (today - self.sent).days if self.sent else None

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


def _day(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None


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
