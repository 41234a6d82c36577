"""What a situation needs is asked only for it, and read from the person's own words first
(issue 17): an extension's day and reasons, a refusal's reasons, two dates in one message."""

from __future__ import annotations

from datetime import date

import pytest

from actions.request.validate import ValidateRequestForm
from bot.facts import read_facts
from tests.unit.conftest import message, run, slot_events, tracker_from


def form(problem: list, **slots) -> object:
    return tracker_from("asking_email", request_type="follow_up", country="FR",
                        jurisdiction="EU", original_request="access", sent_date="2026-09-01",
                        sent_how="email", problem=problem, full_name="Jane Doe",
                        email="jane@example.org", **slots)


@pytest.mark.parametrize("problem, asked", [
    (["refusal_without_remedies"], "refusal_reasons_given"),
    (["extension"], "extension_notice_date"),
    (["no_answer"], "request_confirmed"),
    (["wrong_language"], "request_confirmed"),
])
def test_each_situation_asks_only_what_its_letter_needs(problem: list, asked: str) -> None:
    assert slot_events(run(ValidateRequestForm(), form(problem))[1])["requested_slot"] == asked


def test_an_extension_asks_for_its_reasons_once_its_day_is_known() -> None:
    tracker = form(["extension"], extension_notice_date="2026-09-20")
    assert slot_events(run(ValidateRequestForm(), tracker)[1])["requested_slot"] == (
        "extension_reasons_given")


@pytest.mark.parametrize("typed, intent, answer", [
    ("ja, am 27. November angekündigt, ohne Begründung", "inform", "no"),
    ("they said it was because of 'legitimate interest'", "inform", "yes"),
    ("nee", "deny", "no"),
    ("yes they did", "affirm", "yes"),
])
def test_reasons_are_read_from_what_people_type(typed: str, intent: str, answer: str) -> None:
    tracker = form(["refusal_without_remedies"], requested_slot="refusal_reasons_given",
                   extracted={"refusal_reasons_given": typed}, message=message(typed, intent))
    assert slot_events(run(ValidateRequestForm(), tracker)[1])["refusal_reasons_given"] == answer


def test_an_unclear_answer_about_reasons_is_asked_again() -> None:
    tracker = form(["refusal_without_remedies"], requested_slot="refusal_reasons_given",
                   extracted={"refusal_reasons_given": "hmm"}, message=message("hmm"))
    messages, events = run(ValidateRequestForm(), tracker)
    assert slot_events(events)["refusal_reasons_given"] is None
    assert messages[0]["response"] == "utter_invalid_refusal_reasons_given"


def test_the_extensions_day_does_not_replace_the_first_requests() -> None:
    tracker = form(["extension"], requested_slot="extension_notice_date",
                   extracted={"extension_notice_date": "am 27. November",
                              "sent_date": "2026-11-27"}, message=message("am 27. November"))
    slots = slot_events(run(ValidateRequestForm(), tracker)[1])
    assert slots["extension_notice_date"] == "2026-11-27"
    assert slots["sent_date"] != "2026-11-27"


def test_two_days_in_one_message_are_the_request_and_the_reply() -> None:
    facts = read_facts("J'avais fait ma demande par mail le 2 octobre 2026. Ils ont répondu le "
                       "20 novembre 2026, en anglais uniquement.", "report_problem")
    assert facts.sent_date == date(2026, 10, 2) and facts.reply_date == date(2026, 11, 20)
    assert facts.sent_how == "email"


