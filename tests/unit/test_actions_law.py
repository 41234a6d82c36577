"""Issue 16 in the chat: each person hears their own law (deadline, complaint route, letters),
due dates are conditional on receipt, and complaint channels are only those on record."""

from __future__ import annotations

from datetime import date

import pytest

from actions.questions import ActionComplaintGuidance, ActionExplainDeadline
from actions.request.submit import ActionSubmitRequest
from actions.request.validate import ValidateRequestForm
from bot.deadlines import due_date
from bot.i18n import format_long_date
from tests.unit.conftest import message, run, said, slot_events, tracker_from

GDPR_ONLY = ("Article 12(3) GDPR", "Article 77", "Article 78(2)", "Art. 77", "GDPR")


def responses(messages: list) -> list:
    return [m.get("response") for m in messages]


# --- audit point 5: the deadline and complaint answers give the person's own law -------------


@pytest.mark.parametrize("place, law, words", [
    ("CH", "CH", ("FADP", "30 days")),
    ("CA", "CA", ("PIPEDA", "30 days")),
    ("US-CA", "US-CA", ("CCPA", "45 days")),
    ("AU", "AU", ("Privacy Act", "30 days")),
    ("BR", "BR", ("LGPD", "15 days")),
])
def test_deadline_outside_the_eu_is_the_places_own_law(place: str, law: str,
                                                         words: tuple) -> None:
    tracker = tracker_from("summary_confirmed", country=place, jurisdiction=law)
    text = said(run(ActionExplainDeadline(), tracker)[0])
    assert all(w in text for w in words), text
    assert not any(g in text for g in GDPR_ONLY), text
    country, _, region = place.partition("-")
    assert format_long_date(due_date(date.today(), law, country, region or None).due,
                            "en") in text


def test_deadline_in_the_uk_cites_article_12a_not_the_eu_gdpr() -> None:
    tracker = tracker_from("summary_confirmed", country="GB", jurisdiction="UK")
    text = said(run(ActionExplainDeadline(), tracker)[0])
    assert "Art. 12A UK GDPR" in text and "Article 12A of the UK GDPR" in text
    assert "Article 12(3) GDPR" not in text
    assert format_long_date(due_date(date.today(), "UK", "GB").due, "en") in text


def test_deadline_in_quebec_adds_the_provincial_period() -> None:
    tracker = tracker_from("summary_confirmed", country="CA-QC", jurisdiction="CA")
    text = said(run(ActionExplainDeadline(), tracker)[0])
    assert "PIPEDA" in text and "Quebec" in text


def test_deadline_in_japan_has_no_invented_number_of_days() -> None:
    tracker = tracker_from("summary_confirmed", country="JP", jurisdiction="JP")
    text = said(run(ActionExplainDeadline(), tracker)[0])
    assert "without delay" in text and "art. 39" in text
    assert "one month" not in text and "GDPR" not in text


def test_deadline_without_a_place_says_it_is_the_gdpr_rule() -> None:
    tracker = tracker_from("summary_confirmed", country=None, jurisdiction=None)
    text = said(run(ActionExplainDeadline(), tracker)[0])
    assert text.startswith("Under the GDPR (EU/EEA)") and "tell me where you live" in text


def test_uk_complaint_guidance_is_s164a_s165_s166_never_article_77() -> None:
    tracker = tracker_from("summary_confirmed", country="GB", jurisdiction="UK")
    text = said(run(ActionComplaintGuidance(), tracker)[0])
    assert "section 164A" in text and "(section 165)" in text and "(section 166)" in text
    assert "Article 77" not in text and "78(2)" not in text
    assert "Information Commissioner’s Office" in text


def test_swiss_complaint_guidance_is_a_report_to_the_fdpic() -> None:
    tracker = tracker_from("summary_confirmed", country="CH", jurisdiction="CH")
    text = said(run(ActionComplaintGuidance(), tracker)[0])
    assert "FDPIC" in text and "Art. 32 FADP" in text
    assert "Article 77" not in text and "78(2)" not in text


