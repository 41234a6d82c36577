"""Refuse follow-up and complaint requests that would make an incoherent or untrue letter.

A follow-up or a complaint asserts facts in the person's name ("you did not answer by 23
December"), so every combination that cannot be true, or that the templates cannot word
honestly, is a ValueError here rather than a strange sentence in a letter to a regulator.
"""

from __future__ import annotations

import datetime
import re

from bot.deadlines import due_date
from bot.jurisdictions import Place, jurisdiction_for
from bot.laws import get_law
from bot.letters.model import LetterRequest
from bot.registry import Authority
from bot.rights import Problem, RequestType

UK_AUTHORITY = "gbico"  # registry slug of the Information Commissioner's Office
MAX_COMPLAINT_AFTER_DAYS = 60  # beyond two months a "reminder" stops being one
# Where the law (as our sources give it) sets no period for a request, a reminder about a
# missing answer waits at least this long: this assistant's convention, never said as law.
NO_PERIOD_WAIT_DAYS = 14
_ESCALATION_ONLY = ("original_request", "original_sent", "problems", "missing_items",
                    "extension_announced", "controller_complaint_sent")
_ANSWER_PROBLEMS = frozenset({Problem.NO_ANSWER, Problem.PARTIAL_ANSWER})
_PLACE_CODE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def _authority_fits(authority: Authority, jurisdiction_code: str) -> bool:
    """The ICO hears UK GDPR complaints, EU/EEA authorities GDPR ones, each other regulator
    its own law's, and nothing crosses."""
    if jurisdiction_code == "UK":
        return authority.slug == UK_AUTHORITY
    codes = [c for c in authority.countries if _PLACE_CODE.match(c)]
    return any(jurisdiction_for(Place.from_code(c)).code == jurisdiction_code for c in codes)


def earliest_due(req: LetterRequest, sent: datetime.date) -> datetime.date:
    """The earliest day a missing answer can be late: the computed deadline (the extended one
    once an extension was announced; the latest one where a province's period may apply),
    else the law's period counted from the sending day (receipt is never earlier)."""
    deadline = req.deadline
    if deadline is None:
        kind = (req.original_request or RequestType.ACCESS).value
        try:
            place = Place(req.country, req.region)
            deadline = due_date(sent, req.jurisdiction.code, place.country, place.subdivision,
                                extended=bool(req.extension_announced), request_type=kind)
        except ValueError:  # no period in days or months: this assistant's convention
            return sent + datetime.timedelta(days=NO_PERIOD_WAIT_DAYS)
    if req.extension_announced and deadline.extended_due:
        return deadline.extended_due
    return deadline.latest_due


def _check_initial(req: LetterRequest) -> None:
    """A first request must not carry follow-up fields that its template would ignore."""
    for field in _ESCALATION_ONLY:
        if getattr(req, field):
            raise ValueError(f"{field} is only used in follow-up and complaint letters")
    if req.authority is not None:
        raise ValueError("an authority is only used in follow-up and complaint letters")
    if req.deadline is not None and req.deadline.receipt == "given":
        raise ValueError("a first request is not received yet: its receipt can only be "
                         "expected, not given")


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
        due = earliest_due(req, sent)
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
    _check_controller_complaint(req, request_type, sent)


def _check_controller_complaint(req: LetterRequest, request_type: RequestType,
                                sent: datetime.date) -> None:
    """The complaint to the controller comes between the request and the complaint, and is
    required where the law makes it a condition (Australia, s.40(1A))."""
    complained = req.controller_complaint_sent
    if complained is not None:
        if request_type is not RequestType.COMPLAINT:
            raise ValueError("controller_complaint_sent is only used in complaints")
        if not sent <= complained <= req.date:
            raise ValueError("controller_complaint_sent must fall between the request and "
                             "the date of the complaint")
    route = get_law(req.jurisdiction.code).complaint(req.date)
    required = [p for p in (route.prerequisites if route else ()) if p.required_by_law]
    if request_type is RequestType.COMPLAINT and required and complained is None:
        raise ValueError(
            f"a complaint under {req.jurisdiction.law_short} needs controller_complaint_sent: "
            f"the regulator first expects a complaint to the organisation ({required[0].provision})"
        )
