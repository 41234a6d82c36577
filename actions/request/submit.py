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
from actions.law_words import CHANNEL_WORDS, GUIDANCE, NO_COMPLAINT, NO_RIGHT
from actions.slots import (
    ABORTED,
    CASE_REF,
    CONFIRMED,
    EXPLAINED,
    FAILURES,
    PENDING_OFFER,
    PERSONAL_SLOTS,
    SENT_HOW,
    SENT_HOW_VALUES,
    SITUATION_FACT_SLOTS,
    UNKNOWN,
    guidance_of,
    problems_of,
    request_type_of,
)
from actions.tracking import case_store
from bot.cases import CaseStatus, escalation_fields
from bot.downloads import download_links
from bot.guidance import Guidance
from bot.i18n import format_long_date, gettext
from bot.identification import IdMethod
from bot.labels import DEADLINE_RULES, DOWNLOAD_INTRO, DOWNLOAD_LABELS, DOWNLOAD_LINES
from bot.letters import render_letter
from bot.letters.spec import letter_request
from bot.outputs import render
from bot.registry import get_controller
from bot.rights import Problem, RequestType
from bot.settings import download_link_seconds, load_settings, public_url
from bot.situations import facts_to_ask

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
        spec.update({"sent_by": "email", "received": today})  # e-mailed: received today
    else:
        missing = tracker.get_slot("missing_items")
        spec.update(case_facts(tracker, request))
        if tracker.get_slot("controller_complaint_sent"):  # from the case (start.py)
            spec["controller_complaint_sent"] = tracker.get_slot("controller_complaint_sent")
        if tracker.get_slot(SENT_HOW) in SENT_HOW_VALUES:
            spec["sent_by"] = tracker.get_slot(SENT_HOW)
        arrived = tracker.get_slot("received_date")
        if spec.get("sent_by") == "post" and arrived and arrived != UNKNOWN:
            # Known or estimated: the letters say "if you received it on …", never as a fact.
            spec.update({"received": arrived, "receipt_known": False})
        spec.update({
            "original_request": tracker.get_slot("original_request"),
            "original_sent": tracker.get_slot("sent_date"),
            "problems": [p.value for p in problems_of(tracker)] or [Problem.NO_ANSWER.value],
            "missing_items": [missing] if missing else [],
            "authority": tracker.get_slot("authority"),
        })
        needed = facts_to_ask(spec["problems"])  # only what the situations take
        spec.update({slot: tracker.get_slot(slot) for slot in SITUATION_FACT_SLOTS
                     if slot in needed and tracker.get_slot(slot)})
    return spec


def case_facts(tracker: Tracker, request: RequestType) -> Dict[str, Any]:
    """What a tracked case knows that the conversation did not ask again: how and when the
    first request went and arrived, an announced extension, the replies and the reminder
    (or the complaint to the company) a complaint recounts (`bot.cases.escalation_fields`).
    The conversation's own answers are set after these, so they win."""
    reference = tracker.get_slot(CASE_REF)
    case = case_store().find(reference) if reference else None
    if case is None:
        return {}
    fields = dict(escalation_fields(case, request))
    for key in ("request_type", "country", "controller", "language", "problems",
                "authority", "original_request", "original_sent"):
        fields.pop(key, None)
    return fields


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
        guidance = guidance_of(tracker)
        if guidance is None or not guidance.allows(request_type_of(tracker).value):
            say_why_no_letter(dispatcher, guidance, request_type_of(tracker))
            return clear_personal + disclaimer_once(dispatcher, tracker)
        events = send_letter(dispatcher, tracker)
        return clear_personal + events + disclaimer_once(dispatcher, tracker)


