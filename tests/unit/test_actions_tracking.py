"""Tracking, privacy and language actions on real trackers and a real SQLite case store.

The chat and `python -m bot case show` word the next step of a case with one sentence
(`bot.cases.policy.describe`): after a complaint the chat used to offer the complaint again
(UK) or say the controller still had time under Art. 12(3) (EU), while the command line said
the opposite. Both are checked here, in the chat and on the command line.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Iterator

import pytest

from actions import tracking
from actions.language import ActionSwitchLanguage
from actions.privacy import ActionForgetMe, ActionPrivacyNotice
from actions.request.start import ActionStartFollowUp
from actions.tracking import ActionCheckCase, ActionCloseCase, ActionTrackCase
from bot.cases import CaseStatus, CaseStore
from bot.cases.cli import describe_case
from bot.cases.policy import describe, law_of
from bot.i18n import format_long_date
from tests.unit.conftest import message, run, said, slot_events, tracker_from

TODAY = datetime.date.today()


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CaseStore]:
    """The actions' case store, on a fresh SQLite file."""
    monkeypatch.setenv("CASES_DB_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    monkeypatch.setenv("CASES_SECRET", "unit-test-secret-0123456789")
    tracking.case_store.cache_clear()
    yield tracking.case_store()
    tracking.case_store().close()
    tracking.case_store.cache_clear()


def open_case(store: CaseStore, place: str = "FR", sent_days_ago: int = 10) -> str:
    return store.open_case(
        owner="unit-test", request_type="access", controller="clearview-ai", place=place,
        letter_language="en", chat_language="en", channel="rest",
        sent=TODAY - datetime.timedelta(days=sent_days_ago)).reference


def test_tracking_opens_a_case_with_reference_due_date_and_reminder(store: CaseStore) -> None:
    tracker = tracker_from("summary_confirmed", sent_date=TODAY.isoformat())
    messages, events = run(ActionTrackCase(), tracker)
    reference = slot_events(events)["case_ref"]
    case = store.find(reference)
    assert case is not None and case.sent == TODAY
    text = said(messages)
    assert f"Your reference is {reference}" in text
    assert format_long_date(case.due, "en") in text
    assert messages[-1]["custom"]["links"][0]["format"] == "ics"


@pytest.mark.parametrize(("place", "language"), [("FR", "en"), ("GB", "fr"), ("DE", "de")])
def test_after_a_complaint_the_chat_says_what_the_command_line_says(
    store: CaseStore, place: str, language: str,
) -> None:
    reference = open_case(store, place, sent_days_ago=60)
    store.set_status(reference, CaseStatus.COMPLAINED)
    case = store.find(reference)
    assert case is not None
    step = store.next_step(case, TODAY)
    tracker = tracker_from("summary_confirmed", language=language, case_ref=reference,
                           message=message("status?", "check_case"))
    text = said(run(ActionCheckCase(), tracker)[0], language)
    # The chat's sentence is the policy's, in the person's language...
    assert describe(step, law_of(case), language) in text
    # ...and never the old drift: a complaint offered again, or the controller's deadline.
    assert "Prepare the complaint" not in text and "12(3)" not in text
    cli = describe_case(case, TODAY)
    assert step.reason in cli
    assert ("78(2)" in step.reason) == (place != "GB")  # the EU judicial remedy only


def test_before_the_deadline_the_chat_offers_to_report_a_problem(store: CaseStore) -> None:
    reference = open_case(store, sent_days_ago=2)
    tracker = tracker_from("summary_confirmed", case_ref=reference,
                           message=message("status?", "check_case"))
    messages, _ = run(ActionCheckCase(), tracker)
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        "/report_problem", "/answer_received"]
    assert "has until" in said(messages)


def test_an_unknown_reference_is_not_replaced_by_another_case(store: CaseStore) -> None:
    open_case(store)
    tracker = tracker_from("summary_confirmed",
                           message=message("ref ZZZZ-ZZZZ-ZZZZ", "check_case"))
    messages, events = run(ActionCheckCase(), tracker)
    assert messages[0]["response"] == "utter_case_not_found"
    assert slot_events(events)["case_ref"] is None


