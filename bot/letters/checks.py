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
from bot.letters.situation_context import request_extension
from bot.registry import Authority
from bot.rights import Problem, RequestType
from bot.situations import checklist_codes, detail_owners, other_law_situations, situation

UK_AUTHORITY = "gbico"  # registry slug of the Information Commissioner's Office
MAX_COMPLAINT_AFTER_DAYS = 60  # beyond two months a "reminder" stops being one
# Where the law (as our sources give it) sets no period for a request, a reminder about a
# missing answer waits at least this long: this assistant's convention, never said as law.
NO_PERIOD_WAIT_DAYS = 14
_ESCALATION_ONLY = ("original_request", "original_sent", "problems", "missing_items",
                    "details", "extension_notice_date", "extension_reasons_given",
                    "refusal_reasons_given", "replies", "follow_up_sent",
                    "controller_complaint_sent")
# The correspondence a complaint recounts; a reminder does not print it.
_COMPLAINT_ONLY = ("replies", "follow_up_sent")
# Facts each belonging to one situation: given without it, they would be silently dropped.
_SITUATION_FIELDS = {
    "extension_notice_date": Problem.EXTENSION,
    "extension_reasons_given": Problem.EXTENSION,
    "refusal_reasons_given": Problem.REFUSAL_WITHOUT_REMEDIES,
}
_ARTICLE = {RequestType.ACCESS: "an access request", RequestType.ERASURE: "an erasure request",
            RequestType.OBJECTION: "an objection"}
_GDPR_FAMILY = ("EU", "UK")  # the situation paragraphs cite the GDPR or the UK GDPR
_PLACE_CODE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def _authority_fits(authority: Authority, jurisdiction_code: str) -> bool:
    """The ICO hears UK GDPR complaints, EU/EEA authorities GDPR ones, each other regulator
    its own law's, and nothing crosses."""
    if jurisdiction_code == "UK":
        return authority.slug == UK_AUTHORITY
    codes = [c for c in authority.countries if _PLACE_CODE.match(c)]
    return any(jurisdiction_for(Place.from_code(c)).code == jurisdiction_code for c in codes)


def earliest_due(req: LetterRequest, sent: datetime.date) -> datetime.date:
    """The earliest day a missing answer can be late (before any extension, which
    `_check_extension` judges): the computed deadline (the latest one where a province's
    period may apply), else the law's period counted from the sending day (receipt is never
    earlier)."""
    deadline = req.deadline
    if deadline is None:
        kind = (req.original_request or RequestType.ACCESS).value
        try:
            place = Place(req.country, req.region)
            deadline = due_date(sent, req.jurisdiction.code, place.country, place.subdivision,
                                request_type=kind)
        except ValueError:  # no period in days or months: this assistant's convention
            return sent + datetime.timedelta(days=NO_PERIOD_WAIT_DAYS)
    return deadline.latest_due


def _check_initial(req: LetterRequest) -> None:
    """A first request must not carry follow-up fields that its template would ignore."""
    for field in _ESCALATION_ONLY:
        if getattr(req, field) not in (None, (), frozenset()):
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


def _check_situations(req: LetterRequest) -> None:
    """Each situation must fit the first request and the law, and its facts must come with
    it."""
    if req.jurisdiction.code not in _GDPR_FAMILY:
        worded = other_law_situations()
        for problem in sorted(req.problems - set(worded)):
            raise ValueError(
                f"Problem.{problem.name}: its paragraph rests on the GDPR; a letter under "
                f"{req.jurisdiction.law_short} can report "
                + ", ".join(p.value for p in worded))
    for problem in req.problems:
        allowed = situation(problem).applies_to
        if req.original_request not in allowed:
            about = " or ".join(_ARTICLE[t] for t in allowed)
            raise ValueError(f"Problem.{problem.name} is about {about}")
    for field, problem in _SITUATION_FIELDS.items():
        if getattr(req, field) is not None and problem not in req.problems:
            raise ValueError(f"{field} is only used with Problem.{problem.name}")
    for code in sorted(req.details):
        owner = detail_owners()[code]
        if owner not in req.problems:
            raise ValueError(f"detail {code!r} is only used with Problem.{owner.name}")
    if Problem.REFUSAL_WITHOUT_REMEDIES in req.problems and req.refusal_reasons_given is None:
        raise ValueError("Problem.REFUSAL_WITHOUT_REMEDIES needs refusal_reasons_given: "
                         "say whether the refusal gave reasons")
    codes = set(checklist_codes()) & set(req.missing_items)
    if codes and (req.original_request is not RequestType.ACCESS
                  or req.jurisdiction.code not in _GDPR_FAMILY):
        raise ValueError(f"missing item {sorted(codes)[0]!r} is a point of an access answer "
                         "under the GDPR; describe what is missing in words")


