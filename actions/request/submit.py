"""The end of the request form: the letter, its downloads and due date, or guidance.

One spec (`letter_spec`) renders the letter shown here and the files behind the download
links; `bot.letters` writes it. Where no letter may be written (the law there is not one the
letters cite) the person gets sourced guidance instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import disclaimer_once, download_key, language_of
from actions.slots import (
    ABORTED,
    CASE_REF,
    CONFIRMED,
    EXPLAINED,
    FAILURES,
    PENDING_OFFER,
    PERSONAL_SLOTS,
    problems_of,
    request_type_of,
)
from actions.tracking import case_store
from bot.cases import CaseStatus
from bot.downloads import download_links
from bot.i18n import format_long_date, gettext
from bot.identification import IdMethod
from bot.jurisdictions import get_jurisdiction
from bot.labels import DEADLINE_RULES, DOWNLOAD_INTRO, DOWNLOAD_LABELS, DOWNLOAD_LINES
from bot.letters import render_letter
from bot.letters.spec import letter_request
from bot.outputs import render
from bot.registry import get_controller
from bot.rights import Problem, RequestType
from bot.settings import download_link_seconds, load_settings, public_url

# Guidance where the letters' law does not apply, by jurisdiction code.
GUIDANCE = {
    "CH": "utter_guidance_ch",
    "AU": "utter_guidance_au",
    "CA": "utter_guidance_ca",
    "US-IL": "utter_guidance_us_il",
    "US-CA": "utter_guidance_us_ca",
}
LETTER = "letter"  # the custom payload types rich channels show as a letter / as files
DOWNLOADS = "letter_downloads"


def letter_spec(tracker: Tracker, today: date) -> Dict[str, Any]:
    """What the letter needs, from the form's slots (`bot.letters.spec.LetterSpec`)."""
    request = request_type_of(tracker)
    spec: Dict[str, Any] = {
        "request_type": request.value,
        "country": tracker.get_slot("country"),
        "name": tracker.get_slot("full_name") or "",
        "email": tracker.get_slot("email") or "",
        "id_method": tracker.get_slot("id_method") or IdMethod.NO_PHOTO.value,
        "public_links": (tracker.get_slot("public_links") or "").split(),
        "controller": load_settings().default_controller,
        "language": get_controller(load_settings().default_controller).language,
        "date": today,
        "reminder_language": language_of(tracker),
    }
    if request.is_initial:
        spec["received"] = today  # e-mail: received the day it is sent (stated below)
    else:
        missing = tracker.get_slot("missing_items")
        spec.update({
            "original_request": tracker.get_slot("original_request"),
            "original_sent": tracker.get_slot("sent_date"),
            "problems": [p.value for p in problems_of(tracker)] or [Problem.NO_ANSWER.value],
            "missing_items": [missing] if missing else [],
            "authority": tracker.get_slot("authority"),
        })
    return spec


class ActionSubmitRequest(Action):
    """Hand off to letter generation, or give guidance where no letter applies."""

    def name(self) -> str:
        return "action_submit_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        clear_personal = [SlotSet(s, None) for s in (*PERSONAL_SLOTS, CONFIRMED)]
        if tracker.get_slot(ABORTED):
            if tracker.get_slot(ABORTED) != EXPLAINED:
                dispatcher.utter_message(response="utter_form_aborted")
            return [*clear_personal, SlotSet(ABORTED, False), SlotSet(FAILURES, None)]
        jurisdiction = get_jurisdiction(tracker.get_slot("jurisdiction") or "OTHER")
        if not jurisdiction.letter_supported:
            if jurisdiction.code in GUIDANCE:
                dispatcher.utter_message(response=GUIDANCE[jurisdiction.code])
            controller = get_controller(load_settings().default_controller)
            dispatcher.utter_message(response="utter_no_letter_yet",
                                     controller_email=controller.email or controller.name)
            return clear_personal + disclaimer_once(dispatcher, tracker)
        events = send_letter(dispatcher, tracker)
        return clear_personal + events + disclaimer_once(dispatcher, tracker)