def test_a_reminder_from_a_case_is_prefilled_and_refused_before_the_due_date(
    store: CaseStore,
) -> None:
    reference = open_case(store, sent_days_ago=3)
    tracker = tracker_from("summary_confirmed", case_ref=reference,
                           message=message("they never answered", "no_response"))
    messages, events = run(ActionStartFollowUp(), tracker)
    slots = slot_events(events)
    assert slots["request_type"] == "follow_up" and slots["original_request"] == "access"
    assert slots["country"] == "FR" and slots["form_aborted"] == "explained"
    assert [m["response"] for m in messages] == ["utter_case_found", "utter_not_due_yet"]


def test_answered_closes_the_case(store: CaseStore) -> None:
    reference = open_case(store)
    tracker = tracker_from("summary_confirmed", case_ref=reference,
                           message=message("they answered", "answer_received"))
    text = said(run(ActionCloseCase(), tracker)[0])
    assert f"I marked {reference} as answered" in text
    case = store.find(reference)
    assert case is not None and case.status is CaseStatus.ANSWERED


def test_forget_me_deletes_the_cases_and_says_how_many(store: CaseStore) -> None:
    open_case(store)
    open_case(store)
    messages, events = run(ActionForgetMe(), tracker_from("summary_confirmed"))
    assert "and 2 tracked requests" in said(messages)
    assert store.cases_of(owner="unit-test") == []
    assert events[0]["event"] == "reset_slots"


def test_the_privacy_notice_comes_from_the_settings(settings_file, monkeypatch) -> None:
    settings_file("organisation:\n  name: Unit NGO\nretention:\n  conversations_days: 9\n"
                  "  closed_cases_days: 77\n")
    monkeypatch.setenv("TRACKER_DIALECT", "postgresql")
    text = said(run(ActionPrivacyNotice(), tracker_from("summary_confirmed"))[0])
    assert "a PostgreSQL database run by Unit NGO" in text
    assert "deleted 9 days after" in text and "until 77 days after" in text


def test_switching_language_by_name_and_asking_when_none_is_named() -> None:
    switch = message("parlons français", "switch_language",
                     [{"entity": "language", "value": "fr"}])
    messages, events = run(ActionSwitchLanguage(), tracker_from("summary_confirmed",
                                                                message=switch))
    assert slot_events(events) == {"language": "fr"}
    assert messages[0]["response"] == "utter_language_switched"
    unnamed = message("another language please", "switch_language")
    messages, events = run(ActionSwitchLanguage(), tracker_from("summary_confirmed",
                                                                message=unnamed))
    assert events == [] and messages[0]["response"] == "utter_which_language"


@pytest.mark.parametrize("confidence, answered", [(0.44, True), (0.9, False)])
def test_an_answer_the_classifier_took_for_a_case_matter_answers_the_question(
        store: CaseStore, confidence: float, answered: bool) -> None:
    """Found by nl-01: "doe maar met links…" read as a problem with a request (0.44) made
    the assistant say it found no tracked request, again and again."""
    text = "doe maar met links naar foto's van mij die toch al online staan"
    tracker = tracker_from("asking_email", requested_slot="id_method", request_type="access",
                           id_method=None,
                           message=message(text, "report_problem", confidence=confidence))
    messages, events = run(ActionCheckCase(), tracker)
    if answered:
        assert messages == [] and slot_events(events)["id_method"] == "public_links"
    else:
        assert [m["response"] for m in messages] == ["utter_case_not_found"]


@pytest.mark.parametrize("text, found", [
    ("met links naar mijn foto's", None),
    ("what does this mean for me", None),
    ("hab hier den code 9DLF-WW3N-H8YC, was ist da los", "9DLF-WW3N-H8YC"),
    ("ref k7qh m2xp 9d4r please", "k7qh m2xp 9d4r"),
    ("kqhm-xpdr-tvwz", "kqhm-xpdr-tvwz"),
    ("kqhm xpdr tvwz", "kqhm xpdr tvwz"),
])
def test_three_short_words_are_no_case_reference(text: str, found: str | None) -> None:
    from bot.cases.reference import new_reference
    from bot.patterns import find_case_reference

    assert find_case_reference(text) == found
    assert all(any(ch.isdigit() for ch in new_reference()) for _ in range(200))


