"""The slots the request flow shares, and the choices that fill them: written once.

Every action that starts, validates, confirms or submits a request, and the tracking actions
that pre-fill one from a case, read these names from here.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Tracker

from bot.facts import situations_said
from bot.guidance import Guidance, law_guidance
from bot.jurisdictions import Place
from bot.privacy import PERSONAL_SLOTS
from bot.rights import Problem, RequestType, parse_problems

# Every slot the request form may fill, in the order it asks.
FORM_SLOTS = (
    "country", "jurisdiction", "id_method", "public_links", "full_name", "email",
    "authority", "original_request", "sent_date", "sent_how", "received_date",
    "controller_complaint_sent", "problem", "missing_items", "extension_notice_date",
    "extension_reasons_given", "refusal_reasons_given",
)
# Asked only for follow-ups and complaints (about the first request), in this order.
ESCALATION_SLOTS = ("authority", "original_request", "sent_date", "sent_how", "received_date",
                    "controller_complaint_sent", "problem", "missing_items",
                    "extension_notice_date", "extension_reasons_given",
                    "refusal_reasons_given")
# What a situation needs asked (bot/data/situations.yml `needs`), asked only for it.
SITUATION_FACT_SLOTS = ("extension_notice_date", "extension_reasons_given",
                        "refusal_reasons_given")
# Asked only for first requests.
IDENTIFICATION_SLOTS = ("id_method", "public_links")
# What the summary lets the person change.
CORRECTABLE = ("country", "id_method", "full_name", "email")
# What a person said about themselves: kept when they change which letter they want.
PERSON_SLOTS = ("country", "jurisdiction", "id_method", "public_links", "full_name", "email")
# How the first request was sent (e-mail or post): read from what the person says.
SENT_HOW = "sent_how"
SENT_HOW_VALUES = ("email", "post")
# `controller_complaint_sent` when the person did not complain to the company first.
NOT_SENT = "none"
# `received_date` when the person does not know when a posted letter arrived.
UNKNOWN = "unknown"
CONFIRMED = "request_confirmed"
PENDING_OFFER = "pending_offer"
CASE_REF = "case_ref"
FAILURES = "form_failures"
ABORTED = "form_aborted"
# `form_aborted` value for a form ended with its reason already said (no generic message).
EXPLAINED = "explained"

# The intents that start each kind of letter.
REQUEST_INTENTS = {
    "request_access": RequestType.ACCESS,
    "request_erasure": RequestType.ERASURE,
    "request_objection": RequestType.OBJECTION,
}
# A bad answer gets the follow-up letter that answers it; a complaint is asked for by name.
FOLLOW_UP_INTENTS = {
    "no_response": RequestType.FOLLOW_UP,
    "file_complaint": RequestType.COMPLAINT,
    "report_problem": RequestType.FOLLOW_UP,
}
# Words that answer a yes/no question rather than give a name.
SMALL_TALK_INTENTS = {"affirm", "deny", "greet", "goodbye", "thank"}
# The intent Rasa's FallbackClassifier puts first when the classifier was unsure or torn.
FALLBACK_INTENT = "nlu_fallback"

__all__ = ["PERSONAL_SLOTS"]


def request_type_of(tracker: Tracker) -> RequestType:
    return RequestType.parse(tracker.get_slot("request_type") or RequestType.ACCESS.value)


def given_now(tracker: Tracker) -> Dict[str, Any]:
    """The slots the latest message filled (a place, a name, a date said in passing).

    The slot events at the end of the tracker, as `Tracker.slots_to_validate` reads them,
    but past Rasa's `user_featurization` marker: the policies append it after the slots a
    message set, so before the first action of a turn `slots_to_validate` sees nothing."""
    found: Dict[str, Any] = {}
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user_featurization":
            continue
        if kind != "slot":
            break
        if event.get("value") is not None:
            found.setdefault(event["name"], event["value"])
    return found


def set_by_latest_message(tracker: Tracker) -> Dict[str, Any]:
    """Every slot the latest message set, whatever ran after it (`given_now` sees only the
    slot events at the very end, as form validation does)."""
    found: Dict[str, Any] = {}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("value") is not None:
            found.setdefault(event["name"], event["value"])
    return found


def given_since_last_letter(tracker: Tracker) -> Dict[str, Any]:
    """The escalation facts the person gave since the last form ended (or the session
    began) that still hold: "I e-mailed them an access request on 12 September", said before
    "write me a reminder", is not asked again."""
    found: Dict[str, Any] = {}
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started" or kind == "restart" or (
                kind == "active_loop" and event.get("name") is None):
            break
        if kind == "slot" and event.get("name") in ESCALATION_SLOTS:
            found.setdefault(event["name"], event.get("value"))
    return {slot: value for slot, value in found.items()
            if value is not None and tracker.get_slot(slot) == value}


def given_with_click(tracker: Tracker) -> Dict[str, Any]:
    """`given_now`, and when the latest message is a button click ("did you mean …?"), also
    what the message before it said: the click answers that message."""
    given = given_now(tracker)
    if not str(tracker.latest_message.get("text") or "").startswith("/"):
        return given
    earlier: Dict[str, Any] = {}
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif users == 1 and event.get("event") == "slot" and event.get("value") is not None:
            earlier.setdefault(event["name"], event["value"])
    return {**earlier, **given}


def previous_value(tracker: Tracker, slot: str) -> Any:
    """A slot's value before the latest message (to say what a correction changed)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def form_active(tracker: Tracker) -> bool:
    return (tracker.active_loop or {}).get("name") == "request_form"


# A later message adds a situation to those already given only when it is this likely, or
# names it in so many words: a side remark ("todavía no quiero denunciar") must not replace
# what the person said about the reply.
ADD_SITUATION_CONFIDENCE = 0.8


def form_was_active(tracker: Tracker) -> bool:
    """Whether the request form was open when the latest message came."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            seen_user = True
        elif seen_user and kind == "active_loop":
            return event.get("name") == "request_form"
    return False


def problems_kept(tracker: Tracker, found: List[str]) -> List[str]:
    """The situations after the latest message: what it says, when the form asked what went
    wrong or no letter was under way; else what was said before, and what it adds clearly."""
    before = previous_value(tracker, "problem") or []
    if (tracker.get_slot("requested_slot") == "problem" or not form_was_active(tracker)
            or not isinstance(before, list) or not before):
        return found
    sure = {e.get("value") for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "situation"
            and (e.get("confidence") or 0) >= ADD_SITUATION_CONFIDENCE}
    sure |= set(situations_said(tracker.latest_message.get("text") or ""))
    return list(before) + [p for p in found if p in sure and p not in before]


def problems_of(tracker: Tracker) -> tuple[Problem, ...]:
    """The situations the person reported (the `problem` slot holds a list of ids)."""
    value = tracker.get_slot("problem") or []
    try:
        return parse_problems(value if isinstance(value, list) else [value])
    except ValueError:
        return ()


def place_of(value: Any) -> Place | None:
    """The `country` slot holds "FR" or a subdivision code such as "US-IL" (and, between an
    answer and its check, the typed text: no place yet)."""
    try:
        return Place.from_code(value) if value else None
    except ValueError:
        return None


def guidance_of(tracker: Tracker) -> Guidance | None:
    """The law of the person's place today (`bot.guidance`), None while the place is unknown."""
    place = place_of(tracker.get_slot("country"))
    return law_guidance(place, date.today()) if place else None
