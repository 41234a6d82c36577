"""Checking every answer of `request_form`, and deciding which questions remain.

Each `validate_<slot>` turns the person's text into a value with a pure parser from `bot/`
(`bot.answers`, `bot.dates`, `bot.jurisdictions`) and accepts it, or refuses it with the
re-ask that says why (`FriendlyFormValidation`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of
from actions.form_base import FriendlyFormValidation
from actions.request.switch import (
    company_first,
    only_authority,
    switched_request,
    to_the_rules,
)
from actions.slots import (
    ABORTED,
    CORRECTABLE,
    ESCALATION_SLOTS,
    EXPLAINED,
    IDENTIFICATION_SLOTS,
    SENT_HOW,
    SENT_HOW_VALUES,
    SITUATION_FACT_SLOTS,
    SMALL_TALK_INTENTS,
    UNKNOWN,
    given_now,
    guidance_of,
    place_of,
    previous_value,
    problems_kept,
    problems_of,
    request_type_of,
)
from bot.answers import (
    MAX_LINKS,
    parse_authority,
    parse_email,
    parse_id_method,
    parse_links,
    parse_name_answer,
    says_none,
    says_yes,
)
from bot.cities import resolve_residence
from bot.deadlines import not_yet_due
from bot.facts import (
    original_request_in,
    read_facts,
    reasons_in,
    says_dont_know,
    sent_how_in,
)
from bot.i18n import format_long_date, gettext
from bot.identification import IdMethod
from bot.jurisdictions import country_name, jurisdiction_for
from bot.labels import FIELD_NAMES, ORIGINAL_LABELS, PROBLEM_LABELS, REQUEST_NAMES
from bot.registry import complaint_authorities
from bot.rights import Problem, RequestType, parse_problems
from bot.situations import facts_to_ask, situation

# A "yes …" that these intents qualify is no confirmation ("yes, but change the e-mail").
NOT_YES = frozenset({"deny", "correct_field", "stop", "request_access", "request_erasure",
                     "request_objection"})
# Why links could not be taken, and the re-ask for each (bot.answers.parse_links).
LINK_PROBLEMS = {
    "none": "utter_invalid_public_links",
    "invalid": "utter_unusable_public_links",
    "too_many": "utter_too_many_public_links",
}


def read_problems(values: List[Any], language: str) -> List[Problem]:
    """Situation ids, retired ids and button labels typed back, in the order of `Problem`."""
    found: List[Problem] = []
    labels = {gettext(language, label).lower(): problem
              for problem, label in PROBLEM_LABELS.items()}
    for value in values:
        text = str(value or "").strip()
        try:
            found += parse_problems([text])
        except ValueError:
            if text.lower() in labels:
                found.append(labels[text.lower()])
    return [p for p in Problem if p in found]


def note_change(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, value: Any,
                shown: str) -> None:
    """Say what a correction changed, when a value given earlier is replaced by another one
    the person gave while another question was open ("actually I live in Belgium")."""
    before = previous_value(tracker, slot)
    if before is None or before == value or tracker.get_slot("requested_slot") == slot:
        return
    dispatcher.utter_message(response="utter_field_changed", value=shown,
                             field=gettext(language_of(tracker), FIELD_NAMES[slot]))


def premature(dispatcher: CollectingDispatcher, tracker: Tracker, sent: str,
              slot: str) -> Dict[str, Any] | None:
    """Stop a letter about a missing answer before the answer is due (said once, with the
    due date); None when it is due."""
    place = place_of(tracker.get_slot("country"))
    due = not_yet_due(place, date.fromisoformat(sent), date.today()) if place else None
    if due is None:
        return None
    dispatcher.utter_message(response="utter_not_due_yet",
                             due=format_long_date(due, language_of(tracker)))
    return {slot: None, ABORTED: EXPLAINED}


class ValidateRequestForm(FriendlyFormValidation):
    """Checks every answer of `request_form` and decides which questions remain."""

    def name(self) -> str:
        return "validate_request_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        """A message that gives a fact and asks for another letter at once ("no answer yet,
        I want to complain now, I live in Linz") switches the letter here: the fact kept
        the form from handing the turn to the rules that switch it."""
        refused = to_the_rules(tracker)
        if refused:
            return refused
        switch = switched_request(dispatcher, tracker)
        if switch:
            tracker.slots["request_type"] = switch[0]["value"]
            switch += only_authority(tracker)
        first = company_first(dispatcher, tracker)
        if first:
            tracker.slots.update({e["name"]: e["value"] for e in first})
        return switch + first + await super().run(dispatcher, tracker, domain)

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot(ABORTED):
            return []
        guidance = guidance_of(tracker)
        if guidance and not guidance.allows(request_type_of(tracker).value):
            return ["country"]  # no letter to write: the submit action says why
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
            if slot == "missing_items":
                return Problem.PARTIAL_ANSWER in problems_of(tracker)
            if slot == "received_date":
                return tracker.get_slot(SENT_HOW) == "post"
            if slot in SITUATION_FACT_SLOTS:
                return slot in facts_to_ask([p.value for p in problems_of(tracker)])
        return True

    def validate_country(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        place = resolve_residence(str(value or ""))
        if place is None:
            return self.reject("country", dispatcher, tracker, "utter_invalid_country")
        note_change(dispatcher, tracker, "country", place.code,
                    country_name(place.code, language_of(tracker)))
        extra: Dict[str, Any] = {"jurisdiction": jurisdiction_for(place).code}
        if request_type_of(tracker) is RequestType.COMPLAINT:
            found = complaint_authorities(place.country)
            # One authority: no question. Several (German Länder): the person picks.
            extra["authority"] = found[0].slug if len(found) == 1 else None
        return self.accept("country", place.code, tracker, **extra)

    def validate_authority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        place = place_of(tracker.get_slot("country"))
        choices = complaint_authorities(place.country) if place else []
        authority = parse_authority(str(value or ""), choices)
        if authority is None:
            return self.reject("authority", dispatcher, tracker, "utter_invalid_authority")
        return self.accept("authority", authority.slug, tracker)

    def validate_original_request(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = str(value or "").strip().lower()
        lang = language_of(tracker)
        for request, label in ORIGINAL_LABELS.items():
            if text in (request.value, gettext(lang, label).lower()):
                return self.accept("original_request", request.value, tracker)
        said = original_request_in(text)
        if said:
            return self.accept("original_request", said, tracker)
        return self.reject(
            "original_request", dispatcher, tracker, "utter_invalid_original_request"
        )

    def validate_sent_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        asked = tracker.get_slot("requested_slot")
        if asked in ("extension_notice_date", "received_date"):
            # The day answers that question, not when the first request went ("Correos
            # delivered it on 9 September", read as a sending date, answers "when did it
            # arrive?"; the form re-asked it forever when nothing else filled it).
            kept = {"sent_date": previous_value(tracker, "sent_date")}
            if asked in tracker.slots_to_validate():
                return kept  # the answer's own validator reads it
            tracker.slots.update(kept)  # what that validator compares the day with
            return {**kept, **getattr(self, f"validate_{asked}")(value, dispatcher, tracker,
                                                                  domain)}
        result = self.accept_past_date("sent_date", value, dispatcher, tracker)
        sent = result.get("sent_date")
        if sent and request_type_of(tracker) is RequestType.FOLLOW_UP:
            return premature(dispatcher, tracker, sent, "sent_date") or result
        return result

    def validate_sent_how(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = str(value or "")
        how = text if text in SENT_HOW_VALUES else sent_how_in(text)
        if how is None:
            return self.reject("sent_how", dispatcher, tracker, "utter_invalid_sent_how")
        return self.accept("sent_how", how, tracker)

    def validate_received_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """When a posted request arrived: a day (known or estimated, never stated as a fact
        in the letter), or that the person does not know (the letter then says "if")."""
        text = str(value or "")
        if (says_none(text) or says_dont_know(text)
                or tracker.get_intent_of_latest_message() == "deny"):
            return self.accept("received_date", UNKNOWN, tracker)
        result = self.accept_past_date("received_date", value, dispatcher, tracker)
        sent, day = tracker.get_slot("sent_date"), result.get("received_date")
        if day and sent and day < sent:
            return self.reject("received_date", dispatcher, tracker,
                               "utter_invalid_received_date")
        return result

    def validate_extension_notice_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self.accept_past_date("extension_notice_date", value, dispatcher, tracker)

    def validate_extension_reasons_given(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._yes_no("extension_reasons_given", value, dispatcher, tracker)

    def validate_refusal_reasons_given(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._yes_no("refusal_reasons_given", value, dispatcher, tracker)

    def _yes_no(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> Dict[str, Any]:
        """"yes"/"no" from a button, a reason quoted or denied ("ohne Begründung"), or a
        plain yes or no."""
        text = str(value or "")
        answer = text if text in ("yes", "no") else reasons_in(text)
        if answer is None:
            if says_yes(text):
                answer = "yes"
            elif tracker.get_intent_of_latest_message() == "deny" or says_none(text):
                answer = "no"
        if answer is None:
            return self.reject(slot, dispatcher, tracker, f"utter_invalid_{slot}")
        return self.accept(slot, answer, tracker)

    def validate_problem(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """The situations: ids (recognised or from a button) or a label's words."""
        found = read_problems(value if isinstance(value, list) else [value],
                              language_of(tracker))
        found = list(parse_problems(problems_kept(tracker, [p.value for p in found])))
        original = tracker.get_slot("original_request")
        if original:
            found = [p for p in found
                     if RequestType.parse(original) in situation(p).applies_to]
        if not found:
            return self.reject("problem", dispatcher, tracker, "utter_invalid_problem")
        sent = tracker.get_slot("sent_date")
        if found == [Problem.NO_ANSWER] and sent:
            stop = premature(dispatcher, tracker, sent, "problem")
            if stop:
                return stop
        return self.accept("problem", [p.value for p in found], tracker)

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
        if answer.problem == "none" and says_none(str(value or "")):
            # No links after all: the letter identifies the person without a photo.
            dispatcher.utter_message(response="utter_no_links_no_photo")
            return self.accept("id_method", IdMethod.NO_PHOTO.value, tracker, public_links=None)
        if answer.problem:
            return self.reject("public_links", dispatcher, tracker,
                               LINK_PROBLEMS[answer.problem], max_links=MAX_LINKS)
        return self.accept("public_links", " ".join(answer.links), tracker)

    def validate_full_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        # "je m'appelle Claire Martin" typed as the answer: the name, not the sentence.
        text = str(value or "")
        name = read_facts(text).name or parse_name_answer(text)
        intent = tracker.latest_message.get("intent", {})
        answers_yes_no = (
            intent.get("name") in SMALL_TALK_INTENTS and intent.get("confidence", 0) > 0.8
        )
        if name is None or answers_yes_no:
            return self.reject("full_name", dispatcher, tracker, "utter_invalid_full_name")
        note_change(dispatcher, tracker, "full_name", name, name)
        return self.accept("full_name", name, tracker)

    OTHER_FIELDS = set(CORRECTABLE) - {"email"}

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = str(value or "")
        said = original_request_in(text) if "@" not in text else None
        current = request_type_of(tracker)
        if said and current.is_initial and said != current.value:
            # "wait, actually I just want them to delete it all": another letter, not an
            # e-mail address; the question comes again for that letter.
            wanted = RequestType.parse(said)
            dispatcher.utter_message(response="utter_request_type_changed", request=gettext(
                language_of(tracker), REQUEST_NAMES[wanted]))
            return {"email": None, "request_type": wanted.value}
        email = parse_email(text)
        if email is None and "@" not in text and set(given_now(tracker)) & self.OTHER_FIELDS:
            return {"email": None}  # "my name is …" here: a correction, said; asked again
        if email is None:
            return self.reject("email", dispatcher, tracker, "utter_invalid_email")
        note_change(dispatcher, tracker, "email", email, email)
        return self.accept("email", email, tracker)

    def validate_request_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if any(slot in given_now(tracker) for slot in CORRECTABLE):
            return {"request_confirmed": None}  # a new value: checked, said, summarised again
        intent = tracker.get_intent_of_latest_message()
        if intent == "affirm" or (intent not in NOT_YES and says_yes(str(value))):
            return self.accept("request_confirmed", True, tracker)
        dispatcher.utter_message(response="utter_ask_which_field")
        return {"request_confirmed": None}