@pytest.mark.parametrize("text, confidence, answered", [
    ("con enlaces mejor, tengo fotos en la web del club", 0.52, True),
    ("con enlaces mejor, tengo fotos en la web del club", 0.9, False),
    ("¿tengo que mandar fotos o bastan enlaces?", 0.52, False),
    ("ni idea la verdad, me da igual", 0.52, False),
])
def test_a_question_during_a_request_that_answers_it_is_the_answer(
        text: str, confidence: float, answered: bool) -> None:
    """Found by es-02: "con enlaces mejor, tengo fotos en la web del club" at the
    identification question, read as "is my face in their database?" (0.52), was answered
    as that question and asked again every time it was typed."""
    from actions.request.answer_first import ActionAnswerFirst

    tracker = tracker_from("asking_email", requested_slot="id_method", request_type="access",
                           id_method=None, language="es",
                           message=message(text, "ask_face_in_database",
                                           confidence=confidence))
    messages, events = run(ActionAnswerFirst(), tracker)
    assert messages == []
    if answered:
        assert slot_events(events)["id_method"] == "public_links"
        assert events[-1] == {"event": "followup", "name": "request_form",
                              "timestamp": None}
    else:
        assert events == []


@pytest.mark.parametrize("text, code", [
    ("sigamos en italiano, porfa", "it"),
    ("kunnen we verder in het Duits?", "de"),
    ("日本語でお願いします", "ja"),
    ("je parle français et anglais", None),  # two languages: which one?
])
def test_a_language_the_entity_extractor_missed_is_read_from_the_message(
        text: str, code: str | None) -> None:
    switch = message(text, "switch_language")  # no `language` entity
    messages, events = run(ActionSwitchLanguage(), tracker_from("summary_confirmed",
                                                                message=switch))
    if code:
        assert slot_events(events) == {"language": code}
    else:
        assert events == [] and messages[0]["response"] == "utter_which_language"


@pytest.mark.parametrize("ranking, switched", [
    ([("nlu_fallback", 0.4), ("file_complaint", 0.44), ("no_response", 0.41)], "complaint"),
    ([("nlu_fallback", 0.4), ("no_response", 0.44), ("file_complaint", 0.41)], None),
    ([("nlu_fallback", 0.4), ("file_complaint", 0.3), ("no_response", 0.28)], None),
])
def test_a_complaint_too_close_to_call_still_switches_the_reminder(
        ranking: list, switched: str | None) -> None:
    """Found by de-06: "bis heute keine Antwort, gar nix. ich will mich jetzt beschweren!
    wohne in Linz" (complaint 0.44, no answer 0.41: the fallback's ambiguity) wrote the
    reminder, not the complaint."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.request.switch import switched_request

    text = "bis heute keine Antwort, gar nix. ich will mich jetzt beschweren! wohne in Linz"
    parsed = {"text": text, "entities": [],
              "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
              "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}
    tracker = tracker_from("asking_email", extracted={"country": "AT"},
                           requested_slot="country", request_type="follow_up",
                           language="de", message=parsed)
    dispatcher = CollectingDispatcher()
    events = switched_request(dispatcher, tracker)
    if switched:
        assert slot_events(events) == {"request_type": switched}
        assert dispatcher.messages[0]["response"] == "utter_request_type_changed"
    else:
        assert events == [] and dispatcher.messages == []


@pytest.mark.parametrize("ended_between", [False, True])
def test_what_was_said_about_the_first_request_before_asking_for_a_reminder_is_kept(
        store: CaseStore, ended_between: bool) -> None:
    """Found by en-f2: "i sent clearview a subject access request by email on the 2nd of
    september", then "can you write me a reminder": the date, the channel and the request
    were asked again. What an earlier letter's form collected is still forgotten."""
    facts = {"sent_date": "2026-09-02", "sent_how": "email", "original_request": "access"}
    tracker = tracker_from("summary_confirmed", request_type=None, requested_slot=None,
                           message=message("can you write me a reminder", "no_response"),
                           **facts)
    tracker.active_loop = {}
    tracker.events = [
        {"event": "user", "text": "i sent clearview a request", "parse_data": {}},
        *({"event": "slot", "name": k, "value": v} for k, v in facts.items()),
        {"event": "action", "name": "action_clarify"},
        *([{"event": "active_loop", "name": None}] if ended_between else []),
        {"event": "user", "text": "can you write me a reminder", "parse_data": {}},
    ]
    cleared = {k for k, v in slot_events(run(ActionStartFollowUp(), tracker)[1]).items()
               if v is None}
    assert (cleared & set(facts)) == (set(facts) if ended_between else set())