def _check_extension(req: LetterRequest, sent: datetime.date) -> datetime.date | None:
    """The extension's facts must be given and possible; the date that counts, if valid."""
    if Problem.EXTENSION not in req.problems:
        return None
    notice = req.extension_notice_date
    if notice is None or req.extension_reasons_given is None:
        raise ValueError("Problem.EXTENSION needs extension_notice_date and "
                         "extension_reasons_given: when was it announced, with reasons?")
    if not sent <= notice <= req.date:
        raise ValueError("extension_notice_date must be between original_sent and the "
                         "letter's date")
    if req.deadline is None:
        raise ValueError("Problem.EXTENSION needs the deadline of the request (its receipt "
                         "date) to tell whether the extension came within the first month")
    extension = request_extension(req)
    if extension is None or extension.extended_due is None:
        raise ValueError(f"Problem.EXTENSION: {req.jurisdiction.law_short}, as this "
                         "assistant's sources give it, allows no extension of the period")
    return extension.extended_due if extension.valid else None


def _check_correspondence(req: LetterRequest, kind: RequestType,
                          sent: datetime.date) -> None:
    if kind is not RequestType.COMPLAINT:
        for field in _COMPLAINT_ONLY:
            if getattr(req, field) not in (None, ()):
                raise ValueError(f"{field} is only used in complaint letters")
    if req.follow_up_sent is not None and not sent <= req.follow_up_sent <= req.date:
        raise ValueError("follow_up_sent must be between original_sent and the letter's date")
    for reply in req.replies:
        if not sent <= reply.date <= req.date:
            raise ValueError("a reply's date must be between original_sent and the letter's "
                             "date")
        if Problem.NO_ANSWER in reply.problems:
            raise ValueError("a reply is an answer: Problem.NO_ANSWER cannot describe it")
        extra = set(reply.problems) - set(req.problems)
        if extra:
            raise ValueError(f"a reply names Problem.{min(extra).name}, which the letter "
                             "does not list in its problems")


def _check_problems(req: LetterRequest, kind: RequestType, sent: datetime.date) -> None:
    """The chosen problems must be possible on the letter's date and have what they need."""
    if not req.problems:
        raise ValueError(f"a {kind.value} letter needs at least one problem")
    if Problem.PARTIAL_ANSWER in req.problems and not req.missing_items:
        raise ValueError("Problem.PARTIAL_ANSWER needs missing_items: say what is missing")
    if req.missing_items and Problem.PARTIAL_ANSWER not in req.problems:
        raise ValueError("missing_items are only listed with Problem.PARTIAL_ANSWER")
    _check_situations(req)
    extended = _check_extension(req, sent)
    _check_correspondence(req, kind, sent)
    if (kind is RequestType.FOLLOW_UP and extended is not None and req.date <= extended
            and req.problems == {Problem.EXTENSION}):
        raise ValueError(
            f"the extension was announced in time and with reasons: the answer is due by "
            f"{extended.isoformat()}; a reminder needs another problem until then")
    if Problem.NO_ANSWER in req.problems:
        # Receipt is never before sending, so the period counted from sending gives the
        # earliest due date; a valid extension moves it to the extended date.
        due = extended or earliest_due(req, sent)
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
