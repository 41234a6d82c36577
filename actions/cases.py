"""Tracking a request to its answer: consent, the sending date, the reference, the next step.

The case store (`bot.cases`) keeps no name or e-mail; the person keeps the reference. A case
is found again by that reference, or by the keyed hash of the chat's sender id, so it
survives a server restart.
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

from actions.common import download_key, language_of, public_url, say
from actions.form_base import FriendlyFormValidation
from bot.cases import Case, CaseStatus, CaseStore
from bot.dates import parse_past_date
from bot.downloads import reminder_link
from bot.i18n import _, format_long_date, gettext
from bot.patterns import find_case_reference
from bot.registry import get_controller
from bot.rights import RequestType
from bot.settings import load_settings

logger = logging.getLogger(__name__)

REQUEST_NAMES = {
    RequestType.ACCESS: _("access request"),
    RequestType.ERASURE: _("erasure request"),
    RequestType.OBJECTION: _("objection"),
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
    if not typed:
        typed = find_case_reference(tracker.latest_message.get("text") or "")
    for candidate in (typed, tracker.get_slot("case_ref")):
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
        return [SlotSet("pending_offer", None)]


class ActionDeclineTracking(Action):
    def name(self) -> str:
        return "action_decline_tracking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_tracking_declined")
        return [SlotSet("pending_offer", None)]


def validate_sent_date_value(
    form: FriendlyFormValidation,
    value: Any,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
) -> Dict[str, Any]:
    """Shared by both forms that ask when a letter was sent: a real, past date, as ISO."""
    day = parse_past_date(str(value or ""), language_of(tracker))
    if day is None:
        return form.reject("sent_date", dispatcher, tracker, "utter_invalid_sent_date")
    return form.accept("sent_date", day.isoformat(), tracker)


class ValidateTrackingForm(FriendlyFormValidation):
    def name(self) -> str:
        return "validate_tracking_form"

    def validate_sent_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return validate_sent_date_value(self, value, dispatcher, tracker)


class ActionTrackCase(Action):
    """Open the case: reference, due date and a calendar reminder; nothing personal kept."""

    def name(self) -> str:
        return "action_track_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        sent = tracker.get_slot("sent_date")
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
                letter_language="en",
                chat_language=lang,
                channel=tracker.get_latest_input_channel() or "unknown",
                sent=date.fromisoformat(sent),
            )
        except SQLAlchemyError as error:  # the case database is down: say so, offer again
            logger.warning("Case database unavailable, no case opened: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_notice_unavailable")
            dispatcher.utter_message(response="utter_offer_tracking")
            return [SlotSet("pending_offer", "track")]
        say(
            dispatcher, tracker,
            _("I am tracking your {request}. Your reference is {reference}. Keep it with your "
              "letter: it is the only way to find this request again, because I do not keep "
              "your name or e-mail."),
            request=request_name(case, lang), reference=case.reference,
        )
        say(
            dispatcher, tracker,
            _("Sent on {sent}, the answer is due by {due}. If nothing has come by then, come "
              "back and tell me \"they never answered\", or give me your reference: I will "
              "write the reminder or the complaint with you."),
            sent=format_long_date(case.sent, lang), due=format_long_date(case.due, lang),
        )
        link = reminder_link(
            {
                "subject": gettext(lang, _("Reference {reference}"), reference=case.reference),
                "due": case.due,
                "controller": controller.name,
                "language": lang,
            },
            public_url(),
            download_key(),
        )
        label = gettext(lang, _("Calendar reminder (.ics)"))
        dispatcher.utter_message(
            text=f"{label}: {link}",
            json_message={
                "type": "letter_downloads",
                "title": label,
                "expires_in": 3600,
                "links": [{"format": "ics", "label": label, "url": link}],
            },
        )
        return [SlotSet("case_ref", case.reference), SlotSet("sent_date", None)]


class ActionCheckCase(Action):
    """Someone came back: find their case and say what comes next."""

    def name(self) -> str:
        return "action_check_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        case = find_case(tracker)
        if case is None:
            say(dispatcher, tracker, _(
                "I could not find a tracked request for that. Please send me its reference, "
                "which looks like K7QH-M2XP-9D4R. Without it I cannot find your request, "
                "because I keep no names."
            ))
            return [SlotSet("case_ref", None)]
        explain_case(dispatcher, tracker, case)
        return [SlotSet("case_ref", case.reference)]


def explain_case(dispatcher: CollectingDispatcher, tracker: Tracker, case: Case) -> None:
    """Where the case stands and the one next step, with buttons for it."""
    lang = language_of(tracker)
    controller = get_controller(case.controller)
    if case.sent is None or case.due is None:
        say(dispatcher, tracker, _("Your {request} ({reference}) has no sending date yet."),
            request=request_name(case, lang), reference=case.reference)
        return
    say(
        dispatcher, tracker,
        _("Your {request} to {controller} ({reference}) was sent on {sent}; the answer is "
          "due by {due}."),
        request=request_name(case, lang), controller=controller.name,
        reference=case.reference, sent=format_long_date(case.sent, lang),
        due=format_long_date(case.due, lang),
    )
    if case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED):
        say(dispatcher, tracker, _("You told me it was answered, so there is nothing to do."))
        return
    step = case_store().next_step(case, date.today())
    answered = {"title": _("They answered"), "payload": "/answer_received"}
    if step.kind == "wait":
        say(
            dispatcher, tracker,
            _("The deadline has not passed yet: {controller} has until {until} to answer "
              "(Article 12(3)). If it asked you for a photo or an ID copy, or answered only in "
              "part, tell me."),
            controller=controller.name, until=format_long_date(step.until or case.due, lang),
            buttons=[
                {"title": _("Report a problem with the answer"), "payload": "/report_problem"},
                answered,
            ],
        )
    elif step.kind == "follow_up":
        say(
            dispatcher, tracker,
            _("The deadline has passed. If no answer came, the next step is a reminder to "
              "{controller} (Article 12(3) and (4)); after that, a complaint to your data "
              "protection authority (Article 77)."),
            controller=controller.name,
            buttons=[
                {"title": _("Write the reminder"), "payload": "/no_response"},
                {"title": _("Complain to an authority"), "payload": "/file_complaint"},
                answered,
            ],
        )
    else:
        say(
            dispatcher, tracker,
            _("The next step is a complaint to your data protection authority (Article 77). "
              "I can prepare it with what I know about this request."),
            buttons=[
                {"title": _("Prepare the complaint"), "payload": "/file_complaint"},
                answered,
            ],
        )


class ActionCloseCase(Action):
    """The controller answered: mark the case, which retention then deletes in time."""

    def name(self) -> str:
        return "action_close_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        case = find_case(tracker)
        if case is None:
            say(dispatcher, tracker, _(
                "Good news! If you need anything else, for example erasure of your data, "
                "just ask."
            ))
            return []
        case_store().set_status(case.reference, CaseStatus.ANSWERED)
        say(
            dispatcher, tracker,
            _("Good news! I marked {reference} as answered. Closed cases are deleted after "
              "{days} days; say \"forget me\" to delete it now."),
            reference=case.reference, days=load_settings().retention.closed_cases_days,
        )
        return [SlotSet("case_ref", case.reference)]


START_INTENTS = {
    "no_response": RequestType.FOLLOW_UP,
    "file_complaint": RequestType.COMPLAINT,
    "report_problem": RequestType.COMPLAINT,
}


class ActionStartFollowUp(Action):
    """A reminder or a complaint: start the letter form, pre-filled from a tracked case.

    The name and e-mail are asked again: the case never had them.
    """

    def name(self) -> str:
        return "action_start_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        from actions.form_base import ABORTED_SLOT, FAILURES_SLOT
        from actions.request_form import EXPLAINED, FORM_SLOTS, NOT_DUE_YET, not_yet_due
        from bot.jurisdictions import Place, jurisdiction_for
        from bot.registry import complaint_authorities

        intent = tracker.get_intent_of_latest_message() or "no_response"
        request = START_INTENTS.get(intent, RequestType.FOLLOW_UP)
        events: List[EventType] = [SlotSet(s, None) for s in (*FORM_SLOTS, "request_confirmed")]
        events += [
            SlotSet("request_type", request.value),
            SlotSet(FAILURES_SLOT, None),
            SlotSet(ABORTED_SLOT, False),
            SlotSet("pending_offer", None),
        ]
        case = find_case(tracker)
        if case is None:
            return events
        place = Place.from_code(case.place)
        known: Dict[str, Any] = {
            "case_ref": case.reference,
            "country": case.place,
            "jurisdiction": jurisdiction_for(place).code,
            "original_request": case.request_type,
            "sent_date": case.sent.isoformat() if case.sent else None,
        }
        if request is RequestType.COMPLAINT:
            found = complaint_authorities(place.country)
            known["authority"] = found[0].slug if len(found) == 1 else None
            if intent == "no_response":
                known["problem"] = "no_answer"
        say(dispatcher, tracker, _("I found your request {reference}; I will use what I know "
                                   "about it."), reference=case.reference)
        events += [SlotSet(k, v) for k, v in known.items()]
        if case.sent and request is RequestType.FOLLOW_UP:
            due = not_yet_due(_Prefilled(tracker, known), case.sent)
            if due:
                say(dispatcher, tracker, NOT_DUE_YET,
                    due=format_long_date(due, language_of(tracker)))
                events.append(SlotSet(ABORTED_SLOT, EXPLAINED))
        return events


class _Prefilled:
    """A tracker view with some slots overridden (the events are not applied yet)."""

    def __init__(self, tracker: Tracker, slots: Dict[str, Any]) -> None:
        self._tracker, self._slots = tracker, slots

    def get_slot(self, name: str) -> Any:
        return self._slots[name] if name in self._slots else self._tracker.get_slot(name)
