"""The request flow: start, validate each answer, confirm, then hand off to the letter."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    disclaimer_once,
    download_key,
    language_of,
    public_url,
    say,
    say_lines,
)
from actions.form_base import ABORTED_SLOT, FAILURES_SLOT, FriendlyFormValidation
from bot.answers import MAX_LINKS, parse_email, parse_links, parse_name
from bot.deadlines import due_date
from bot.downloads import download_links, letter_request
from bot.i18n import _, format_long_date, gettext
from bot.identification import IdMethod
from bot.jurisdictions import Place, country_name, get_jurisdiction, jurisdiction_for, resolve_place
from bot.letters import render_letter
from bot.registry import complaint_authorities, get_authority
from bot.rights import Problem, RequestType
from bot.settings import load_settings

FORM_SLOTS = (
    "country", "jurisdiction", "id_method", "public_links", "full_name", "email",
    "authority", "original_request", "sent_date", "problem", "missing_items",
)
# Asked only for follow-ups and complaints (about the first request), in this order.
ESCALATION_SLOTS = ("authority", "original_request", "sent_date", "problem", "missing_items")
# Asked only for first requests.
IDENTIFICATION_SLOTS = ("id_method", "public_links")
PERSONAL_SLOTS = ("full_name", "email", "public_links")
REQUEST_INTENTS = {
    "request_access": RequestType.ACCESS,
    "request_erasure": RequestType.ERASURE,
    "request_objection": RequestType.OBJECTION,
}
# Words that answer a yes/no question rather than give a name.
SMALL_TALK_INTENTS = {"affirm", "deny", "greet", "goodbye", "thank"}

ID_METHOD_LABELS = {
    IdMethod.NO_PHOTO: _("1. No photo"),
    IdMethod.PUBLIC_LINKS: _("2. Links to public pages"),
    IdMethod.PHOTO_SEARCH_ONLY: _("3. One photo, search only"),
}
REQUEST_LABELS = {
    RequestType.ACCESS: _("access to your data (Article 15 {law})"),
    RequestType.ERASURE: _("erasure of your data (Article 17 {law})"),
    RequestType.OBJECTION: _("objection to the processing (Article 21(1) {law})"),
    RequestType.FOLLOW_UP: _("a reminder to the company (Article 12(3) and (4) {law})"),
    RequestType.COMPLAINT: _("a complaint to the supervisory authority (Article 77 {law})"),
}
PROBLEM_LABELS = {
    Problem.NO_ANSWER: _("No answer in time"),
    Problem.PARTIAL_ANSWER: _("An incomplete answer"),
    Problem.PHOTO_OR_ID_DEMANDED: _("They demanded a photo or an ID copy"),
    Problem.ACCESS_LIMITED: _("Access limited to 12 months or twice a year"),
}
ORIGINAL_LABELS = {
    RequestType.ACCESS: _("Access to my data"),
    RequestType.ERASURE: _("Erasure of my data"),
    RequestType.OBJECTION: _("Objection to the processing"),
}
CORRECTABLE = ("country", "id_method", "full_name", "email")
# Why links could not be taken, and the re-ask for each (bot.answers.parse_links).
LINK_PROBLEMS = {
    "none": "utter_invalid_public_links",
    "invalid": "utter_unusable_public_links",
    "too_many": "utter_too_many_public_links",
}


# `form_aborted` value for a form ended with its reason already said (no generic message).
EXPLAINED = "explained"
NOT_DUE_YET = _(
    "The answer is not due yet: the deadline runs until {due}. A reminder or a complaint "
    "about a missing answer would be premature, so I have not written one. Come back after "
    "that date if nothing has arrived."
)


# The usual name of each law in each language ("RGPD", "DSGVO", "AVG"); msgids.
LAW_NAMES = {"GDPR": _("GDPR"), "UK GDPR": _("UK GDPR")}


def law_name(jurisdiction: Any, language: str) -> str:
    """The law's short name as people of `language` know it."""
    msgid = LAW_NAMES.get(jurisdiction.law_short)
    return gettext(language, msgid) if msgid else jurisdiction.law_short


def not_yet_due(tracker: Tracker, sent: date) -> date | None:
    """The due date of a request sent on `sent`, if it has not passed today; else None."""
    place = place_from_slot(tracker.get_slot("country"))
    if place is None:
        return None
    jurisdiction = jurisdiction_for(place)
    try:
        due = due_date(sent, jurisdiction.code, place.country, place.subdivision).due
    except ValueError:  # no deadline rule for this jurisdiction
        return None
    return due if date.today() <= due else None


