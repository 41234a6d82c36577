"""Changes of mind while a form question is open: correct one answer, stop, or start again.

A new value given in passing ("actually I live in Belgium") fills its slot through the
facts entities and is checked by the form like any answer (`validate.note_change` says what
changed). What is left here: a correction that names the field but not its new value
("I need to change my e-mail"), and stopping or starting the request again.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of
from actions.request.answer_first import name_not_stop
from actions.request.start import start_events
from actions.slots import (
    CONFIRMED,
    CORRECTABLE,
    REQUEST_INTENTS,
    SENT_HOW,
    given_now,
    request_type_of,
)
from bot.facts import sent_how_in
from bot.i18n import gettext
from bot.labels import FIELD_NAMES
from bot.rights import RequestType

# What else goes when one answer is cleared.
CLEARED_WITH = {"country": ("jurisdiction", "authority"), "id_method": ("public_links",)}


# "Start again, I want them to delete everything": a request named while starting again.
NAMED_REQUEST_CONFIDENCE = 0.2


def wanted_request(tracker: Tracker) -> RequestType | None:
    """The first request the latest message asks for, if the classifier ranks one likely."""
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        request = REQUEST_INTENTS.get(ranked.get("name", ""))
        if request is not None and ranked.get("confidence", 0) >= NAMED_REQUEST_CONFIDENCE:
            return request
    return None


class ActionCorrectField(Action):
    """Clear the answer the person wants to change, so the form asks it again."""

    def name(self) -> str:
        return "action_correct_field"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events: List[EventType] = [SlotSet(CONFIRMED, None)]
        how = sent_how_in(tracker.latest_message.get("text") or "")
        if tracker.get_slot("requested_slot") == SENT_HOW and how:
            return [SlotSet(SENT_HOW, how)]  # "email" answers "how did you send it?"
        if any(slot in given_now(tracker) for slot in CORRECTABLE):
            return events  # the new value is checked by the form, which says what changed
        field = next(tracker.get_latest_entity_values("field"), None)
        if field not in CORRECTABLE or (
                field == "id_method" and not request_type_of(tracker).is_initial):
            dispatcher.utter_message(response="utter_ask_which_field")
            return events
        dispatcher.utter_message(response="utter_correct_field",
                                 field=gettext(language_of(tracker), FIELD_NAMES[field]))
        cleared: Dict[str, Any] = {field: None}
        cleared.update({other: None for other in CLEARED_WITH.get(field, ())})
        return events + [SlotSet(slot, None) for slot in cleared]


class ActionStopRequest(Action):
    """"Stop" ends the request; "start again" clears it and asks the first question again."""

    def name(self) -> str:
        return "action_stop_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        stopped: List[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        restart = next(tracker.get_latest_entity_values("restart"), None)
        answer = [] if restart else await name_not_stop(tracker, domain)
        if answer:
            return [*answer, FollowupAction("request_form")]
        if restart is None:
            dispatcher.utter_message(response="utter_request_cancelled")
            return stopped
        dispatcher.utter_message(response="utter_request_restarted")
        request = wanted_request(tracker) or request_type_of(tracker)
        cleared = [SlotSet(slot, None) for slot in ("country", "jurisdiction", "id_method",
                                                    "public_links", "full_name", "email")
                   if tracker.get_slot(slot) is not None]
        return stopped + start_events(tracker, request) + cleared + [
            FollowupAction("request_form")]
