"""The variables every letter template receives, computed once from a `LetterRequest`.

Templates lay out words; what the law says on the letter's dates is decided here, from the
law's data (`bot.laws`): which article gives the period (Art. 12(3), or Art. 12A UK GDPR for
requests received from 5 February 2026), whether a UK reminder is the s.164A complaint to the
controller and a UK complaint rests on s.165 DPA 2018 (letters dated from 19 June 2026), how
the receipt of the first request is known. The situation paragraphs' variables (what went
wrong, an announced extension and the date that counts then) come from
`bot.letters.situation_context`. Every template gets the same names (StrictUndefined still
catches typos); most are empty for most letters.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from bot.identification import IdMethod
from bot.jurisdictions import Place, country_name
from bot.laws import Law, get_law
from bot.letters.model import LetterRequest
from bot.letters.situation_context import situation_context
from bot.rights import RequestType


def law_of(req: LetterRequest) -> Law:
    """The law of the request's jurisdiction."""
    return get_law(req.jurisdiction.code)


def period_day(req: LetterRequest) -> datetime.date:
    """The day that picks the answer period: the (first) request's receipt if counted, else
    its sending, else the letter's date (a first request is received on or after it)."""
    if req.deadline is not None:
        return req.deadline.received
    return req.original_sent or req.date


def _period_context(req: LetterRequest, law: Law) -> dict[str, Any]:
    """The period of the (first) request and how its due date may be worded."""
    kind = req.original_request or req.request_type
    period = law.period(kind, period_day(req)) if RequestType(kind).is_initial else None
    deadline = req.deadline
    provincial = deadline.provincial if deadline else None
    province = req.region if req.region in law.provincial else None
    provincial_period = law.provincial.get(province or "")
    return {
        "period_rule": period.rule if period else None,
        # GDPR family: "12(3)" or "12A" (UK, requests received from 5 February 2026): the
        # one place letters take the rule from is the law's data, by the day of receipt.
        "period_article": "12A" if period and period.rule == "uk-12a" else "12(3)",
        "received": deadline.received if deadline else None,
        "due": deadline.due if deadline else None,
        "confirm_by": deadline.confirm_by if deadline else None,
        # "given" (the person said so: may be stated), "same_day" (e-mailed), "estimated"
        # (posted; the person's estimate), "assumed": only "given" is written as a fact.
        "receipt": deadline.receipt if deadline else None,
        "receipt_known": bool(deadline and deadline.receipt_known),
        "sent_by": req.sent_by,
        "province": province,
        "provincial_due": provincial.due if provincial else None,
        "provincial_rule": provincial_period.rule if provincial_period else None,
    }


def _route_context(req: LetterRequest, law: Law) -> dict[str, Any]:
    """What a reminder and a complaint are under the law on the letter's date."""
    follow_up = law.follow_up(req.date)
    complaint = law.complaint(req.date)
    return {
        "follow_up_kind": follow_up.kind if follow_up else None,
        "complaint_provision": complaint.provision if complaint else None,
        # UK: from 19 June 2026 a reminder is the s.164A complaint to the controller and the
        # complaint to the ICO rests on s.165 DPA 2018 (Art. 77 UK GDPR is omitted).
        "uk_s164a": req.jurisdiction.code == "UK" and bool(
            follow_up and follow_up.kind == "controller_complaint"),
        "uk_s165": req.jurisdiction.code == "UK" and bool(
            complaint and (complaint.provision or "").startswith("s.165")),
        "acknowledge_days": follow_up.acknowledge_days if follow_up else None,
        "controller_complaint_sent": req.controller_complaint_sent,
    }


def _region_name(req: LetterRequest, language: str) -> str | None:
    """The subdivision's display name where one is known (Quebec, California), else None."""
    if not req.region:
        return None
    try:
        return country_name(req.region, language)
    except ValueError:
        return None


def context(req: LetterRequest, language: str) -> dict[str, Any]:
    """The variables of every letter template (the person's values were cleaned when the
    request was made)."""
    law = law_of(req)
    return {
        "language": language,
        "date": req.date,
        "name": req.name,
        "email": req.email,
        "country": Place(req.country).country,  # "uk" -> "GB", as country_name reads it
        "country_name": country_name(req.country, language),
        "region_name": _region_name(req, language),  # "California (United States)"
        "id_method": IdMethod(req.id_method).value,
        "links": req.public_links,
        "law": req.jurisdiction.law_short,
        "law_full": req.jurisdiction.law_full,
        "jurisdiction_code": req.jurisdiction.code,
        "request_type": RequestType(req.request_type).value,
        "controller_name": req.controller.name,
        "controller_address_lines": tuple(req.controller.address_lines),
        "controller_email": req.controller.email or None,
        "include_objection": req.include_objection,
        "include_restriction": req.include_restriction,
        "translation_note": False,  # set by render: a complaint not in the authority's language
        **_period_context(req, law),
        **_route_context(req, law),
        **_escalation_context(req),
        **situation_context(req),  # the situation paragraphs (<lang>/_situations.txt.j2)
    }


def _escalation_context(req: LetterRequest) -> dict[str, Any]:
    """Follow-up and complaint variables (present, mostly empty, for every letter)."""
    authority = req.authority
    return {
        "original_request": req.original_request.value if req.original_request else None,
        "original_sent": req.original_sent,
        "problems": frozenset(p.value for p in req.problems),
        "missing_items": req.missing_items,
        "authority_name": authority.name if authority else None,
        "authority_address_lines": tuple(authority.address_lines) if authority else (),
        "authority_email": authority.email if authority else None,
        "authority_signed": bool(authority and authority.signed),
        "complaint_after_days": req.complaint_after_days,
        "complaint_by": req.date + timedelta(days=req.complaint_after_days),
    }
