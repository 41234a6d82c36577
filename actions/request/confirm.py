"""Before the letter: the summary to confirm or correct, and the authority to address.

The summary is composed from labels (`bot.labels.SUMMARY`); its buttons confirm, or change
one answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of, say_lines, translate_buttons
from actions.slots import guidance_of, place_of, problems_of, request_type_of
from bot.i18n import format_long_date, gettext
from bot.identification import IdMethod
from bot.jurisdictions import country_name, get_jurisdiction
from bot.labels import (
    CHANGE_BUTTONS,
    CONFIRM_BUTTON,
    ID_METHOD_LABELS,
    ORIGINAL_LABELS,
    PROBLEM_LABELS,
    REQUEST_LABELS,
    SUMMARY,
    law_name,
)
from bot.registry import complaint_authorities, get_authority
from bot.rights import Problem, RequestType
from bot.situations import situation

Line = Tuple[str, Dict[str, Any]]


class ActionAskRequestConfirmed(Action):
    """Summarise the answers and ask to confirm or correct them."""

    def name(self) -> str:
        return "action_ask_request_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        place = place_of(tracker.get_slot("country"))
        law = law_name(get_jurisdiction(tracker.get_slot("jurisdiction") or "OTHER").law_short,
                       lang)
        request = request_type_of(tracker)
        lines: List[Line] = [
            (SUMMARY["intro"], {}),
            (SUMMARY["request"], {"request": gettext(lang, REQUEST_LABELS[request], law=law)}),
            (SUMMARY["where"], {"country": country_name(place.code, lang) if place else "?",
                                "law": law}),
        ]
        if request.is_initial:
            method = IdMethod.parse(tracker.get_slot("id_method") or IdMethod.NO_PHOTO.value)
            lines.append((SUMMARY["identification"],
                          {"method": gettext(lang, ID_METHOD_LABELS[method])}))
            if tracker.get_slot("public_links"):
                lines.append((SUMMARY["links"], {"links": tracker.get_slot("public_links")}))
        else:
            lines += escalation_summary(tracker, lang)
        lines += [
            (SUMMARY["name"], {"name": tracker.get_slot("full_name")}),
            (SUMMARY["email"], {"email": tracker.get_slot("email")}),
            (SUMMARY["question"], {}),
        ]
        fields = [f for f in CHANGE_BUTTONS if f != "id_method" or request.is_initial]
        buttons = [{"title": CONFIRM_BUTTON, "payload": "/affirm"}] + [
            {"title": CHANGE_BUTTONS[f], "payload": f'/correct_field{{"field":"{f}"}}'}
            for f in fields
        ]
        say_lines(dispatcher, tracker, lines, buttons=buttons)
        return []


def escalation_summary(tracker: Tracker, lang: str) -> List[Line]:
    """Summary lines about the first request, for a reminder or a complaint."""
    original = RequestType.parse(tracker.get_slot("original_request") or "access")
    sent = tracker.get_slot("sent_date")
    lines: List[Line] = [(SUMMARY["about"], {
        "original": gettext(lang, ORIGINAL_LABELS[original]),
        "sent": format_long_date(date.fromisoformat(sent), lang) if sent else "?",
    })]
    problems = problems_of(tracker)
    if problems:
        lines.append((SUMMARY["problem"], {"problem": "; ".join(
            gettext(lang, PROBLEM_LABELS[problem]) for problem in problems)}))
    if tracker.get_slot("missing_items"):
        lines.append((SUMMARY["missing"], {"items": tracker.get_slot("missing_items")}))
    if tracker.get_slot("authority"):
        lines.append((SUMMARY["addressed_to"], {
            "authority": get_authority(tracker.get_slot("authority")).name}))
    return lines


class ActionAskAuthority(Action):
    """Several authorities serve the place (German Länder): the person picks theirs."""

    def name(self) -> str:
        return "action_ask_authority"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        place = place_of(tracker.get_slot("country"))
        choices = complaint_authorities(place.country) if place else []
        dispatcher.utter_message(response="utter_ask_authority", buttons=[
            {"title": a.name, "payload": f'/inform{{"authority":"{a.slug}"}}'} for a in choices
        ])
        return []


class ActionAskProblem(Action):
    """What went wrong: the person may say it in words; the buttons are the situations that
    can follow their first request (`bot/data/situations.yml` applies_to)."""

    def name(self) -> str:
        return "action_ask_problem"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        original = tracker.get_slot("original_request")
        kinds = [p for p in Problem
                 if not original or RequestType.parse(original) in situation(p).applies_to]
        buttons = translate_buttons(language_of(tracker), [
            {"title": PROBLEM_LABELS[p], "payload": f'/inform{{"problem":"{p.value}"}}'}
            for p in kinds])
        dispatcher.utter_message(response="utter_ask_problem", buttons=buttons)
        return []


class ActionAskIdMethod(Action):
    """How the person identifies: the GDPR's limit on what a company may ask (Art. 12(6))
    is cited only where the GDPR or the UK GDPR applies."""

    def name(self) -> str:
        return "action_ask_id_method"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        guidance = guidance_of(tracker)
        gdpr = guidance is None or guidance.jurisdiction.code in ("EU", "UK")
        dispatcher.utter_message(
            response="utter_ask_id_method" if gdpr else "utter_ask_id_method_other_law")
        return []
