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
from bot.situations import assess_extension, checklist_codes, detail_owners, situation

UK_AUTHORITY = "gbico"  # registry slug of the Information Commissioner's Office
MAX_COMPLAINT_AFTER_DAYS = 60  # beyond two months a "reminder" stops being one
_ESCALATION_ONLY = ("original_request", "original_sent", "problems", "missing_items",
                    "details", "extension_notice_date", "extension_reasons_given",
                    "refusal_reasons_given", "original_channel", "replies", "follow_up_sent")
# The correspondence a complaint recounts; a reminder does not print it.
_COMPLAINT_ONLY = ("original_channel", "replies", "follow_up_sent")
# Facts each belonging to one situation: given without it, they would be silently dropped.
_SITUATION_FIELDS = {
    "extension_notice_date": Problem.EXTENSION,
    "extension_reasons_given": Problem.EXTENSION,
    "refusal_reasons_given": Problem.REFUSAL_WITHOUT_REMEDIES,
}
_ARTICLE = {RequestType.ACCESS: "an access request", RequestType.ERASURE: "an erasure request",
            RequestType.OBJECTION: "an objection"}


def _authority_fits(authority: Authority, jurisdiction_code: str) -> bool:
    """The ICO hears UK GDPR complaints, EU/EEA authorities GDPR ones, and nothing crosses."""
    if jurisdiction_code == "UK":
        return authority.slug == UK_AUTHORITY
    codes = [c for c in authority.countries if len(c) == 2 and c.isalpha()]
    return any(jurisdiction_for(Place(c)).code == jurisdiction_code for c in codes)


def _check_initial(req: LetterRequest) -> None:
    """A first request must not carry follow-up fields that its template would ignore."""
    for field in _ESCALATION_ONLY:
        if getattr(req, field) not in (None, (), frozenset()):
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


def _check_situations(req: LetterRequest) -> None:
    """Each situation must fit the first request, and its facts must come with it."""
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
    if codes and req.original_request is not RequestType.ACCESS:
        raise ValueError(f"missing item {sorted(codes)[0]!r} is a point of an access answer; "
                         "describe what is missing in words")


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
    extension = assess_extension(notice, req.extension_reasons_given, req.deadline.received,
                                 req.jurisdiction.code, req.country, req.deadline.due)
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
        # Receipt is never before sending, so one month after sending is the earliest due
        # date; a valid extension moves it to three months from receipt.
        due = extended or (req.deadline.due if req.deadline else add_months(sent, 1))
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
