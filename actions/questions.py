"""Answers that are computed rather than fixed: deadlines, complaints, clarification."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    EventType,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import disclaimer_once, language_of, translate_buttons
from actions.law_words import COMPLAINT_HOW, GUIDANCE, NO_COMPLAINT
from actions.request.start import ActionStartFollowUp
from actions.slots import (
    FALLBACK_INTENT,
    PERSON_SLOTS,
    form_active,
    guidance_of,
    request_type_of,
    set_by_latest_message,
)
from bot.deadlines import due_date
from bot.guidance import Guidance
from bot.i18n import format_long_date, gettext
from bot.jurisdictions import country_name
from bot.labels import DEADLINE_RULES, INTENT_LABELS, SOMETHING_ELSE
from bot.registry import get_controller
from bot.settings import load_settings

MAX_CHOICES = 3
EU_RULE = "eu-1182-71"  # the counting rule named when the person's country is not known
# Laws with no number of days for the answer: their own sentence.
NO_PERIOD = {"JP": "utter_deadline_jp"}


class ActionClarify(Action):
    """Low NLU confidence: offer the likeliest meanings as buttons instead of guessing."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        if yes_with_thanks(tracker.latest_message):
            return read_again_as(tracker.latest_message, "affirm")
        candidates = [r["name"] for r in ranking if r.get("name") in INTENT_LABELS]
        if not candidates:  # nothing plausible ranked: show the main topics
            candidates = ["ask_face_in_database", "request_access", "ask_rights"]
        buttons = [{"title": INTENT_LABELS[name], "payload": f"/{name}"}
                   for name in candidates[:MAX_CHOICES]]
        buttons.append({"title": SOMETHING_ELSE, "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_clarify",
                                 buttons=translate_buttons(language_of(tracker), buttons))
        return []


def yes_with_thanks(message: dict) -> bool:
    """"yes thanks", "oui merci", "ja danke": the classifier cannot choose between a yes and a
    thank-you (0.49 against 0.48), but the message opens with a yes (the `affirmation`
    fact), and the yes is what answers the question."""
    ranked = [r.get("name") for r in message.get("intent_ranking") or []
              if r.get("name") != FALLBACK_INTENT][:2]
    said_yes = any(e.get("entity") == "affirmation" for e in message.get("entities") or [])
    return said_yes and set(ranked) == {"affirm", "thank"}


def read_again_as(message: dict, intent: str) -> List[EventType]:
    """The person's message taken back and read again with `intent`, as Rasa's own
    two-stage fallback does once the person confirms what they meant: the dialogue goes on
    as if the message had been understood."""
    parse_data = {**message, "intent": {"name": intent, "confidence": 1.0}}
    return [UserUtteranceReverted(), ActionExecuted("action_listen"),
            UserUttered(message.get("text"), parse_data=parse_data)]


class ActionExplainDeadline(Action):
    """The answer period of the person's own law, with a computed example when the place is
    known; the GDPR's, said to be the GDPR's, when it is not."""

    def name(self) -> str:
        return "action_explain_deadline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        guidance = guidance_of(tracker)
        if guidance is None or not guidance.jurisdiction.law_short:
            dispatcher.utter_message(response="utter_deadline_from_receipt",
                                     rule=gettext(lang, DEADLINE_RULES[EU_RULE]))
        elif guidance.period is None:
            dispatcher.utter_message(response=NO_PERIOD.get(
                guidance.jurisdiction.code, "utter_deadline_from_receipt"),
                rule=gettext(lang, DEADLINE_RULES[EU_RULE]))
        else:
            say_example(dispatcher, guidance, lang)
        return disclaimer_once(dispatcher, tracker)


def say_example(dispatcher: CollectingDispatcher, guidance: Guidance, lang: str) -> None:
    """A request received today and its due date, under the place's law (and a Canadian
    province's own period too, where the person lives there)."""
    place, today = guidance.place, guidance.on
    deadline = due_date(today, guidance.jurisdiction.code, place.country, place.subdivision)
    rules = [gettext(lang, DEADLINE_RULES[deadline.rule])]
    if guidance.provincial_period:
        rules.append(gettext(lang, DEADLINE_RULES[guidance.provincial_period.rule]))
    values = {"rule": " ".join(rules), "country": country_name(place.code, lang),
              "today": format_long_date(today, lang),
              "due": format_long_date(deadline.latest_due, lang),
              "provision": deadline.provision or guidance.period.provision}
    if guidance.jurisdiction.code in ("EU", "UK"):
        dispatcher.utter_message(response="utter_deadline_example", **values)
    else:
        dispatcher.utter_message(response="utter_deadline_law",
                                 law=guidance.jurisdiction.law_short, **values)


class ActionLawGuidance(Action):
    """After the general answer (rights, "is my face in it?"), what the person's own law
    gives, where their place is known and is not under the GDPR or the UK GDPR."""

    def name(self) -> str:
        return "action_law_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        guidance = guidance_of(tracker)
        if guidance and guidance.jurisdiction.code in GUIDANCE:
            dispatcher.utter_message(response=GUIDANCE[guidance.jurisdiction.code])
        return []


class ActionComplaintGuidance(Action):
    """How to complain under the person's own law, naming the authority when the place is
    known (in Germany, the Land's: asked, never guessed). "They never answer" while a first
    request is being written asks for the reminder instead: that letter is started."""

    def name(self) -> str:
        return "action_complaint_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        if tracker.get_intent_of_latest_message() == "no_response":
            if form_active(tracker) and request_type_of(tracker).is_initial:
                # "they just don't answer, can you write me a reminder?" while a first
                # request is being written: the follow-up letter, said (nl-f2).
                return await ActionStartFollowUp().run(dispatcher, tracker, domain)
            dispatcher.utter_message(response="utter_complaint_next_steps")
        guidance = guidance_of(tracker)
        if guidance is None:
            dispatcher.utter_message(response="utter_complaint_how")
            dispatcher.utter_message(response="utter_complaint_where_unknown")
        elif guidance.complaint is None:
            say_no_route(dispatcher, guidance)
        else:
            dispatcher.utter_message(response=COMPLAINT_HOW[guidance.jurisdiction.code])
            say_authority(dispatcher, guidance, lang)
        return disclaimer_once(dispatcher, tracker)


def say_no_route(dispatcher: CollectingDispatcher, guidance: Guidance) -> None:
    """No complaint route in the sources for this place: its guidance and why."""
    code = guidance.jurisdiction.code
    if code in GUIDANCE:
        dispatcher.utter_message(response=GUIDANCE[code])
    if code in NO_COMPLAINT:
        dispatcher.utter_message(response=NO_COMPLAINT[code])
    elif not guidance.letters:
        controller = get_controller(load_settings().default_controller)
        dispatcher.utter_message(response="utter_no_letter_yet",
                                 controller_email=controller.email or controller.name)


def say_authority(dispatcher: CollectingDispatcher, guidance: Guidance, lang: str) -> None:
    """The authority and where it takes complaints; several (the German Länder): ask."""
    if len(guidance.authorities) > 1:
        dispatcher.utter_message(response="utter_complaint_land_de")
    elif guidance.authorities:
        authority = guidance.authorities[0]
        where = authority.webform or authority.web or ""
        dispatcher.utter_message(
            response="utter_complaint_authorities",
            country=country_name(guidance.place.code, lang),
            authorities=f"- {authority.name}" + (f": {where}" if where else ""))


class ActionFallbackKeepingFacts(Action):
    """Rasa's fallback, without forgetting the message: "I live in Osaka" said before any
    question is no request, but the place it names is kept (the default fallback reverts the
    whole turn, slots included) and confirmed, with the way on; "I did not understand" only
    when the message gave nothing."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        kept = {slot: value for slot, value in set_by_latest_message(tracker).items()
                if slot in PERSON_SLOTS}
        if kept:
            say_noted(dispatcher, kept, language_of(tracker))
            dispatcher.utter_message(response="utter_how_can_i_help")
        else:
            dispatcher.utter_message(response="utter_default")
        # The turn is forgotten (so the dialogue does not loop on it), its facts are kept.
        return [UserUtteranceReverted(), *(SlotSet(slot, value) for slot, value in kept.items())]


def say_noted(dispatcher: CollectingDispatcher, kept: dict, lang: str) -> None:
    """Confirm the facts of a message that asked nothing: the place by name, so a misread
    place ("Georgia") shows at once."""
    try:
        country = country_name(str(kept.get("country") or ""), lang)
    except ValueError:
        dispatcher.utter_message(response="utter_noted")
        return
    dispatcher.utter_message(response="utter_noted_place", country=country)