def place_from_slot(value: str | None) -> Place | None:
    """The `country` slot holds 'FR' or a subdivision code such as 'US-IL'."""
    return Place.from_code(value) if value else None


def request_type_of(tracker: Tracker) -> RequestType:
    return RequestType.parse(tracker.get_slot("request_type") or RequestType.ACCESS.value)


class ActionStartRequest(Action):
    """Remember which request the person asked for and clear answers from an earlier one."""

    def name(self) -> str:
        return "action_start_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = tracker.get_intent_of_latest_message()
        request = REQUEST_INTENTS.get(intent or "", RequestType.ACCESS)
        events: List[EventType] = [SlotSet("request_type", request.value)]
        # Only the slots that hold something: every event is replayed by each prediction of
        # every later turn, so a dozen no-op resets would slow the rest of the conversation.
        events += [SlotSet(s, None) for s in (*FORM_SLOTS, "request_confirmed", FAILURES_SLOT)
                   if tracker.get_slot(s) is not None]
        if tracker.get_slot(ABORTED_SLOT) is not False:
            events.append(SlotSet(ABORTED_SLOT, False))
        return events


class ValidateRequestForm(FriendlyFormValidation):
    """Checks every answer of `request_form` and decides which questions remain."""

    def name(self) -> str:
        return "validate_request_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot(ABORTED_SLOT):
            return []
        code = tracker.get_slot("jurisdiction")
        if code and not get_jurisdiction(code).letter_supported:
            return ["country"]  # no letter to write: the submit action gives guidance
        return [slot for slot in domain_slots if self._asks(slot, tracker)]

    @staticmethod
    def _asks(slot: str, tracker: Tracker) -> bool:
        """Whether this request type needs `slot` (first requests identify; others refer)."""
        request = request_type_of(tracker)
        if slot in IDENTIFICATION_SLOTS:
            if not request.is_initial:
                return False
            return slot != "public_links" or (
                tracker.get_slot("id_method") == IdMethod.PUBLIC_LINKS.value
            )
        if slot in ESCALATION_SLOTS:
            if request.is_initial:
                return False
            if slot == "authority":
                return request is RequestType.COMPLAINT
            if slot == "problem":
                return request is RequestType.COMPLAINT
            if slot == "missing_items":
                return tracker.get_slot("problem") == Problem.PARTIAL_ANSWER.value
        return True

    def validate_country(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        place = resolve_place(str(value or ""), language_of(tracker))
        if place is None:
            return self.reject("country", dispatcher, tracker, "utter_invalid_country")
        code = place.subdivision or place.country
        jurisdiction = jurisdiction_for(place)
        extra: Dict[str, Any] = {"jurisdiction": jurisdiction.code}
        if request_type_of(tracker) is RequestType.COMPLAINT:
            found = complaint_authorities(place.country)
            # One authority: no question. Several (German Länder): the person picks.
            extra["authority"] = found[0].slug if len(found) == 1 else None
        return self.accept("country", code, tracker, **extra)

    def validate_authority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        place = place_from_slot(tracker.get_slot("country"))
        choices = complaint_authorities(place.country) if place else []
        text = str(value or "").strip().lower()
        for authority in choices:
            if text in (authority.slug, authority.name.lower()):
                return self.accept("authority", authority.slug, tracker)
        return self.reject("authority", dispatcher, tracker, "utter_invalid_authority")

    def validate_original_request(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = str(value or "").strip().lower()
        lang = language_of(tracker)
        for request, label in ORIGINAL_LABELS.items():
            if text in (request.value, gettext(lang, label).lower()):
                return self.accept("original_request", request.value, tracker)
        return self.reject(
            "original_request", dispatcher, tracker, "utter_invalid_original_request"
        )

    def validate_sent_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        from actions.cases import validate_sent_date_value

        result = validate_sent_date_value(self, value, dispatcher, tracker)
        sent = result.get("sent_date")
        if sent and request_type_of(tracker) is RequestType.FOLLOW_UP:
            not_due = not_yet_due(tracker, date.fromisoformat(sent))
            if not_due:
                say(dispatcher, tracker, NOT_DUE_YET, due=format_long_date(
                    not_due, language_of(tracker)))
                return {"sent_date": None, ABORTED_SLOT: EXPLAINED}
        return result

    def validate_problem(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = str(value or "").strip().lower()
        lang = language_of(tracker)
        for problem, label in PROBLEM_LABELS.items():
            if text in (problem.value, gettext(lang, label).lower()):
                sent = tracker.get_slot("sent_date")
                if problem is Problem.NO_ANSWER and sent:
                    not_due = not_yet_due(tracker, date.fromisoformat(sent))
                    if not_due:
                        say(dispatcher, tracker, NOT_DUE_YET, due=format_long_date(not_due, lang))
                        return {"problem": None, ABORTED_SLOT: EXPLAINED}
                if problem is Problem.ACCESS_LIMITED and (
                    tracker.get_slot("original_request") != RequestType.ACCESS.value
                ):
                    return self.reject("problem", dispatcher, tracker, "utter_invalid_problem")
                return self.accept("problem", problem.value, tracker)
        return self.reject("problem", dispatcher, tracker, "utter_invalid_problem")

    def validate_missing_items(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = " ".join(str(value or "").split())
        if not (3 <= len(text) <= 300) or text.startswith("/"):
            return self.reject(
                "missing_items", dispatcher, tracker, "utter_invalid_missing_items"
            )
        return self.accept("missing_items", text, tracker)

    def validate_id_method(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        method = parse_id_method(str(value or ""), language_of(tracker))
        if method is None:
            return self.reject("id_method", dispatcher, tracker, "utter_invalid_id_method")
        extra = {} if method is IdMethod.PUBLIC_LINKS else {"public_links": None}
        return self.accept("id_method", method.value, tracker, **extra)

    def validate_public_links(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        answer = parse_links(str(value or ""))
        if answer.problem:
            response = LINK_PROBLEMS[answer.problem]
            return self.reject("public_links", dispatcher, tracker, response,
                               max_links=MAX_LINKS)
        return self.accept("public_links", " ".join(answer.links), tracker)

    def validate_full_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        name = parse_name(str(value or ""))
        intent = tracker.latest_message.get("intent", {})
        answers_yes_no = (
            intent.get("name") in SMALL_TALK_INTENTS and intent.get("confidence", 0) > 0.8
        )
        if name is None or answers_yes_no:
            return self.reject("full_name", dispatcher, tracker, "utter_invalid_full_name")
        return self.accept("full_name", name, tracker)

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        email = parse_email(str(value or ""))
        if email is None:
            return self.reject("email", dispatcher, tracker, "utter_invalid_email")
        return self.accept("email", email, tracker)

    def validate_request_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        intent = tracker.get_intent_of_latest_message()
        if intent == "affirm":
            return self.accept("request_confirmed", True, tracker)
        field = next(tracker.get_latest_entity_values("field"), None)
        if intent == "correct_field" and field in CORRECTABLE and (
            field != "id_method" or request_type_of(tracker).is_initial
        ):
            cleared: Dict[str, Any] = {field: None, "request_confirmed": None}
            if field == "country":
                cleared["jurisdiction"] = None
            if field == "id_method":
                cleared["public_links"] = None
            return cleared
        dispatcher.utter_message(response="utter_ask_which_field")
        return {"request_confirmed": None}


def parse_id_method(text: str, language: str) -> IdMethod | None:
    """Accept the enum value (buttons), the option number, or the option's label."""
    text = text.strip().lower()
    for method in IdMethod:
        if text == method.value:
            return method
    numbered = re.fullmatch(r"\(?([123])[.)]?", text) or re.match(r"^([123])\b", text)
    if numbered:
        return list(IdMethod)[int(numbered.group(1)) - 1]
    for method, label in ID_METHOD_LABELS.items():
        words = gettext(language, label).lower().split(" ", 1)[-1]  # drop the "1." prefix
        if words and words in text:
            return method
    return None


class ActionAskRequestConfirmed(Action):
    """Summarise the answers and ask to confirm or correct them."""

    def name(self) -> str:
        return "action_ask_request_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = language_of(tracker)
        place = place_from_slot(tracker.get_slot("country"))
        jurisdiction = get_jurisdiction(tracker.get_slot("jurisdiction") or "OTHER")
        method = IdMethod.parse(tracker.get_slot("id_method") or IdMethod.NO_PHOTO.value)
        request = request_type_of(tracker)
        where = country_name(place.subdivision or place.country, lang) if place else "?"
        lines = [
            (_("Here is your request:"), {}),
            (_("- Request: {request}"), {
                "request": gettext(lang, REQUEST_LABELS[request], law=law_name(jurisdiction, lang))
            }),
            (_("- Where you live: {country} ({law} applies)"), {
                "country": where, "law": law_name(jurisdiction, lang),
            }),
        ]
        if request.is_initial:
            lines.append((_("- Identification: {method}"), {
                "method": gettext(lang, ID_METHOD_LABELS[method])
            }))
            if tracker.get_slot("public_links"):
                lines.append((_("- Links: {links}"), {"links": tracker.get_slot("public_links")}))
        else:
            lines += escalation_summary(tracker, lang)
        lines += [
            (_("- Name: {name}"), {"name": tracker.get_slot("full_name")}),
            (_("- E-mail for the answer: {email}"), {"email": tracker.get_slot("email")}),
            (_("Shall I write the letter?"), {}),
        ]
        fields = [("country", _("Change country"))]
        if request.is_initial:
            fields.append(("id_method", _("Change identification")))
        fields += [("full_name", _("Change name")), ("email", _("Change e-mail"))]
        buttons = [{"title": _("Yes, write the letter"), "payload": "/affirm"}] + [
            {"title": title, "payload": f'/correct_field{{"field":"{field}"}}'}
            for field, title in fields
        ]
        say_lines(dispatcher, tracker, lines, buttons=buttons)
        return []


def escalation_summary(tracker: Tracker, lang: str) -> List[tuple]:
    """Summary lines about the first request, for a reminder or a complaint."""
    original = RequestType.parse(tracker.get_slot("original_request") or "access")
    sent = tracker.get_slot("sent_date")
    lines: List[tuple] = [
        (_("- About your request: {original}, sent on {sent}"), {
            "original": gettext(lang, ORIGINAL_LABELS[original]),
            "sent": format_long_date(date.fromisoformat(sent), lang) if sent else "?",
        }),
    ]
    problem = tracker.get_slot("problem")
    if problem:
        lines.append((_("- What went wrong: {problem}"), {
            "problem": gettext(lang, PROBLEM_LABELS[Problem.parse(problem)])
        }))
    if tracker.get_slot("missing_items"):
        lines.append((_("- Missing from the answer: {items}"), {
            "items": tracker.get_slot("missing_items")
        }))
    if tracker.get_slot("authority"):
        lines.append((_("- Addressed to: {authority}"), {
            "authority": get_authority(tracker.get_slot("authority")).name
        }))
    return lines


def escalation_spec(tracker: Tracker) -> Dict[str, Any]:
    """The follow-up or complaint part of a letter spec, from the form's slots."""
    missing = tracker.get_slot("missing_items")
    problem = tracker.get_slot("problem") or Problem.NO_ANSWER.value
    return {
        "original_request": tracker.get_slot("original_request"),
        "original_sent": tracker.get_slot("sent_date"),
        "problems": [problem],
        "missing_items": [missing] if missing else [],
        "authority": tracker.get_slot("authority"),
    }


class ActionAskAuthority(Action):
    """Several authorities serve the place (German Länder): the person picks theirs."""

    def name(self) -> str:
        return "action_ask_authority"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        place = place_from_slot(tracker.get_slot("country"))
        choices = complaint_authorities(place.country) if place else []
        say(
            dispatcher, tracker,
            _("Which data protection authority is yours? In Germany it is the one of the Land "
              "where you live."),
            buttons=[
                {"title": a.name, "payload": f'/inform{{"authority":"{a.slug}"}}'}
                for a in choices
            ],
        )
        return []


class ActionSubmitRequest(Action):
    """Hand off to letter generation, or give guidance where no letter applies."""

    def name(self) -> str:
        return "action_submit_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        clear_personal = [SlotSet(s, None) for s in (*PERSONAL_SLOTS, "request_confirmed")]
        if tracker.get_slot(ABORTED_SLOT):
            if tracker.get_slot(ABORTED_SLOT) != EXPLAINED:
                dispatcher.utter_message(response="utter_form_aborted")
            return [*clear_personal, SlotSet(ABORTED_SLOT, False), SlotSet(FAILURES_SLOT, None)]
        jurisdiction = get_jurisdiction(tracker.get_slot("jurisdiction") or "OTHER")
        if not jurisdiction.letter_supported:
            explain_other_jurisdiction(dispatcher, tracker, jurisdiction.code)
            return clear_personal + disclaimer_once(dispatcher, tracker)
        events = self._send_letter(dispatcher, tracker)
        return clear_personal + events + disclaimer_once(dispatcher, tracker)

    def _send_letter(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        lang = language_of(tracker)
        today = date.today()
        request_type = request_type_of(tracker)
        # One spec renders the letter shown here and the files behind the download links.
        spec: Dict[str, Any] = {
            "request_type": request_type.value,
            "country": tracker.get_slot("country"),
            "name": tracker.get_slot("full_name") or "",
            "email": tracker.get_slot("email") or "",
            "id_method": tracker.get_slot("id_method") or IdMethod.NO_PHOTO.value,
            "public_links": (tracker.get_slot("public_links") or "").split(),
            "controller": load_settings().default_controller,
            "language": "en",  # the controller's language; complaints: the authority's
            "date": today,
            "reminder_language": lang,
        }
        if request_type.is_initial:
            spec["received"] = today  # e-mail: received the day it is sent (stated below)
        else:
            spec.update(escalation_spec(tracker))
        request = letter_request(spec)
        letter = render_letter(request)
        controller, deadline = request.controller, request.deadline
        if request_type is RequestType.COMPLAINT:
            say(
                dispatcher, tracker,
                _("Here is your complaint to {authority}, in its language. Send it by e-mail to "
                  "{email}, through its online form ({webform}), or by post to: {address}. "
                  "Attach a copy of your first letter and of any answer."),
                authority=letter.recipient_name,
                email=letter.recipient_email or "-",
                webform=letter.recipient_webform or "-",
                address=", ".join(letter.recipient_address_lines),
            )
        else:
            say(
                dispatcher, tracker,
                _("Here is your letter to {controller}: copy it into an e-mail to {email}, "
                  "or print it and post it to: {address}. Keep a copy and note the day you "
                  "send it."),
                controller=controller.name,
                email=controller.email or "-",
                address=", ".join(controller.address_lines),
            )
        # `custom` tells rich channels (widget, Telegram, Slack) to show it as a letter.
        dispatcher.utter_message(
            text=f"{letter.subject}\n\n{letter.body}",
            json_message={"type": "letter", "subject": letter.subject},
        )
        if letter.language != lang:
            self._send_translation(dispatcher, tracker, spec, letter.language)
        if tracker.get_slot("id_method") == IdMethod.PHOTO_SEARCH_ONLY.value:
            say(dispatcher, tracker, _(
                "Attach one photo of your face to the e-mail yourself. I never ask for it "
                "and never see it."
            ))
        if request_type.is_initial:
            assert deadline is not None  # `received` is set, so the deadline is computed
            say(
                dispatcher, tracker,
                _("If {controller} receives it today, {today}, the answer is due by {due} at "
                  "the latest. {rule} It may extend this by two further months only if it "
                  "tells you so, with reasons, within the first month (Article 12(3)). If no "
                  "answer comes, you can send a reminder and complain to your data protection "
                  "authority (Article 77)."),
                controller=controller.name,
                today=format_long_date(today, lang),
                due=format_long_date(deadline.due, lang),
                rule=gettext(lang, DEADLINE_RULES[deadline.rule]),
            )
        if controller.last_verified:
            say(
                dispatcher, tracker,
                _("{controller}'s contact details come from the datenanfragen.de database "
                  "and were last verified on {verified}."),
                controller=controller.name,
                verified=format_long_date(controller.last_verified, lang),
            )
        self._send_download_links(dispatcher, tracker, spec)
        return self._after_letter(dispatcher, tracker, request_type)

    @staticmethod
    def _send_translation(
        dispatcher: CollectingDispatcher, tracker: Tracker, spec: Dict[str, Any], sent_in: str
    ) -> None:
        """The same letter in the person's language, to read, not to send."""
        lang = language_of(tracker)
        mine = render_letter(letter_request({**spec, "language": lang}))
        if mine.language == sent_in:  # no template in that language
            return
        say(dispatcher, tracker, _(
            "So that you know what it says, here is the same letter in your language. Send "
            "the one above: it is in the recipient's language."
        ))
        dispatcher.utter_message(
            text=f"{mine.subject}\n\n{mine.body}",
            json_message={"type": "letter", "subject": mine.subject, "translation": True},
        )

    @staticmethod
    def _after_letter(
        dispatcher: CollectingDispatcher, tracker: Tracker, request_type: RequestType
    ) -> List[EventType]:
        """First requests: offer tracking. Reminders and complaints: update the case."""
        if request_type.is_initial:
            dispatcher.utter_message(response="utter_offer_tracking")
            return [SlotSet("pending_offer", "track")]
        reference = tracker.get_slot("case_ref")
        if reference:
            from actions.cases import case_store
            from bot.cases import CaseStatus

            status = (
                CaseStatus.COMPLAINED if request_type is RequestType.COMPLAINT
                else CaseStatus.FOLLOWED_UP
            )
            case_store().set_status(reference, status)
        return []

    @staticmethod
    def _send_download_links(
        dispatcher: CollectingDispatcher, tracker: Tracker, spec: Dict[str, Any]
    ) -> None:
        """Expiring links that re-render the letter; the server stores nothing."""
        links = download_links(spec, public_url(), download_key())
        labels = {
            "pdf": _("PDF to print: {url}"),
            "eml": _("E-mail file (.eml) to open in your mail program: {url}"),
            "ics": _("Calendar reminder (.ics) for the due date: {url}"),
        }
        lang = language_of(tracker)
        intro = gettext(lang, _("Download your letter (these links work for one hour):"))
        shown = [fmt for fmt in labels if fmt in links]
        text = "\n".join(
            [intro] + [gettext(lang, labels[fmt], url=links[fmt]) for fmt in shown]
        )
        # Plain channels show the text; rich ones (widget, Telegram, Slack) the custom part.
        dispatcher.utter_message(
            text=text,
            json_message={
                "type": "letter_downloads",
                "title": intro,
                "expires_in": 3600,
                "links": [
                    {"format": fmt, "label": gettext(lang, DOWNLOAD_LABELS[fmt]),
                     "url": links[fmt]}
                    for fmt in shown
                ],
            },
        )


DOWNLOAD_LABELS = {
    "pdf": _("PDF to print"),
    "eml": _("E-mail file (.eml)"),
    "ics": _("Calendar reminder (.ics)"),
}



DEADLINE_RULES = {
    "eu-1182-71": _(
        "(The day it receives your letter is not counted; a deadline on a weekend or public "
        "holiday moves to the next working day: Regulation 1182/71, EDPB Guidelines 01/2022 "
        "§§160-161.)"
    ),
    "uk-ico": _(
        "(The UK regulator, the ICO, counts the month from the day of receipt; a deadline on "
        "a weekend or bank holiday moves to the next working day.)"
    ),
    "ch-fadp-30-days": _("(The Swiss FADP gives 30 days to answer an access request.)"),
}


OTHER_JURISDICTION_GUIDANCE: Dict[str, List[str]] = {
    "CH": [
        _("In Switzerland, the revised Federal Act on Data Protection (FADP, in force since "
          "1 September 2023) gives you a right of access, and the controller has 30 days to "
          "answer. The supervisory authority is the FDPIC."),
    ],
    "AU": [
        _("In Australia, the Privacy Act 1988 (APP 12) gives you a right of access, and the "
          "OAIC is the regulator. In 2021 the OAIC ordered Clearview to stop collecting and to "
          "destroy images of Australians ([2021] AICmr 54); Clearview withdrew its appeal in "
          "2024."),
    ],
    "CA": [
        _("In Canada, PIPEDA gives you a right of access, and complaints go to the Office of "
          "the Privacy Commissioner of Canada (OPC)."),
    ],
    "US-IL": [
        _("In Illinois, the Biometric Information Privacy Act (BIPA) applies: since the ACLU "
          "settlement of 2022, Illinois residents can use Clearview's opt-out form, and "
          "Clearview may not sell to Illinois entities for five years."),
    ],
    "US-CA": [
        _("In California, the CCPA/CPRA gives residents rights of access, deletion and opt-out, "
          "which Clearview offers through forms for California residents."),
    ],
}
NO_LETTER_YET = _(
    "I can only write letters under the GDPR and the UK GDPR for now, so I will not write one "
    "that cites a law that does not apply where you live. You can still ask Clearview what it "
    "holds about you at legal-requests@clearview.ai, and a digital rights organisation near "
    "you can help."
)


def explain_other_jurisdiction(
    dispatcher: CollectingDispatcher, tracker: Tracker, code: str
) -> None:
    lines = [(msgid, {}) for msgid in OTHER_JURISDICTION_GUIDANCE.get(code, [])]
    lines.append((NO_LETTER_YET, {}))
    say_lines(dispatcher, tracker, lines)
