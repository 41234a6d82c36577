"""The variables of the situation paragraphs (`<lang>/_situations.txt.j2`), from a request.

Every letter template receives them (empty for first requests), so that StrictUndefined
still catches a typo. Dates stay dates: the templates write them in the letter's language.
The article of the answer period (`period_article`: Art. 12(3), or Art. 12A UK GDPR) comes
with the period itself from `bot.letters.context`, out of the law's data.
"""

from __future__ import annotations

from typing import Any

from bot.letters.model import LetterRequest
from bot.rights import Problem, RequestType
from bot.situations import Extension, assess_extension, checklist


def request_extension(req: LetterRequest) -> Extension | None:
    """The extension the person reported (situation `extension`), judged by the request's law
    against its receipt; None if none was reported or its facts are missing."""
    if (Problem.EXTENSION not in req.problems or req.extension_notice_date is None
            or req.extension_reasons_given is None):
        return None
    deadline = req.deadline
    kind = req.original_request.value if req.original_request else "access"
    return assess_extension(req.extension_notice_date, req.extension_reasons_given,
                            deadline.received if deadline else None, req.jurisdiction.code,
                            req.country, deadline.due if deadline else None,
                            subdivision=req.region, request_type=kind)


def _correspondence(req: LetterRequest, points: dict[str, int]) -> list[dict[str, Any]]:
    """The request, each reply (with the complaint's points about it) and a reminder, in
    date order; empty unless something came back or a reminder went (the request alone is
    recounted by the paragraph before the list)."""
    if not (req.replies or req.follow_up_sent):
        return []
    entries: list[dict[str, Any]] = []
    if req.original_sent is not None:
        entries.append({"date": req.original_sent, "kind": "request",
                        "sent_by": req.sent_by, "points": ()})
    for reply in req.replies:
        entries.append({"date": reply.date, "kind": "reply", "sent_by": None,
                        "points": tuple(points[p.value] for p in reply.problems)})
    if req.follow_up_sent is not None:
        entries.append({"date": req.follow_up_sent, "kind": "reminder", "sent_by": None,
                        "points": ()})
    order = {"request": 0, "reply": 1, "reminder": 2}
    return sorted(entries, key=lambda e: (e["date"], order[e["kind"]]))


def situation_context(req: LetterRequest) -> dict[str, Any]:
    """The situation variables for `req` (see `<lang>/_situations.txt.j2`).

    `answer_due` is the date the answer is due by now: the extended one where a reported
    extension counts, else the first request's due date (from its receipt, stated as a fact
    only with `receipt_known`).
    """
    present = [p.value for p in Problem if p in req.problems]
    points = {value: n for n, value in enumerate(present, 1)}
    extension = request_extension(req)
    due = req.deadline.due if req.deadline else None
    answer_due = extension.extended_due if extension and extension.valid else due
    codes = {item.code: item.article for item in checklist()}
    is_access = req.original_request is RequestType.ACCESS
    missing_points = tuple(
        (item.code, item.article) for item in checklist()
        if is_access and item.code in req.missing_items
    )
    return {
        "situations": tuple(present),
        "points": points,
        "details": req.details,
        "extension": extension,
        "answer_due": answer_due,
        "answer_due_passed": answer_due is not None and answer_due < req.date,
        "missing_points": missing_points,
        "missing_other": tuple(
            item for item in req.missing_items if not (is_access and item in codes)),
        "refusal_reasons_given": req.refusal_reasons_given,
        "correspondence": _correspondence(req, points),
    }