def say_why_no_letter(dispatcher: CollectingDispatcher, guidance: Guidance | None,
                      request: RequestType) -> None:
    """No letter where the law there gives no ground for it: the law's own guidance, then
    the reason (no law this assistant can cite, no such right, no complaint route)."""
    code = guidance.jurisdiction.code if guidance else "OTHER"
    if not (guidance and guidance.letters):
        if code in GUIDANCE:
            dispatcher.utter_message(response=GUIDANCE[code])
        controller = get_controller(load_settings().default_controller)
        dispatcher.utter_message(response="utter_no_letter_yet",
                                 controller_email=controller.email or controller.name)
    elif request is RequestType.COMPLAINT:
        dispatcher.utter_message(response=NO_COMPLAINT.get(code, "utter_no_letter_yet"))
    else:
        dispatcher.utter_message(response=GUIDANCE.get(code, "utter_no_letter_yet"))
        if code in NO_RIGHT:
            dispatcher.utter_message(response=NO_RIGHT[code])


def say_complaint_ready(dispatcher: CollectingDispatcher, letter: Any) -> None:
    """Where and how the complaint goes: in its language only when true, each channel the
    records give (never an empty "-"), the signature the authority asks for."""
    ready = {True: "utter_complaint_ready_in_its_language",
             False: "utter_complaint_ready_in_english"}.get(letter.in_recipient_language,
                                                            "utter_complaint_ready")
    dispatcher.utter_message(response=ready, authority=letter.recipient_name)
    for channel in letter.channels:
        response, key = CHANNEL_WORDS[channel.kind]
        target = (", ".join(letter.recipient_address_lines) if channel.kind == "post"
                  else channel.target)
        if target:
            dispatcher.utter_message(response=response, **{key: target})
    if not any(c.target or c.kind == "post" for c in letter.channels):
        dispatcher.utter_message(response="utter_channel_none")
    if letter.signed:
        dispatcher.utter_message(response="utter_sign_it")
    dispatcher.utter_message(response="utter_attach_copies")


def say_due(dispatcher: CollectingDispatcher, request: Any, lang: str) -> None:
    """When the answer is due, counted from the receipt the letter assumes ("if it receives
    it on ..."), with the law's own extension and next step (GDPR and UK GDPR)."""
    deadline, controller = request.deadline, request.controller
    if deadline is None:
        return
    dispatcher.utter_message(
        response="utter_letter_due", controller=controller.name,
        received=format_long_date(deadline.received, lang),
        due=format_long_date(deadline.due, lang),
        rule=gettext(lang, DEADLINE_RULES[deadline.rule]))
    if request.jurisdiction.code in ("EU", "UK"):
        dispatcher.utter_message(response="utter_letter_due_extension",
                                 provision=deadline.provision)
        dispatcher.utter_message(response="utter_letter_due_next")


def send_letter(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The letter, a reading copy in the person's language, the due date, the downloads."""
    lang = language_of(tracker)
    today = date.today()
    request_type = request_type_of(tracker)
    spec = letter_spec(tracker, today)
    request = letter_request(spec)
    letter = render_letter(request)
    controller = request.controller
    if request_type is RequestType.COMPLAINT:
        say_complaint_ready(dispatcher, letter)
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
    if request_type.is_initial:
        say_due(dispatcher, request, lang)
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


def remember_how_it_went(store: Any, case: Any, tracker: Tracker) -> None:
    """How the first request went, asked for this letter, goes into the case: the next
    letter (a complaint after a reminder) does not ask it again."""
    how = tracker.get_slot(SENT_HOW)
    if case.sent is None or case.sent_by or how not in SENT_HOW_VALUES:
        return
    arrived = tracker.get_slot("received_date")
    received = (date.fromisoformat(arrived)
                if how == "post" and arrived and arrived != UNKNOWN else None)
    store.record_sent(case.reference, case.sent, sent_by=how, received=received,
                      receipt_known=False if received else None)


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
        case = store.find(reference)
        if case is None:
            return []  # a reference the person typed that names no case here
        remember_how_it_went(store, case, tracker)
        problems = [p.value for p in problems_of(tracker)]
        if problems:
            store.record_problem(reference, problems)  # the case remembers what went wrong
        store.set_status(reference, status)
    return []
