"""What a letter needs, as a plain dict (`LetterSpec`), and the one builder of a
`LetterRequest` from it: the chat, the download links and the command line all use it.

A spec is what crosses process boundaries (the encrypted download token holds one), so it is
plain data: codes, ISO dates, the person's values as typed. `letter_request` resolves the
place, the jurisdiction, the controller and the authority, computes the deadline from the
receipt (or, for a reminder or complaint, from the first request's sending), and the
`LetterRequest` cleans the person's values where they enter.
"""

from __future__ import annotations

import datetime
from typing import Any, TypedDict

from bot.deadlines import deadline_for, parse_sent_by
from bot.identification import IdMethod
from bot.jurisdictions import Place, jurisdiction_for
from bot.letters.model import LetterRequest
from bot.registry import get_authority, get_controller
from bot.rights import RequestType

DEFAULT_CONTROLLER = "clearview-ai"


class LetterSpec(TypedDict, total=False):
    """What a letter needs; the first six keys are required.

    Dates are ISO strings ("2026-11-23"); `datetime.date` values are accepted by
    `make_token` and stored as strings.
    """

    request_type: str  # "access" | "erasure" | "objection"
    country: str  # the `country` slot: "FR", or a subdivision such as "US-IL"
    name: str
    email: str
    id_method: str  # "no_photo" | "public_links" | "photo_search_only"
    date: str  # the letter's date
    controller: str  # registry slug; default "clearview-ai"
    language: str  # the letter's language; default "en"
    public_links: list[str]  # with id_method "public_links"
    # When the controller receives it. A first request is not sent yet: its receipt is
    # always an expectation, worded "if you receive this on ...". For a reminder or a
    # complaint, `received` is the first request's receipt: a fact only with `receipt_known`.
    received: str
    # How the (first) request is or was sent: "email" (received the day it is sent) or "post"
    # (`received`: the person's estimate, or the day it arrived with `receipt_known`).
    sent_by: str
    receipt_known: bool  # the person said the first request arrived on `received`
    reminder_language: str  # language of the .ics reminder text; default `language`
    # Follow-ups and complaints only (see `LetterRequest`):
    original_request: str  # "access" | "erasure" | "objection"
    original_sent: str  # ISO date the first request was sent (its deadline counts from it)
    problems: list[str]  # `bot.rights.Problem` values (bot/data/situations.yml)
    missing_items: list[str]  # with "partial_answer": checklist codes or the person's words
    details: list[str]  # codes of what exactly happened (each situation's `details`)
    extension_notice_date: str  # with "extension": ISO date the extension was announced
    extension_reasons_given: bool | str  # with "extension": True/False or "yes"/"no"
    refusal_reasons_given: bool | str  # with "refusal_without_remedies"
    authority: str  # registry slug of the supervisory authority
    controller_complaint_sent: str  # ISO date: the complaint to the controller came first
    # Complaints only: the correspondence (with `sent_by`, see `LetterRequest`).
    replies: list[str]  # "YYYY-MM-DD:problem[,problem...]", one per reply
    follow_up_sent: str  # ISO date a reminder was sent
    # The command line only (never in a download token):
    place: str  # where the person writes from, printed before the date (PDF)


def _iso(value: Any) -> str:
    """A date as "YYYY-MM-DD", checked, whether it came as a date or a string."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return datetime.date.fromisoformat(str(value)).isoformat()


def _date(value: Any) -> datetime.date | None:
    """An optional ISO date (or date) as a date."""
    return datetime.date.fromisoformat(_iso(value)) if value else None


def _yes_no(value: Any) -> bool | None:
    """True/False from a bool or its spelling in a slot or a link ("yes", "no", "True")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise ValueError(f"expected yes or no, not {str(value)[:20]!r}")


def letter_request(spec: LetterSpec) -> LetterRequest:
    """The `LetterRequest` the spec describes; ValueError if it names something unknown.

    The place gives the jurisdiction, and the receipt date, if any, gives the deadline the
    letter states.
    """
    place = Place.from_code(spec["country"])
    jurisdiction = jurisdiction_for(place)
    request_type = RequestType.parse(spec["request_type"])
    original_sent = _date(spec.get("original_sent"))
    received = _date(spec.get("received"))
    sent_by = parse_sent_by(spec.get("sent_by"))
    if request_type.is_initial:
        # Not sent yet: e-mailed today, or expected on `received`; never a known receipt.
        sent = _date(spec["date"]) if sent_by == "email" else None
        deadline = deadline_for(place, request_type.value, sent=sent, sent_by=sent_by,
                                received=received)
    else:
        # The first request's deadline, from its receipt as the person knows it, with the
        # date an extension would give (it counts only if the `extension` situation says the
        # controller announced one that the law accepts: `bot.situations.assess_extension`).
        original = RequestType.parse(spec.get("original_request") or "access")
        deadline = deadline_for(
            place, original.value if original.is_initial else "access", sent=original_sent,
            sent_by=sent_by, received=received, known=bool(spec.get("receipt_known")),
            extended=True)
    try:
        controller = get_controller(spec.get("controller") or DEFAULT_CONTROLLER)
        authority = get_authority(spec["authority"]) if spec.get("authority") else None
    except KeyError as exc:
        raise ValueError(str(exc)) from None
    return LetterRequest(
        request_type=request_type,
        jurisdiction=jurisdiction,
        controller=controller,
        name=spec["name"],
        email=spec["email"],
        id_method=IdMethod.parse(spec["id_method"]),
        country=place.country,
        date=datetime.date.fromisoformat(_iso(spec["date"])),
        public_links=tuple(spec.get("public_links") or ()),
        language=spec.get("language") or "en",
        deadline=deadline,
        original_request=spec.get("original_request") or None,
        original_sent=original_sent,
        problems=frozenset(spec.get("problems") or ()),
        missing_items=tuple(spec.get("missing_items") or ()),
        details=frozenset(spec.get("details") or ()),
        extension_notice_date=_date(spec.get("extension_notice_date")),
        extension_reasons_given=_yes_no(spec.get("extension_reasons_given")),
        refusal_reasons_given=_yes_no(spec.get("refusal_reasons_given")),
        replies=tuple(spec.get("replies") or ()),
        follow_up_sent=_date(spec.get("follow_up_sent")),
        authority=authority,
        place=spec.get("place") or None,
        region=place.subdivision,
        sent_by=sent_by,
        controller_complaint_sent=_date(spec.get("controller_complaint_sent")),
    )