def send_letter(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The letter, a reading copy in the person's language, the due date, the downloads."""
    lang = language_of(tracker)
    today = date.today()
    request_type = request_type_of(tracker)
    spec = letter_spec(tracker, today)
    request = letter_request(spec)
    letter = render_letter(request)
    controller, deadline = request.controller, request.deadline
    if request_type is RequestType.COMPLAINT:
        dispatcher.utter_message(
            response="utter_complaint_ready", authority=letter.recipient_name,
            email=letter.recipient_email or "-", webform=letter.recipient_webform or "-",
            address=", ".join(letter.recipient_address_lines))
    else:
        dispatcher.utter_message(
            response="utter_letter_ready", controller=controller.name,
            email=controller.email or "-", address=", ".join(controller.address_lines))
    dispatcher.utter_message(text=render(letter, "text"),
                             json_message={"type": LETTER, "subject": letter.subject,
                                           "request_type": request_type.value})
    if letter.language != lang:
        mine = render_letter(letter_request({**spec, "language": lang}))
        if mine.language != letter.language:  # a template exists in the person's language
            dispatcher.utter_message(response="utter_letter_translation")
            dispatcher.utter_message(
                text=render(mine, "text"),
                json_message={"type": LETTER, "subject": mine.subject,
                              "request_type": request_type.value, "translation": True})
    if tracker.get_slot("id_method") == IdMethod.PHOTO_SEARCH_ONLY.value:
        dispatcher.utter_message(response="utter_attach_photo")
    if request_type.is_initial and deadline is not None:
        dispatcher.utter_message(
            response="utter_letter_due", controller=controller.name,
            today=format_long_date(today, lang), due=format_long_date(deadline.due, lang),
            rule=gettext(lang, DEADLINE_RULES[deadline.rule]))
    if controller.last_verified:
        dispatcher.utter_message(
            response="utter_contact_verified", controller=controller.name,
            verified=format_long_date(controller.last_verified, lang))
    send_downloads(dispatcher, lang, download_links(spec, public_url(), download_key()))
    return after_letter(dispatcher, tracker, request_type)


def send_downloads(dispatcher: CollectingDispatcher, lang: str, links: Dict[str, str]) -> None:
    """Expiring links that re-render the letter: plain channels show the text, rich ones
    (widget, Telegram, Slack) the custom part."""
    shown = [fmt for fmt in DOWNLOAD_LINES if fmt in links]
    lifetime = download_link_seconds()
    intro = gettext(lang, DOWNLOAD_INTRO, minutes=lifetime // 60)
    text = "\n".join([intro] + [gettext(lang, DOWNLOAD_LINES[f], url=links[f]) for f in shown])
    dispatcher.utter_message(text=text, json_message={
        "type": DOWNLOADS, "title": intro, "expires_in": lifetime,
        "links": [{"format": f, "label": gettext(lang, DOWNLOAD_LABELS[f]), "url": links[f]}
                  for f in shown],
    })


def after_letter(dispatcher: CollectingDispatcher, tracker: Tracker,
                 request_type: RequestType) -> List[EventType]:
    """First requests: offer tracking. Reminders and complaints: update the case."""
    if request_type.is_initial:
        dispatcher.utter_message(response="utter_offer_tracking")
        return [SlotSet(PENDING_OFFER, "track")]
    reference = tracker.get_slot(CASE_REF)
    if reference:
        status = (CaseStatus.COMPLAINED if request_type is RequestType.COMPLAINT
                  else CaseStatus.FOLLOWED_UP)
        store = case_store()
        if store.find(reference) is None:
            return []  # a reference the person typed that names no case here
        problems = [p.value for p in problems_of(tracker)]
        if problems:
            store.record_problem(reference, problems)  # the case remembers what went wrong
        store.set_status(reference, status)
    return []
