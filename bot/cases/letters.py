"""What a case knows that a follow-up or a complaint about it states: the first request and
when it was sent, how, each reply and what was wrong with it, the extension, the reminder.

`escalation_fields(case, request_type)` gives those as `LetterSpec` keys; the chat (or a
script) adds what the case never stores (name, e-mail address) and renders the letter as for
any other (`bot.letters.spec.letter_request`). Nothing personal comes from the case.
"""

from __future__ import annotations

import datetime
from typing import Any

from bot.cases.types import Case, CaseStatus
from bot.laws import get_law
from bot.letters.spec import LetterSpec
from bot.rights import Problem, RequestType

# Situations about the period: they describe no reply (an extension's facts have own fields).
_NOT_A_REPLY = (Problem.NO_ANSWER, Problem.EXTENSION)


def _is_controller_complaint(jurisdiction: str, day: datetime.date) -> bool:
    try:
        kind = get_law(jurisdiction).follow_up(day)
    except KeyError:
        return False
    return kind is not None and kind.kind == "controller_complaint"


def escalation_fields(case: Case, request_type: RequestType | str) -> LetterSpec:
    """The `LetterSpec` keys a follow-up or complaint about `case` takes from it.

    How the request was sent and when it was received (as the case knows it) go into both;
    the correspondence (the replies, the reminder) is a complaint's only: a reminder to the
    controller does not recount it.
    """
    kind = RequestType.parse(getattr(request_type, "value", request_type))
    if kind.is_initial:
        raise ValueError("a case gives the facts of a follow-up or a complaint, not of a "
                         "first request")
    fields: dict[str, Any] = {
        "request_type": kind.value,
        "country": case.place,
        "controller": case.controller,
        "language": case.letter_language,
        "original_request": case.request_type.value,
        "problems": [p.value for p in case.problems],
    }
    if case.sent is not None:
        fields["original_sent"] = case.sent.isoformat()
    if case.sent_by:
        fields["sent_by"] = case.sent_by
    if case.receipt != "same_day" and case.received is not None:
        # The day the period counts from (by e-mail the sending day, which `sent_by` says),
        # stated as a fact only where the person gave it, else "if you received it on ...".
        fields["received"] = case.received.isoformat()
        fields["receipt_known"] = case.receipt == "given"
    if case.authority:
        fields["authority"] = case.authority
    extension = case.extension
    if extension is not None and extension.notice is not None:
        fields["extension_notice_date"] = extension.notice.isoformat()
    if extension is not None and extension.reasons_given is not None:
        fields["extension_reasons_given"] = extension.reasons_given
    if kind is RequestType.COMPLAINT:
        replies = []
        for report in case.reports:
            problems = [p.value for p in report.problems if p not in _NOT_A_REPLY]
            if report.reply is not None and problems:
                replies.append(f"{report.reply.isoformat()}:{','.join(problems)}")
        if replies:
            fields["replies"] = replies
        reminded = case.status_since(CaseStatus.FOLLOWED_UP)
        if reminded is not None:
            # Where the law makes the follow-up a complaint to the company (UK s.164A DPA 2018
            # from 19 June 2026; Australia s.40(1A)), the complaint says so in its own words.
            kind = "follow_up_sent"
            if _is_controller_complaint(case.jurisdiction, reminded):
                kind = "controller_complaint_sent"
            fields[kind] = reminded.isoformat()
    return fields  # type: ignore[return-value]