def test_german_complaint_guidance_asks_for_the_land_instead_of_listing_three() -> None:
    tracker = tracker_from("summary_confirmed", country="DE", jurisdiction="EU")
    messages = run(ActionComplaintGuidance(), tracker)[0]
    assert "utter_complaint_land_de" in responses(messages)
    assert "utter_complaint_authorities" not in responses(messages)


def test_japan_complaint_guidance_says_there_is_no_route_in_the_sources() -> None:
    tracker = tracker_from("summary_confirmed", country="JP", jurisdiction="JP")
    messages = run(ActionComplaintGuidance(), tracker)[0]
    assert "utter_no_complaint_jp" in responses(messages)
    assert "utter_complaint_how" not in responses(messages)


# --- letters beyond the GDPR, and the ones no law there grounds ------------------------------


@pytest.mark.parametrize("place, law, cited", [
    ("CH", "CH", "FADP"), ("CA", "CA", "PIPEDA"), ("US-CA", "US-CA", "1798"),
    ("AU", "AU", "Privacy Principle 12"), ("BR", "BR", "LGPD"),
])
def test_access_letters_cite_the_places_law_and_nothing_of_the_gdpr(place: str, law: str,
                                                                    cited: str) -> None:
    tracker = tracker_from("summary_confirmed", country=place, jurisdiction=law)
    messages = run(ActionSubmitRequest(), tracker)[0]
    letter = next(m["text"] for m in messages if (m.get("custom") or {}).get("type") == "letter"
                  or (m.get("json_message") or {}).get("type") == "letter")
    assert cited in letter and "GDPR" not in letter
    assert "utter_letter_due" in responses(messages)
    assert "utter_letter_due_next" not in responses(messages)  # the GDPR's next step


@pytest.mark.parametrize("place, law, kind, reason", [
    ("CA", "CA", "erasure", "utter_no_right_ca"),
    ("CA", "CA", "objection", "utter_no_right_ca"),
    ("BR", "BR", "objection", "utter_no_right_br"),
    ("US-IL", "US-IL", "access", "utter_no_letter_yet"),
    ("JP", "JP", "complaint", "utter_no_complaint_jp"),
])
def test_no_letter_where_the_law_gives_no_ground_and_the_reason_is_said(
        place: str, law: str, kind: str, reason: str) -> None:
    tracker = tracker_from("summary_confirmed", country=place, jurisdiction=law,
                           request_type=kind)
    form = tracker_from("asking_email", country=place, jurisdiction=law, request_type=kind)
    assert slot_events(run(ValidateRequestForm(), form)[1]).get("requested_slot") is None
    messages = run(ActionSubmitRequest(), tracker)[0]
    assert reason in responses(messages)
    assert not any((m.get("custom") or {}).get("type") == "letter" for m in messages)


# --- audit point 6: receipt is not today ------------------------------------------------------


def test_a_first_letters_due_date_is_conditional_on_its_receipt() -> None:
    text = said(run(ActionSubmitRequest(), tracker_from("summary_confirmed"))[0])
    assert "If Clearview AI, Inc. receives it on" in text or "receives it on" in text
    assert "if you post it, the period counts from the day it is delivered" in text
    assert "Art. 12(3) GDPR" in text  # the extension sentence names the GDPR's provision


def test_the_form_asks_how_the_first_request_went_for_a_reminder() -> None:
    tracker = tracker_from("asking_email", request_type="follow_up", country="FR",
                           jurisdiction="EU", original_request="access",
                           sent_date="2026-09-01", sent_how=None, problem=["no_answer"],
                           full_name="Jane Doe", email="jane@example.org")
    slots = slot_events(run(ValidateRequestForm(), tracker)[1])
    assert slots["requested_slot"] == "sent_how"


