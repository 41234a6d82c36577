"""Answers that are computed rather than fixed: deadlines, complaints, clarification."""

from __future__ import annotations

from datetime import date
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import disclaimer_once, language_of, translate_buttons
from actions.slots import place_of
from bot.deadlines import due_date
from bot.i18n import format_long_date, gettext
from bot.jurisdictions import country_name, jurisdiction_for
from bot.labels import DEADLINE_RULES, INTENT_LABELS, SOMETHING_ELSE
from bot.registry import authorities_for

MAX_CHOICES = 3
EU_RULE = "eu-1182-71"  # the counting rule named when the person's country is not known
MAX_AUTHORITIES = 3


class ActionClarify(Action):
    """Low NLU confidence: offer the likeliest meanings as buttons instead of guessing."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = [r["name"] for r in ranking if r.get("name") in INTENT_LABELS]
        if not candidates:  # nothing plausible ranked: show the main topics
            candidates = ["ask_face_in_database", "request_access", "ask_rights"]
        buttons = [{"title": INTENT_LABELS[name], "payload": f"/{name}"}
                   for name in candidates[:MAX_CHOICES]]
        buttons.append({"title": SOMETHING_ELSE, "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_clarify",
                                 buttons=translate_buttons(language_of(tracker), buttons))
        return []


class ActionExplainDeadline(Action):
    """The answer period, with a computed example for the person's country when known."""

    def name(self) -> str:
        return "action_explain_deadline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        place = place_of(tracker.get_slot("country"))
        jurisdiction = jurisdiction_for(place) if place else None
        if place and jurisdiction and jurisdiction.code in ("EU", "UK"):
            today = date.today()
            deadline = due_date(today, jurisdiction.code, place.country, place.subdivision)
            dispatcher.utter_message(
                response="utter_deadline_example", rule=gettext(lang, DEADLINE_RULES[
                    deadline.rule]), country=country_name(place.code, lang),
                today=format_long_date(today, lang), due=format_long_date(deadline.due, lang))
        else:
            dispatcher.utter_message(response="utter_deadline_from_receipt",
                                     rule=gettext(lang, DEADLINE_RULES[EU_RULE]))
        return disclaimer_once(dispatcher, tracker)


class ActionComplaintGuidance(Action):
    """How to complain under Article 77, naming the authority when the country is known."""

    def name(self) -> str:
        return "action_complaint_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        if tracker.get_intent_of_latest_message() == "no_response":
            dispatcher.utter_message(response="utter_complaint_next_steps")
        dispatcher.utter_message(response="utter_complaint_how")
        place = place_of(tracker.get_slot("country"))
        authorities = authorities_for(place.country) if place else []
        if authorities:
            listed = "\n".join(f"- {a.name}: {a.webform or a.web or ''}"
                               for a in authorities[:MAX_AUTHORITIES])
            dispatcher.utter_message(response="utter_complaint_authorities",
                                     country=country_name(place.country, lang),
                                     authorities=listed)
        else:
            dispatcher.utter_message(response="utter_complaint_where_unknown")
        return disclaimer_once(dispatcher, tracker)
