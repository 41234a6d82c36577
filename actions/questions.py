"""Answers that are computed rather than fixed: deadlines, complaints, clarification."""

from __future__ import annotations

from datetime import date
from typing import List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import disclaimer_once, language_of, say_lines
from actions.request_form import DEADLINE_RULES, place_from_slot
from bot.deadlines import due_date
from bot.i18n import _, format_long_date
from bot.jurisdictions import country_name, jurisdiction_for
from bot.registry import authorities_for

# What each intent means, as a button label for a clarifying question.
INTENT_LABELS = {
    "ask_what_is_clearview": _("What is Clearview?"),
    "ask_face_in_database": _("Is my face in Clearview?"),
    "ask_enforcement": _("Has Clearview been fined?"),
    "ask_rights": _("What are my rights?"),
    "request_access": _("Ask Clearview what it holds on me"),
    "request_erasure": _("Have my data deleted"),
    "request_objection": _("Object to the processing"),
    "file_complaint": _("Complain to an authority"),
    "no_response": _("Clearview did not answer"),
    "ask_photo_required": _("Do I have to send a photo?"),
    "ask_deadline": _("When must they answer?"),
    "ask_bot_privacy": _("What do you keep about me?"),
    "forget_me": _("Delete this conversation"),
    "human_handoff": _("Talk to a person"),
}
MAX_CHOICES = 3


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
        buttons = [
            {"title": INTENT_LABELS[name], "payload": f"/{name}"}
            for name in candidates[:MAX_CHOICES]
        ]
        buttons.append({"title": _("Something else"), "payload": "/out_of_scope"})
        say_lines(
            dispatcher, tracker,
            [(_("Sorry, I am not sure I understood. Did you mean one of these?"), {})],
            buttons=buttons,
        )
        return []


class ActionExplainDeadline(Action):
    """The answer period, with a computed example for the person's country when known."""

    def name(self) -> str:
        return "action_explain_deadline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        lines: List[Tuple[str, dict]] = [(
            _("Clearview must answer without undue delay and at the latest within one month of "
              "receiving your request (Article 12(3) GDPR). It may extend this by two further "
              "months where necessary, but only if it tells you so, with reasons, within the "
              "first month."),
            {},
        )]
        place = place_from_slot(tracker.get_slot("country"))
        jurisdiction = jurisdiction_for(place) if place else None
        if place and jurisdiction and jurisdiction.code in ("EU", "UK"):
            today = date.today()
            deadline = due_date(today, jurisdiction.code, place.country, place.subdivision)
            lines.append((DEADLINE_RULES[deadline.rule], {}))
            lines.append((
                _("Example for {country}: a request received today, {today}, is due by {due}."),
                {
                    "country": country_name(place.subdivision or place.country, lang),
                    "today": format_long_date(today, lang),
                    "due": format_long_date(deadline.due, lang),
                },
            ))
        else:
            lines.append((DEADLINE_RULES["eu-1182-71"], {}))
            lines.append((
                _("If you only know when you sent it: the deadline runs from receipt, which for "
                  "an e-mail is usually the same day."),
                {},
            ))
        lines.append((_("Source: GDPR Article 12(3); EDPB Guidelines 01/2022."), {}))
        say_lines(dispatcher, tracker, lines)
        return disclaimer_once(dispatcher, tracker)


class ActionComplaintGuidance(Action):
    """How to complain under Article 77, naming the authority when the country is known."""

    def name(self) -> str:
        return "action_complaint_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        lines: List[Tuple[str, dict]] = []
        if tracker.get_intent_of_latest_message() == "no_response":
            lines.append((
                _("If more than a month has passed since Clearview received your request "
                  "(Article 12(3) GDPR), or its answer is incomplete, you have two next steps: "
                  "a short reminder, and a complaint to the data protection authority."),
                {},
            ))
        lines.append((
            _("You can complain to the data protection authority where you live or work, or "
              "where the infringement happened (Article 77 GDPR), for example when Clearview "
              "does not answer, answers only in part, or asks for more than it needs, such as a "
              "photo or an ID copy. Attach your request, proof of when you sent it and any "
              "answer. If the authority does not tell you within three months how your "
              "complaint is progressing, you can go to court (Article 78(2))."),
            {},
        ))
        place = place_from_slot(tracker.get_slot("country"))
        authorities = authorities_for(place.country) if place else []
        if authorities:
            lines.append((
                _("Data protection authorities for {country}:"),
                {"country": country_name(place.country, lang)},
            ))
            for authority in authorities[:3]:
                lines.append((
                    "- {name}: {link}",
                    {"name": authority.name, "link": authority.webform or authority.web or ""},
                ))
        else:
            lines.append((
                _("Tell me where you live during a request and I can name your authority."),
                {},
            ))
        say_lines(dispatcher, tracker, lines)
        return disclaimer_once(dispatcher, tracker)
