"""Tracking a request to its answer: consent, the sending date, the reference, the next step.

The case store (`bot.cases`) keeps no name or e-mail; the person keeps the reference. A case
is found again by that reference, or by the keyed hash of the chat's sender id, so it
survives a server restart. What comes next is `bot.cases.policy`'s, worded by its
`describe`, so the chat says what `python -m bot case show` says.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import download_key, language_of, translate_buttons
from actions.form_base import FriendlyFormValidation
from actions.request.answer_first import answer_to_open_question
from actions.slots import CASE_REF, PENDING_OFFER, SENT_HOW, SENT_HOW_VALUES
from bot.cases import Case, CaseStatus, CaseStore
from bot.cases.policy import describe, law_of
from bot.downloads import reminder_link
from bot.i18n import format_long_date, gettext
from bot.labels import CASE_BUTTONS, DOWNLOAD_LABELS, REMINDER_SUBJECT, REQUEST_NAMES
from bot.patterns import find_case_reference
from bot.registry import get_controller
from bot.rights import RequestType
from bot.settings import download_link_seconds, load_settings, public_url

logger = logging.getLogger(__name__)
ICS = "ics"

# The buttons offered with each kind of next step.
STEP_BUTTONS = {
    "wait": [("report_problem", "/report_problem"), ("answered", "/answer_received")],
    "follow_up": [("follow_up", "/no_response"), ("complaint", "/file_complaint"),
                  ("answered", "/answer_received")],
    "complaint": [("prepare_complaint", "/file_complaint"), ("answered", "/answer_received")],
}


@lru_cache(maxsize=1)
def case_store() -> CaseStore:
    """One store (one engine) per action-server process."""
    return CaseStore.from_settings()


def request_name(case: Case, language: str) -> str:
    return gettext(language, REQUEST_NAMES[RequestType.parse(case.request_type)])


def find_case(tracker: Tracker) -> Case | None:
    """The case this turn is about: a reference typed now, the one in the slot, or the last
    case this chat opened."""
    store = case_store()
    typed = next(tracker.get_latest_entity_values("case_ref"), None)
    typed = typed or find_case_reference(tracker.latest_message.get("text") or "")
    for candidate in (typed, tracker.get_slot(CASE_REF)):
        if candidate:
            case = store.find(candidate)
            if case is not None:
                return case
    if typed:  # a reference was given and is unknown: do not silently use another case
        return None
    owned = store.cases_of(owner=tracker.sender_id)
    return owned[0] if owned else None


class ActionStartTracking(Action):
    """The person said yes to tracking: ask for the sending date next."""

    def name(self) -> str:
        return "action_start_tracking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(PENDING_OFFER, None)]


class ActionDeclineTracking(Action):
    def name(self) -> str:
        return "action_decline_tracking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_tracking_declined")
        return [SlotSet(PENDING_OFFER, None)]


class ValidateTrackingForm(FriendlyFormValidation):
    def name(self) -> str:
        return "validate_tracking_form"

    def validate_sent_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self.accept_past_date("sent_date", value, dispatcher, tracker)


class ActionTrackCase(Action):
    """Open the case: reference, due date and a calendar reminder; nothing personal kept."""

    def name(self) -> str:
        return "action_track_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        sent = tracker.get_slot("sent_date")
        sent_by = tracker.get_slot(SENT_HOW)
        place = tracker.get_slot("country")
        if not sent or not place:  # the form was stopped, or the letter is gone
            dispatcher.utter_message(response="utter_tracking_declined")
            return [SlotSet("sent_date", None)]
        lang = language_of(tracker)
        controller = get_controller(load_settings().default_controller)
        try:
            case = case_store().open_case(
                owner=tracker.sender_id,
                request_type=tracker.get_slot("request_type") or RequestType.ACCESS.value,
                controller=controller.slug,
                place=place,
                letter_language=controller.language,
                chat_language=lang,
                channel=tracker.get_latest_input_channel() or "unknown",
                sent=date.fromisoformat(sent),
                sent_by=sent_by if sent_by in SENT_HOW_VALUES else None,
            )
        except SQLAlchemyError as error:  # the case database is down: say so, offer again
            logger.warning("Case database unavailable, no case opened: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_notice_unavailable")
            dispatcher.utter_message(response="utter_offer_tracking")
            return [SlotSet(PENDING_OFFER, "track")]
        dispatcher.utter_message(response="utter_tracking_started",
                                 request=request_name(case, lang), reference=case.reference)
        # Only a receipt the person gave is a fact; otherwise the date is conditional.
        dispatcher.utter_message(
            response="utter_tracking_due" if case.receipt == "given"
            else "utter_tracking_due_if_received",
            sent=format_long_date(case.sent, lang),
            received=format_long_date(case.counted_from, lang),
            due=format_long_date(case.due, lang))
        link = reminder_link(
            {"subject": gettext(lang, REMINDER_SUBJECT, reference=case.reference),
             "due": case.due, "controller": controller.name, "language": lang},
            public_url(), download_key(),
        )
        label = gettext(lang, DOWNLOAD_LABELS[ICS])
        dispatcher.utter_message(text=f"{label}: {link}", json_message={
            "type": "letter_downloads", "title": label, "expires_in": download_link_seconds(),
            "links": [{"format": "ics", "label": label, "url": link}],
        })
        return [SlotSet(CASE_REF, case.reference), SlotSet("sent_date", None)]


class ActionCheckCase(Action):
    """Someone came back: find their case and say what comes next."""

    def name(self) -> str:
        return "action_check_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        case = find_case(tracker)
        text = tracker.latest_message.get("text") or ""
        if case is None and find_case_reference(text) is None:
            answer = await answer_to_open_question(tracker, domain)
            if answer:
                return answer
        if case is None:
            dispatcher.utter_message(response="utter_case_not_found")
            return [SlotSet(CASE_REF, None)]
        explain_case(dispatcher, tracker, case)
        return [SlotSet(CASE_REF, case.reference)]


def explain_case(dispatcher: CollectingDispatcher, tracker: Tracker, case: Case) -> None:
    """Where the case stands and the one next step, with buttons for it."""
    lang = language_of(tracker)
    if case.sent is None or case.due is None:
        dispatcher.utter_message(response="utter_case_no_sent_date",
                                 request=request_name(case, lang), reference=case.reference)
        return
    dispatcher.utter_message(
        response="utter_case_status", request=request_name(case, lang),
        controller=get_controller(case.controller).name, reference=case.reference,
        sent=format_long_date(case.sent, lang), due=format_long_date(case.due, lang))
    step = case_store().next_step(case, date.today())
    buttons = [{"title": CASE_BUTTONS[key], "payload": payload}
               for key, payload in STEP_BUTTONS.get(step.kind, [])]
    dispatcher.utter_message(text=describe(step, law_of(case), lang),
                             buttons=translate_buttons(lang, buttons) or None)


class ActionCloseCase(Action):
    """The controller answered: mark the case, which retention then deletes in time."""

    def name(self) -> str:
        return "action_close_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        case = find_case(tracker)
        if case is None:
            dispatcher.utter_message(response="utter_good_news")
            return []
        case_store().set_status(case.reference, CaseStatus.ANSWERED)
        dispatcher.utter_message(response="utter_case_closed", reference=case.reference,
                                 days=load_settings().retention.closed_cases_days)
        return [SlotSet(CASE_REF, case.reference)]