@pytest.mark.parametrize("typed, how", [
    ("by registered mail", "post"), ("par courrier recommandé", "post"),
    ("per e-mail natuurlijk", "email"), ("郵送しました", "post"), ("post", "post"),
])
def test_how_it_was_sent_is_read_from_what_people_type(typed: str, how: str) -> None:
    tracker = tracker_from("asking_email", requested_slot="sent_how",
                           extracted={"sent_how": typed}, request_type="follow_up",
                           message=message(typed))
    assert slot_events(run(ValidateRequestForm(), tracker)[1])["sent_how"] == how


def test_an_unreadable_channel_is_asked_again() -> None:
    tracker = tracker_from("asking_email", requested_slot="sent_how",
                           extracted={"sent_how": "no idea honestly"}, request_type="follow_up",
                           message=message("no idea honestly"))
    messages, events = run(ValidateRequestForm(), tracker)
    assert slot_events(events)["sent_how"] is None
    assert responses(messages)[0] == "utter_invalid_sent_how"


# --- the complaint to the company first (UK s.164A, Australia s.40(1A)) -----------------------


def complaint_tracker(place: str, law: str, **slots) -> object:
    return tracker_from("asking_email", request_type="complaint", country=place,
                        jurisdiction=law, original_request="access", sent_date="2026-06-01",
                        sent_how="email", problem=["no_answer"], **slots)


@pytest.mark.parametrize("place, law, authority, first", [
    ("AU", "AU", "auoaic", "utter_company_first_au"),
    ("GB", "UK", "gbico", "utter_company_first_uk"),
    ("FR", "EU", "frcnil", None)])
def test_a_complaint_starts_with_the_complaint_to_the_company_where_the_law_wants_it(
        place: str, law: str, authority: str, first: str | None) -> None:
    tracker = complaint_tracker(place, law, authority=authority, full_name=None)
    messages, events = run(ValidateRequestForm(), tracker)
    slots = slot_events(events)
    if first:
        assert slots["request_type"] == "follow_up" and first in responses(messages)
    else:
        assert "request_type" not in slots and not responses(messages)


def test_a_complaint_after_the_company_complaint_goes_to_the_regulator() -> None:
    tracker = complaint_tracker("AU", "AU", authority="auoaic", full_name=None,
                                controller_complaint_sent="2026-09-01")
    assert "request_type" not in slot_events(run(ValidateRequestForm(), tracker)[1])


def test_an_australian_complaint_names_the_company_complaint_and_the_oaic() -> None:
    tracker = tracker_from("summary_confirmed", request_type="complaint", country="AU",
                           jurisdiction="AU", original_request="access",
                           sent_date="2026-06-01", sent_how="email", problem=["no_answer"],
                           controller_complaint_sent="2026-09-01", authority="auoaic")
    text = said(run(ActionSubmitRequest(), tracker)[0])
    assert ("40(1A)" in text and "OAIC" in text) or "Australian Information Commissioner" in text


# --- audit point 11: complaint channels as the records give them ------------------------------


def complaint_to(place: str, authority: str, language: str = "en") -> str:
    tracker = tracker_from("summary_confirmed", request_type="complaint", country=place,
                           jurisdiction="EU", original_request="access",
                           sent_date="2026-06-01", sent_how="email", problem=["no_answer"],
                           authority=authority, language=language)
    return said(run(ActionSubmitRequest(), tracker)[0], language)


def test_the_garante_gets_pec_for_certified_mail_ordinary_email_and_a_signature() -> None:
    text = complaint_to("IT", "itgpdp")
    assert "certified e-mail (PEC) to protocollo@pec.gpdp.it" in text
    assert "by e-mail to protocollo@gpdp.it" in text
    assert "Sign it before you send it." in text
    assert " -" not in text.replace(" - ", "") and "(-)" not in text


def test_the_cnil_takes_complaints_by_online_form_and_nothing_is_a_dash() -> None:
    text = complaint_to("FR", "frcnil")
    assert "Send it through its online form: https://" in text
    assert "e-mail to -" not in text and "(-)" not in text


