"""The request flow and the question actions, on real rasa_sdk `Tracker` objects."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHumanHandoff
from actions.questions import (
    ActionClarify,
    ActionComplaintGuidance,
    ActionExplainDeadline,
    ActionFallbackKeepingFacts,
)
from actions.request.correct import ActionCorrectField
from actions.request.start import ActionStartRequest
from actions.request.submit import ActionSubmitRequest
from actions.request.validate import ValidateRequestForm
from actions.session import ActionDisclaimerOnce, ActionSessionStart
from bot.answers import parse_email, parse_id_method
from bot.answers import parse_name as clean_name
from bot.deadlines import due_date
from bot.i18n import format_long_date
from bot.identification import IdMethod
from tests.unit.conftest import DOMAIN, message, run, said, slot_events, tracker_from

# --- the request form -------------------------------------------------------------------------


def test_country_answer_sets_country_and_jurisdiction() -> None:
    tracker = tracker_from(
        "asking_email", requested_slot="country", extracted={"country": "I live in Belgium"},
        jurisdiction=None, message=message("I live in Belgium"),
    )
    slots = slot_events(run(ValidateRequestForm(), tracker)[1])
    assert slots["country"] == "BE" and slots["jurisdiction"] == "EU"


def test_country_outside_gdpr_ends_the_form_after_the_country() -> None:
    tracker = tracker_from(
        "asking_email", requested_slot="country", extracted={"country": "Turkey"},
        jurisdiction=None,
        message=message("Turkey"),  # Brazil has LGPD letters since issue 16
    )
    _messages, events = run(ValidateRequestForm(), tracker)
    slots = slot_events(events)
    assert slots["jurisdiction"] == "OTHER"
    assert slots["requested_slot"] is None  # nothing more to ask: guidance, not a letter


def test_unknown_country_is_asked_again() -> None:
    tracker = tracker_from(
        "asking_email", requested_slot="country", extracted={"country": "Narnia"},
        jurisdiction=None,
        message=message("Narnia"),
    )
    messages, events = run(ValidateRequestForm(), tracker)
    assert slot_events(events)["country"] is None
    assert messages[0]["response"] == "utter_invalid_country"


def test_bad_email_is_explained_then_a_way_out_then_the_form_stops() -> None:
    tracker = tracker_from("asking_email", extracted={"email": "not an email"})
    messages, events = run(ValidateRequestForm(), tracker)
    slots = slot_events(events)
    assert [m["response"] for m in messages] == ["utter_invalid_email"]
    assert slots["email"] is None and slots["form_failures"] == {"email": 1}

    tracker = tracker_from(
        "asking_email", extracted={"email": "still bad"}, form_failures={"email": 1}
    )
    messages, events = run(ValidateRequestForm(), tracker)
    assert [m["response"] for m in messages] == ["utter_invalid_email", "utter_form_way_out"]

    tracker = tracker_from(
        "asking_email", extracted={"email": "bad again"}, form_failures={"email": 2}
    )
    messages, events = run(ValidateRequestForm(), tracker)
    slots = slot_events(events)
    assert slots["form_aborted"] is True
    assert slots["requested_slot"] is None


def test_good_email_is_normalised_and_clears_failures() -> None:
    tracker = tracker_from(
        "asking_email", extracted={"email": "my email is Jane.Doe@Example.ORG"},
        form_failures={"email": 1},
    )
    slots = slot_events(run(ValidateRequestForm(), tracker)[1])
    assert slots["email"] == "Jane.Doe@example.org"
    assert slots["form_failures"] == {}


def test_public_links_are_asked_only_for_that_method() -> None:
    tracker = tracker_from("asking_email", requested_slot="id_method",
                           extracted={"id_method": "2"}, message=message("2"))
    slots = slot_events(run(ValidateRequestForm(), tracker)[1])
    assert slots["id_method"] == "public_links"
    form = ValidateRequestForm()
    domain_slots = form.domain_slots(DOMAIN)
    needed = asyncio.run(form.required_slots(
        domain_slots, CollectingDispatcher(), tracker_from("asking_email", **slots), DOMAIN
    ))
    assert "public_links" in needed
    without = asyncio.run(form.required_slots(
        domain_slots, CollectingDispatcher(), tracker_from("asking_email"), DOMAIN
    ))
    assert "public_links" not in without


def test_correcting_a_field_clears_it_and_the_confirmation() -> None:
    tracker = tracker_from(
        "summary_confirmed", requested_slot="full_name",
        message=message("I need to change my e-mail", "correct_field",
                        [{"entity": "field", "value": "email"}]),
    )
    messages, events = run(ActionCorrectField(), tracker)
    slots = slot_events(events)
    assert slots["email"] is None and slots["request_confirmed"] is None
    assert "full_name" not in slots and "country" not in slots
    assert said(messages) == "All right, let's change the e-mail address."


def test_a_correction_with_its_new_value_is_left_to_the_form() -> None:
    """"Actually I live in Belgium": the place entity already filled the slot; the form checks
    it and says what changed (validate.note_change)."""
    tracker = tracker_from(
        "summary_confirmed", extracted={"country": "BE"}, requested_slot="full_name",
        message=message("actually I live in Belgium", "correct_field",
                        [{"entity": "place", "value": "BE"}]),
    )
    messages, events = run(ActionCorrectField(), tracker)
    assert slot_events(events) == {"request_confirmed": None} and not messages


def test_a_new_place_given_at_another_question_is_said() -> None:
    tracker = tracker_from("summary_confirmed", extracted={"country": "BE"},
                           requested_slot="full_name",
                           message=message("actually I live in Belgium", "correct_field"))
    tracker.events[:0] = [{"event": "slot", "name": "country", "value": "FR"}]
    tracker.active_loop = {"name": "request_form"}
    messages, events = run(ValidateRequestForm(), tracker)
    assert slot_events(events)["country"] == "BE"
    assert "Noted: I changed the country to Belgium." in said(messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("no_photo", IdMethod.NO_PHOTO), ("2", IdMethod.PUBLIC_LINKS),
     ("3.", IdMethod.PHOTO_SEARCH_ONLY), ("No photo please", IdMethod.NO_PHOTO),
     ("banana", None)],
)
def test_id_method_parsing(text: str, expected: IdMethod | None) -> None:
    assert parse_id_method(text, "en") is expected


def test_name_and_email_parsing() -> None:
    assert clean_name("  Jane   Doe ") == "Jane Doe"
    assert clean_name("what is this?") is None
    assert clean_name("jane@example.org") is None
    assert parse_email("write to kim-lee@mail.co.uk please") == "kim-lee@mail.co.uk"
    assert parse_email("kim@@mail") is None


def test_start_request_takes_the_request_type_from_the_intent() -> None:
    tracker = tracker_from("summary_confirmed", message=message("delete", "request_erasure"),
                           original_request="access")
    messages, events = run(ActionStartRequest(), tracker)
    slots = slot_events(events)
    assert slots["request_type"] == "erasure"
    # What the person said about themselves is kept (and confirmed in the summary) ...
    assert "full_name" not in slots and "email" not in slots and "country" not in slots
    # ... the rest of the earlier letter is not.
    assert slots["original_request"] is None and slots["request_confirmed"] is None
    # Slots that hold nothing are left alone (each event costs every later prediction).
    assert "authority" not in slots and tracker.get_slot("authority") is None
    assert not messages  # no form was open: nothing to announce


def test_changing_the_request_type_during_the_form_says_so() -> None:
    tracker = tracker_from("summary_confirmed", requested_slot="full_name",
                           message=message("actually no, delete everything", "request_erasure"))
    tracker.active_loop = {"name": "request_form"}
    messages, events = run(ActionStartRequest(), tracker)
    assert slot_events(events)["request_type"] == "erasure"
    assert said(messages).startswith("All right, we switch to this request: erasure request.")


def test_facts_of_the_message_that_starts_a_request_are_kept() -> None:
    tracker = tracker_from("summary_confirmed", extracted={"country": "FR"}, country=None,
                           message=message("I live in Lyon and want my data",
                                           "request_access"))
    slots = slot_events(run(ActionStartRequest(), tracker)[1])
    assert "country" not in slots  # set by the place entity, not cleared


# --- the letter hand-off ----------------------------------------------------------------------


def test_submit_writes_the_letter_with_its_due_date_and_forgets_personal_slots() -> None:
    messages, events = run(ActionSubmitRequest(), tracker_from("summary_confirmed"))
    text = said(messages)
    assert "Request for access to my personal data under Article 15 GDPR" in text
    assert "Jane Doe" in text and "jane.doe@example.org" in text
    assert format_long_date(due_date(date.today(), "EU", "FR").due, "en") in text
    assert "legal-requests@clearview.ai" in text
    assert "Here is your letter to Clearview AI, Inc.: copy it" in text  # no "Inc.."
    assert "PDF to print: http://localhost:5005/webhooks/letters/download/" in text
    assert "Calendar reminder (.ics)" in text
    assert messages[-1]["response"] == "utter_disclaimer"
    slots = slot_events(events)
    assert slots["full_name"] is None and slots["email"] is None
    assert slots["disclaimer_shown"] is True


def test_submit_gives_guidance_instead_of_a_letter_outside_gdpr() -> None:
    tracker = tracker_from("summary_confirmed", country="US-IL", jurisdiction="US-IL")
    text = said(run(ActionSubmitRequest(), tracker)[0])
    assert "opt-out form" in text
    assert "Article 15" not in text


def test_submit_after_aborted_form_sends_no_letter() -> None:
    tracker = tracker_from("summary_confirmed", form_aborted=True)
    messages, _ = run(ActionSubmitRequest(), tracker)
    assert [m["response"] for m in messages] == ["utter_form_aborted"]


# --- other actions ----------------------------------------------------------------------------


def test_disclaimer_is_said_only_once() -> None:
    messages, events = run(ActionDisclaimerOnce(), tracker_from("summary_confirmed"))
    assert messages[0]["response"] == "utter_disclaimer"
    assert SlotSet("disclaimer_shown", True) in events
    tracker = tracker_from("summary_confirmed", disclaimer_shown=True)
    assert run(ActionDisclaimerOnce(), tracker) == ([], [])


def test_clarify_offers_the_ranked_intents_as_buttons() -> None:
    tracker = tracker_from("summary_confirmed", message={
        "intent": {"name": "nlu_fallback", "confidence": 1.0},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 1.0},
            {"name": "ask_deadline", "confidence": 0.41},
            {"name": "inform", "confidence": 0.3},
            {"name": "no_response", "confidence": 0.2},
        ],
    })
    messages, _ = run(ActionClarify(), tracker)
    buttons = [b["payload"] for b in messages[0]["buttons"]]
    assert buttons == ["/ask_deadline", "/no_response", "/out_of_scope"]


@pytest.mark.parametrize("text, ranking, yes, reread", [
    ("yes thanks", [("affirm", 0.49), ("thank", 0.48)], True, True),
    ("oui merci", [("thank", 0.48), ("affirm", 0.47)], True, True),
    ("thanks, anyway", [("thank", 0.48), ("affirm", 0.47)], False, False),
    ("yes, what is the deadline", [("affirm", 0.45), ("ask_deadline", 0.44)], True, False),
])
def test_a_yes_with_thanks_is_a_yes(text: str, ranking: list, yes: bool, reread: bool) -> None:
    """Found by en-09: "yes thanks" to "shall I keep track of this request?" (affirm 0.49,
    thank 0.48) got "did you mean…?" buttons; it is read again as a yes."""
    entities = [{"entity": "affirmation", "value": "yes"}] if yes else []
    tracker = tracker_from("summary_confirmed", message={
        "text": text, "entities": entities,
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4}]
        + [{"name": n, "confidence": c} for n, c in ranking],
    })
    messages, events = run(ActionClarify(), tracker)
    if reread:
        assert messages == []
        assert [e["event"] for e in events] == ["rewind", "action", "user"]
        assert events[1]["name"] == "action_listen"
        assert events[2]["text"] == text
        assert events[2]["parse_data"]["intent"] == {"name": "affirm", "confidence": 1.0}
    else:
        assert events == [] and messages[0]["response"] == "utter_clarify"


def test_deadline_answer_computes_an_example_for_the_users_country() -> None:
    tracker = tracker_from("summary_confirmed", country="GB", jurisdiction="UK")
    text = said(run(ActionExplainDeadline(), tracker)[0])
    assert "Art. 12A UK GDPR" in text and "Article 12(3) GDPR" not in text  # issue 16
    assert format_long_date(due_date(date.today(), "UK", "GB").due, "en") in text
    assert "Article 12A of the UK GDPR" in text  # received today: after 5 February 2026


def test_handoff_answers_from_the_settings_file(settings_file) -> None:
    settings_file("organisation:\n  name: Unit NGO\n  email: people@unit.test\n")
    text = said(run(ActionHumanHandoff(), tracker_from("summary_confirmed"))[0])
    assert "Unit NGO" in text and "people@unit.test" in text


def test_session_start_takes_the_channel_language_hint() -> None:
    tracker = tracker_from("summary_confirmed", session_started_metadata={"language": "fr-BE"})
    events = run(ActionSessionStart(), tracker)[1]
    assert {"event": "slot", "timestamp": None, "name": "language", "value": "fr"} in events


@pytest.mark.parametrize(("language", "shown"), [("en", "Noted: you live in Japan."),
                                                  ("fr", "Japon"), ("ja", "日本")])
def test_a_place_said_before_any_request_is_kept_and_confirmed(language: str, shown: str) -> None:
    """"I live in Osaka" as a first message got "I did not understand" (its place was kept,
    unsaid): it is confirmed by name, with the way on."""
    tracker = tracker_from("summary_confirmed", extracted={"country": "JP"}, language=language,
                           message=message("I live in Osaka"))
    messages, events = run(ActionFallbackKeepingFacts(), tracker)
    assert [m["response"] for m in messages] == ["utter_noted_place", "utter_how_can_i_help"]
    assert shown in said(messages, language)
    assert events[0]["event"] == "rewind" and slot_events(events) == {"country": "JP"}


def test_a_message_that_gave_nothing_is_not_understood() -> None:
    tracker = tracker_from("summary_confirmed", extracted={}, message=message("blorp"))
    messages, events = run(ActionFallbackKeepingFacts(), tracker)
    assert [m["response"] for m in messages] == ["utter_default"]
    assert [e["event"] for e in events] == ["rewind"]


@pytest.mark.parametrize(("request_type", "switched"), [("access", True), ("follow_up", False)])
def test_they_never_answer_during_a_first_request_starts_the_reminder(
        request_type: str, switched: bool) -> None:
    """Found by nl-f2: "ze reageren gewoon niet.. kun jij een herinnering voor me opstellen?"
    typed at a question of an access request gave complaint guidance and the access letter."""
    tracker = tracker_from("asking_email", request_type=request_type, country="NL",
                           jurisdiction="EU", message=message(
                               "ze reageren gewoon niet, kun jij een herinnering opstellen?",
                               "no_response"))
    messages, events = run(ActionComplaintGuidance(), tracker)
    responses = [m.get("response") for m in messages]
    assert (slot_events(events).get("request_type") == "follow_up") is switched
    assert ("utter_request_type_changed" in responses) is switched
    assert ("utter_complaint_next_steps" in responses) is not switched


@pytest.mark.parametrize(("extracted", "refused"), [
    ({"problem": ["no_answer"]}, True),
    ({"problem": ["no_answer"], "email": "sanne@example.org"}, False),  # it answered too
])
def test_asking_for_a_reminder_during_a_first_request_goes_to_the_rules(
        extracted: dict, refused: bool) -> None:
    """nl-f2: the "no answer" the message told filled the problem slot, so the form took
    the turn and asked the open question again, and the access letter was written."""

    tracker = tracker_from("asking_email", extracted=extracted, message=message(
        "ze reageren gewoon niet.. kun jij een herinnering voor me opstellen?", "no_response",
        confidence=0.48))
    events = run(ValidateRequestForm(), tracker)[1]
    assert (events == [{"event": "action_execution_rejected", "name": "request_form",
                        "policy": None, "confidence": None, "timestamp": None}]) is refused
