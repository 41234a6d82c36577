"""Refuse follow-up and complaint requests that would make an incoherent or untrue letter.

A follow-up or a complaint asserts facts in the person's name ("you did not answer by 23
December"), so every combination that cannot be true, or that the templates cannot word
honestly, is a ValueError here rather than a strange sentence in a letter to a regulator.
"""

from __future__ import annotations

import datetime

from bot.deadlines import add_months
from bot.jurisdictions import Place, jurisdiction_for
from bot.letters.model import LetterRequest
from bot.registry import Authority
from bot.rights import Problem, RequestType

UK_AUTHORITY = "gbico"  # registry slug of the Information Commissioner's Office
MAX_COMPLAINT_AFTER_DAYS = 60  # beyond two months a "reminder" stops being one
_ESCALATION_ONLY = ("original_request", "original_sent", "problems", "missing_items")
_ANSWER_PROBLEMS = frozenset({Problem.NO_ANSWER, Problem.PARTIAL_ANSWER})


def _authority_fits(authority: Authority, jurisdiction_code: str) -> bool:
    """The ICO hears UK GDPR complaints, EU/EEA authorities GDPR ones, and nothing crosses."""
    if jurisdiction_code == "UK":
        return authority.slug == UK_AUTHORITY
    codes = [c for c in authority.countries if len(c) == 2 and c.isalpha()]
    return any(jurisdiction_for(Place(c)).code == jurisdiction_code for c in codes)


def _check_initial(req: LetterRequest) -> None:
    """A first request must not carry follow-up fields that its template would ignore."""
    for field in _ESCALATION_ONLY:
        if getattr(req, field):
            raise ValueError(f"{field} is only used in follow-up and complaint letters")
    if req.authority is not None:
        raise ValueError("an authority is only used in follow-up and complaint letters")


def _check_original(req: LetterRequest, kind: str) -> datetime.date:
    """The original request must be a first request sent before this letter is dated."""
    if req.original_request is None or req.original_sent is None:
        raise ValueError(f"a {kind} letter needs original_request and original_sent")
    if not req.original_request.is_initial:
        raise ValueError(
            f"original_request must be access, erasure or objection, "
            f"not {req.original_request.value}"
        )
    if req.original_sent > req.date:
        raise ValueError("original_sent is after the date of the letter")
    if req.deadline is not None and req.deadline.received < req.original_sent:
        raise ValueError("the deadline counts from a receipt before the request was sent")
    return req.original_sent


def _check_problems(req: LetterRequest, kind: RequestType, sent: datetime.date) -> None:
    """The chosen problems must be possible on the letter's date and have what they need."""
    if not req.problems:
        raise ValueError(f"a {kind.value} letter needs at least one problem")
    if kind is RequestType.FOLLOW_UP and not req.problems & _ANSWER_PROBLEMS:
        raise ValueError("a follow-up needs Problem.NO_ANSWER or Problem.PARTIAL_ANSWER")
    if Problem.PARTIAL_ANSWER in req.problems and not req.missing_items:
        raise ValueError("Problem.PARTIAL_ANSWER needs missing_items: say what is missing")
    if req.missing_items and Problem.PARTIAL_ANSWER not in req.problems:
        raise ValueError("missing_items are only listed with Problem.PARTIAL_ANSWER")
    if Problem.ACCESS_LIMITED in req.problems and req.original_request is not RequestType.ACCESS:
        raise ValueError("Problem.ACCESS_LIMITED is about an access request")
    if Problem.NO_ANSWER in req.problems:
        # Receipt is never before sending, so one month after sending is the earliest due date.
        due = req.deadline.due if req.deadline else add_months(sent, 1)
        if req.date <= due:
            raise ValueError(
                f"Problem.NO_ANSWER: the deadline ({due.isoformat()}) has not passed "
                f"on the letter's date ({req.date.isoformat()})"
            )


def check_request(req: LetterRequest) -> None:
    """Raise ValueError, with the reason, if `req` cannot make an honest letter.

    The jurisdiction itself is checked by `render_letter` first (LetterNotSupported).
    """
    request_type = RequestType(req.request_type)
    if request_type.is_initial:
        _check_initial(req)
        return
    sent = _check_original(req, request_type.value)
    _check_problems(req, request_type, sent)
    code = req.jurisdiction.code
    if request_type is RequestType.COMPLAINT and req.authority is None:
        raise ValueError("a complaint needs the supervisory authority it is addressed to")
    if req.authority is not None and not _authority_fits(req.authority, code):
        raise ValueError(
            f"authority {req.authority.slug!r} does not hear {req.jurisdiction.law_short} "
            f"complaints (jurisdiction {code})"
        )
    if request_type is RequestType.FOLLOW_UP and not (
        1 <= req.complaint_after_days <= MAX_COMPLAINT_AFTER_DAYS
    ):
        raise ValueError(f"complaint_after_days must be 1-{MAX_COMPLAINT_AFTER_DAYS}")