# --- audit point 6: a posted request's arrival --------------------------------------------


@pytest.mark.parametrize("how, asked", [("post", "received_date"), ("email", "full_name")])
def test_a_posted_requests_arrival_is_asked_an_emailed_one_is_not(how: str, asked: str) -> None:
    tracker = tracker_from("asking_email", request_type="follow_up", country="FR",
                           jurisdiction="EU", original_request="access",
                           sent_date="2026-09-01", sent_how=how, problem=["no_answer"],
                           full_name=None, email=None)
    assert slot_events(run(ValidateRequestForm(), tracker)[1])["requested_slot"] == asked


@pytest.mark.parametrize("typed, intent, value", [
    ("around the 8th of september 2026 I think", "inform", "2026-09-08"),
    ("no idea", "deny", "unknown"),
    ("1 August 2026", "inform", None),  # before it was sent
])
def test_the_arrival_is_a_day_after_sending_or_unknown(typed: str, intent: str,
                                                       value: str | None) -> None:
    tracker = tracker_from("asking_email", request_type="follow_up", country="FR",
                           jurisdiction="EU", original_request="access",
                           sent_date="2026-09-01", sent_how="post", problem=["no_answer"],
                           requested_slot="received_date",
                           extracted={"received_date": typed}, message=message(typed, intent))
    assert slot_events(run(ValidateRequestForm(), tracker)[1])["received_date"] == value


def test_a_reminder_for_a_posted_request_says_if_it_was_received_on_the_given_day() -> None:
    tracker = tracker_from("summary_confirmed", request_type="follow_up", country="FR",
                           jurisdiction="EU", original_request="access",
                           sent_date="2026-09-01", sent_how="post", received_date="2026-09-08",
                           problem=["no_answer"])
    messages = run(ActionSubmitRequest(), tracker)[0]
    letter = next(m["text"] for m in messages if (m.get("custom") or {}).get("type") == "letter")
    assert "8 September 2026" in letter and "if you received it" in letter.lower(), letter


@pytest.mark.parametrize("place, law, gdpr", [
    ("FR", "EU", True), ("GB", "UK", True), ("CH", "CH", False), ("CA", "CA", False)])
def test_the_identification_question_cites_the_gdpr_only_where_it_applies(
        place: str, law: str, gdpr: bool) -> None:
    from actions.request.confirm import ActionAskIdMethod

    text = said(run(ActionAskIdMethod(), tracker_from("asking_email", country=place,
                                                      jurisdiction=law))[0])
    assert ("12(6)" in text) is gdpr and "1. No photo" in text


@pytest.mark.parametrize("typed, value", [
    ("según Correos se la entregaron el 9 de septiembre; de ellos no he recibido nada",
     "2026-09-09"),
    ("the post office says it was delivered on 1 August 2026", None),  # before it was sent
])
def test_a_day_read_as_sent_answers_when_it_arrived(typed: str, value: str | None) -> None:
    """Found by es-f2: the arrival day, read by the NLU as a sending day (`sent_on`) under
    the intent "no answer", filled nothing, and "when did it arrive?" came back 27 times."""
    tracker = tracker_from("asking_email", request_type="complaint", country="ES",
                           jurisdiction="EU", original_request="access",
                           sent_date="2026-09-02", sent_how="post", problem=["no_answer"],
                           requested_slot="received_date",
                           extracted={"sent_date": "2026-09-09" if value else "2026-08-01"},
                           message=message(typed, "no_response", confidence=0.66))
    tracker.events.insert(0, {"event": "slot", "name": "sent_date", "value": "2026-09-02"})
    messages, events = run(ValidateRequestForm(), tracker)
    slots = slot_events(events)
    assert slots["sent_date"] == "2026-09-02"
    assert slots["received_date"] == value
    if value is None:
        assert messages and messages[0]["response"] == "utter_invalid_received_date"
