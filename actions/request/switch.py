"""Changes of letter while the request form is open: the person asks for another one in
passing, or the law wants another one first (a complaint to the company before the
regulator, UK s.164A and Australia s.40(1A))."""

from __future__ import annotations

from datetime import date
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from actions.law_words import COMPANY_FIRST
from actions.slots import (
    ABORTED,
    FALLBACK_INTENT,
    FOLLOW_UP_INTENTS,
    REQUEST_INTENTS,
    given_now,
    place_of,
    request_type_of,
)
from bot.facts import complaint_put_off
from bot.guidance import law_guidance
from bot.i18n import gettext
from bot.labels import REQUEST_NAMES
from bot.registry import complaint_authorities
from bot.rights import RequestType

# The letters one message can switch between while the form is open.
SWITCH_INTENTS = {**REQUEST_INTENTS, "file_complaint": RequestType.COMPLAINT}
SWITCH_CONFIDENCE = 0.4
# Intents that ask for a letter of the other family (a follow-up) during a first request;
# not "a problem with the answer", which during a first request is told, not yet a letter.
FOLLOW_UP_SWITCHES = {intent: request for intent, request in FOLLOW_UP_INTENTS.items()
                      if intent != "report_problem"}


def put_off(wanted: RequestType | None, tracker: Tracker) -> RequestType | None:
    """A complaint the person puts off ("not a complaint yet, a reminder") is the reminder."""
    text = tracker.latest_message.get("text") or ""
    if wanted is RequestType.COMPLAINT and complaint_put_off(text):
        return RequestType.FOLLOW_UP
    return wanted


def ranked_intent(tracker: Tracker) -> dict:
    """The latest message's intent; where the fallback stood in for two intents too close to
    call ("no answer till today, I want to complain now": complaint 0.44, no answer 0.41),
    the one the classifier ranked first."""
    intent = tracker.latest_message.get("intent") or {}
    if intent.get("name") != FALLBACK_INTENT:
        return intent
    ranked = [r for r in tracker.latest_message.get("intent_ranking") or []
              if r.get("name") != FALLBACK_INTENT]
    return ranked[0] if ranked else intent


def switched_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The request type event (and the sentence saying so) when the latest message asks for
    another letter of the same family and also gave a fact, else nothing. The change is said,
    so a wrong one is seen and can be corrected."""
    intent = ranked_intent(tracker)
    wanted = put_off(SWITCH_INTENTS.get(intent.get("name", "")), tracker)
    current = request_type_of(tracker)
    if (wanted is None or wanted is current or intent.get("confidence", 0) < SWITCH_CONFIDENCE
            or wanted.is_initial != current.is_initial or not given_now(tracker)):
        return []
    dispatcher.utter_message(response="utter_request_type_changed",
                             request=gettext(language_of(tracker), REQUEST_NAMES[wanted]))
    return [SlotSet("request_type", wanted.value)]


def to_the_rules(tracker: Tracker) -> List[EventType]:
    """The form's refusal of a message that asks for a reminder or a complaint while a first
    request is written and did not answer the open question ("ze reageren gewoon niet, kun
    jij een herinnering opstellen?", whose "no answer" filled the problem slot): the rules
    then start that letter (data/rules/request_form.yml), keeping what was said."""
    intent = ranked_intent(tracker)
    wanted = FOLLOW_UP_SWITCHES.get(intent.get("name", ""))
    asked = tracker.get_slot("requested_slot")
    if (wanted is None or not request_type_of(tracker).is_initial
            or intent.get("confidence", 0) < SWITCH_CONFIDENCE
            or asked in tracker.slots_to_validate()):
        return []
    return [ActionExecutionRejected("request_form")]


def only_authority(tracker: Tracker) -> List[EventType]:
    """A complaint where one authority serves the place: no question about it."""
    place = place_of(tracker.get_slot("country"))
    found = complaint_authorities(place.country) if place else []
    if request_type_of(tracker) is not RequestType.COMPLAINT or len(found) != 1 or (
            tracker.get_slot("authority")):
        return []
    tracker.slots["authority"] = found[0].slug
    return [SlotSet("authority", found[0].slug)]


def company_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """A complaint where the law wants the company complained to first (UK s.164A, which
    the ICO expects; Australia s.40(1A), required) and the person's case shows no such
    complaint: that complaint is the letter to write now, said with why."""
    slots = tracker.slots
    if (slots.get("request_type") != RequestType.COMPLAINT.value
            or slots.get("controller_complaint_sent") or slots.get(ABORTED)):
        return []
    place = place_of(slots.get("country"))
    guidance = law_guidance(place, date.today()) if place else None
    code = guidance.jurisdiction.code if guidance else ""
    if not (guidance and guidance.company_first and code in COMPANY_FIRST):
        return []
    dispatcher.utter_message(response=COMPANY_FIRST[code])
    return [SlotSet("request_type", RequestType.FOLLOW_UP.value), SlotSet("authority", None)]