def test_the_facts_of_the_message_that_starts_a_follow_up_are_kept() -> None:
    """Rasa's policies put a `user_featurization` event after the slots a message set:
    the start of a follow-up must still see them (found by the fr-02 scenario, where the
    refusal's reasons given in the first message were asked again)."""
    from actions.request.start import ActionStartFollowUp

    text = "ils ont refusé, soi-disant « intérêt légitime », et rien sur les recours"
    given = {"original_request": "objection", "sent_date": "2026-09-15",
             "refusal_reasons_given": "yes", "problem": ["refusal_without_remedies"]}
    state = tracker_from("summary_confirmed", message=message(text, "report_problem"))
    state.events = [
        {"event": "user", "text": text, "parse_data": state.latest_message},
        *({"event": "slot", "name": k, "value": v} for k, v in given.items()),
        {"event": "user_featurization", "use_text_for_featurization": False},
    ]
    state.slots.update(given)
    events = slot_events(run(ActionStartFollowUp(), state)[1])
    assert events["request_type"] == "follow_up"
    assert not any(events.get(slot, "kept") is None for slot in given), events


@pytest.mark.parametrize("text, letter", [
    ("quiero mandarles un recordatorio, todavía no quiero denunciar", "follow_up"),
    ("pas encore de plainte, juste une relance", "follow_up"),
    ("まだ苦情は出したくないので、督促状をお願いします", "follow_up"),
    ("je veux porter plainte à la CNIL", "complaint"),
])
def test_a_complaint_put_off_is_the_reminder(text: str, letter: str) -> None:
    """Found by es-09: "todavía no quiero denunciar" read as a complaint."""
    from actions.request.start import ActionStartFollowUp

    tracker = tracker_from("summary_confirmed", message=message(text, "file_complaint"))
    assert slot_events(run(ActionStartFollowUp(), tracker)[1])["request_type"] == letter


@pytest.mark.parametrize("confidence, asked, kept", [
    (0.48, "received_date", ["photo_demanded"]),
    (0.9, "received_date", ["photo_demanded", "refusal_without_remedies"]),
    (0.48, "problem", ["refusal_without_remedies"]),
])
def test_a_later_message_adds_situations_it_states_clearly(
        confidence: float, asked: str, kept: list) -> None:
    """Found by es-09: a side remark ("todavía no quiero denunciar", read as a refusal at
    0.48) replaced the ID and selfie the first message described."""
    text = "quiero mandarles un recordatorio, todavía no quiero denunciar"
    entity = {"entity": "situation", "value": "refusal_without_remedies",
              "confidence": confidence}
    tracker = form(["refusal_without_remedies"], requested_slot=asked,
                   message=message(text, "file_complaint", entities=[entity]))
    tracker.events = [
        {"event": "active_loop", "name": "request_form"},
        {"event": "slot", "name": "problem", "value": ["photo_demanded"]},
        {"event": "user", "text": text, "parse_data": tracker.latest_message},
        {"event": "slot", "name": "problem", "value": ["refusal_without_remedies"]},
    ]
    assert slot_events(run(ValidateRequestForm(), tracker)[1])["problem"] == kept


@pytest.mark.parametrize("text, confidence, name", [
    ("Rosalia Lo Presti", 0.47, "Rosalia Lo Presti"),
    ("Jan de Vries", 0.5, "Jan de Vries"),
    ("Rosalia Lo Presti", 0.9, None),  # a confident "stop" stops
    ("lass es", 0.47, None),
    ("basta così", 0.47, None),
    ("forget it", 0.47, None),
])
def test_a_name_the_classifier_took_for_stop_is_the_name(
        text: str, confidence: float, name: str | None) -> None:
    """Found by it-09: "Rosalia Lo Presti" at the name question was read as "stop" (0.47)
    and the request was cancelled."""
    from actions.request.correct import ActionStopRequest

    tracker = tracker_from("asking_email", requested_slot="full_name", full_name=None,
                           message=message(text, "stop", confidence=confidence))
    messages, events = run(ActionStopRequest(), tracker)
    if name:
        assert slot_events(events)["full_name"] == name and messages == []
        assert events[-1] == {"event": "followup", "timestamp": None, "name": "request_form"}
    else:
        assert [m["response"] for m in messages] == ["utter_request_cancelled"]
