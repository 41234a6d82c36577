"""Starting a letter: a first request, or a reminder or complaint about one.

One reset (`start_events`) for every kind of letter: the request type, what is already known
(from a tracked case), and every other answer of an earlier letter cleared.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of
from actions.request.switch import put_off
from actions.slots import (
    ABORTED,
    CASE_REF,
    CONFIRMED,
    ESCALATION_SLOTS,
    EXPLAINED,
    FAILURES,
    FOLLOW_UP_INTENTS,
    FORM_SLOTS,
    PENDING_OFFER,
    PERSON_SLOTS,
    REQUEST_INTENTS,
    SENT_HOW,
    form_active,
    given_now,
    given_since_last_letter,
    given_with_click,
    place_of,
    request_type_of,
)
from actions.tracking import find_case
from bot.answers import parse_authority
from bot.cases import escalation_fields
from bot.deadlines import not_yet_due
from bot.i18n import format_long_date, gettext
from bot.jurisdictions import Place, jurisdiction_for
from bot.labels import REQUEST_NAMES
from bot.registry import complaint_authorities
from bot.rights import Problem, RequestType


def start_events(
    tracker: Tracker, request: RequestType, known: Dict[str, Any] | None = None
) -> List[EventType]:
    """The events that start a letter of type `request` with the `known` answers.

    What the person said about themselves (place, name, e-mail: `PERSON_SLOTS`), every fact
    of the message that starts the letter ("I live in Lyon and want…") and, for a reminder
    or complaint, what they said about the first request since the last letter is kept: a
    fact already given is confirmed in the summary, never asked again. The rest of an earlier
    letter is cleared. Only slots that hold something are cleared: every event is replayed
    by each prediction of every later turn, so no-op resets would slow the conversation.
    """
    known = known or {}
    given = given_with_click(tracker)
    kept = set(PERSON_SLOTS)
    if not request.is_initial:
        kept |= set(given_since_last_letter(tracker))  # "I sent it on …", then "remind them"
    if not request.is_initial and not request_type_of(tracker).is_initial and form_active(tracker):
        kept |= set(ESCALATION_SLOTS)  # a reminder becomes a complaint: same first request
    events: List[EventType] = [SlotSet("request_type", request.value)]
    for slot in (*FORM_SLOTS, CONFIRMED, FAILURES, PENDING_OFFER):
        if slot in known or slot in given or slot in kept:
            continue
        if tracker.get_slot(slot) is not None:
            events.append(SlotSet(slot, None))
    if tracker.get_slot(ABORTED) is not False:
        events.append(SlotSet(ABORTED, False))
    return events + [SlotSet(slot, value) for slot, value in known.items()]


class ActionStartRequest(Action):
    """A first request (access, erasure, objection): remember which, forget the last one.

    Asked for another kind of letter while a form question is open ("actually no, I want
    them to delete everything"), it switches and says so, keeping what the person said.
    """

    def name(self) -> str:
        return "action_start_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = tracker.get_intent_of_latest_message() or ""
        request = REQUEST_INTENTS.get(intent, RequestType.ACCESS)
        if (form_active(tracker) and not request_type_of(tracker).is_initial
                and tracker.get_slot("requested_slot") == "original_request"):
            # "the access request, what they hold on me" answers "which request did you send?"
            return [SlotSet("original_request", request.value)]
        if form_active(tracker) and tracker.get_slot("request_type") != request.value:
            dispatcher.utter_message(
                response="utter_request_type_changed",
                request=gettext(language_of(tracker), REQUEST_NAMES[request]))
        return start_events(tracker, request)


def authority_named(tracker: Tracker) -> Dict[str, Any]:
    """The authority the latest message names among those of the person's place."""
    place = place_of(tracker.get_slot("country"))
    choices = complaint_authorities(place.country) if place else []
    found = parse_authority(tracker.latest_message.get("text") or "", choices)
    return {"authority": found.slug} if found else {}


class ActionStartFollowUp(Action):
    """A reminder or a complaint, pre-filled from a tracked case when there is one.

    The name and e-mail are asked again: the case never had them.
    """

    def name(self) -> str:
        return "action_start_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = tracker.get_intent_of_latest_message() or "no_response"
        request = put_off(FOLLOW_UP_INTENTS.get(intent, RequestType.FOLLOW_UP), tracker)
        if form_active(tracker) and tracker.get_slot("request_type") != request.value:
            dispatcher.utter_message(
                response="utter_request_type_changed",
                request=gettext(language_of(tracker), REQUEST_NAMES[request]))
        told: Dict[str, Any] = {}
        if (form_active(tracker) and tracker.get_slot("request_type") == request.value
                and tracker.get_slot("requested_slot") == "authority"):
            # "la AEPD" sounds like a complaint to the classifier: here it is the answer.
            told.update(authority_named(tracker))
        if intent == "no_response" and "problem" not in given_now(tracker):
            told["problem"] = [Problem.NO_ANSWER.value]  # "they never answered" says it all
        case = find_case(tracker)
        if case is None:
            return start_events(tracker, request, told)
        place = Place.from_code(case.place)
        if case.problems and "problem" not in told and "problem" not in given_now(tracker):
            told["problem"] = [p.value for p in case.problems]  # what the case recorded
        known: Dict[str, Any] = {
            **told,
            CASE_REF: case.reference,
            "country": case.place,
            "jurisdiction": jurisdiction_for(place).code,
            "original_request": case.request_type.value,
            "sent_date": case.sent.isoformat() if case.sent else None,
        }
        fields = escalation_fields(case, request)
        if fields.get("sent_by"):
            known[SENT_HOW] = fields["sent_by"]  # the case knows how it went: not asked
        if request is RequestType.COMPLAINT:
            found = complaint_authorities(place.country)
            known["authority"] = found[0].slug if len(found) == 1 else None
            # The complaint to the company came first (UK s.164A, Australia s.40(1A)).
            known["controller_complaint_sent"] = fields.get("controller_complaint_sent")
        dispatcher.utter_message(response="utter_case_found", reference=case.reference)
        events = start_events(tracker, request, known)
        missing_answer = intent == "no_response"  # a bad answer can be answered at once
        if case.sent and request is RequestType.FOLLOW_UP and missing_answer:
            due = not_yet_due(place, case.sent, date.today())
            if due:
                dispatcher.utter_message(
                    response="utter_not_due_yet",
                    due=format_long_date(due, language_of(tracker)))
                events.append(SlotSet(ABORTED, EXPLAINED))
        return events
