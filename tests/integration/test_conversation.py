"""Conversations over REST against the real Rasa server and action server."""

from __future__ import annotations

import re
from datetime import date

import requests
from sqlalchemy import column, create_engine, func, select, table

from bot.deadlines import due_date
from bot.i18n import format_long_date
from tests.integration.conftest import Servers, new_sender, payloads, texts

DISCLAIMER = "not legal advice"


def test_is_my_face_in_clearview_gets_an_honest_answer_and_an_offer(servers: Servers) -> None:
    replies = servers.send(new_sender(), "Is my face in Clearview?")
    answer = texts(replies)
    assert "nobody can tell from the outside" in answer
    assert "The only way to know is to ask Clearview directly with an access request" in answer
    assert "Sources:" in answer
    assert "/request_access" in payloads(replies)
    assert DISCLAIMER in answer


def test_disclaimer_is_said_once_per_conversation(servers: Servers) -> None:
    sender = new_sender()
    first = texts(servers.send(sender, "what is clearview ai?"))
    second = texts(servers.send(sender, "has clearview been fined by regulators?"))
    assert "biometric template" in first
    assert "CNIL fined it €20 million" in second
    assert (first + second).count(DISCLAIMER) == 1


def test_human_handoff_gives_the_configured_contact(servers: Servers) -> None:
    answer = texts(servers.send(new_sender(), "I want to talk to a real person"))
    assert servers.org_email in answer
    assert "Integration Test NGO" in answer


def test_low_confidence_gets_a_clarifying_question_with_buttons(servers: Servers) -> None:
    replies = servers.send(new_sender(), "/nlu_fallback")
    assert "Did you mean one of these?" in texts(replies)
    assert "/out_of_scope" in payloads(replies)
    assert len(payloads(replies)) >= 3


def test_a_turn_no_rule_or_story_predicts_gets_a_polite_answer_and_the_chat_goes_on(
    servers: Servers,
) -> None:
    """No TED policy (config.yml): a message nothing predicts, here a correction with no
    request to correct, gets Rasa's default fallback in the person's language."""
    sender = new_sender()
    assert "Bonjour" in texts(servers.send(sender, "bonjour"))
    fallback = texts(servers.send(sender, "/correct_field"))
    assert "Désolé, je n'ai pas compris. Pourriez-vous le formuler autrement\xa0?" in fallback
    assert "gabarit biométrique" in texts(servers.send(sender, "/ask_what_is_clearview"))


def test_access_request_with_bad_email_and_correction_reaches_the_letter(
    servers: Servers,
) -> None:
    sender = new_sender()
    assert "In which country do you live?" in texts(
        servers.send(sender, "I want to know what data Clearview has about me")
    )
    replies = servers.send(sender, "I live in France")
    assert "Clearview searches by face, not by name" in texts(replies)
    assert '/inform{"id_method":"no_photo"}' in payloads(replies)
    assert "What name should I put on the letter?" in texts(
        servers.send(sender, '/inform{"id_method":"no_photo"}')
    )
    assert "Which e-mail address" in texts(servers.send(sender, "Jane Doe"))
    assert "does not look right" in texts(servers.send(sender, "jane.doe-at-example"))
    summary = texts(servers.send(sender, "jane.doe@example.org"))
    assert "France (GDPR applies)" in summary
    assert "Name: Jane Doe" in summary
    assert "jane.doe@example.org" in summary
    # Correct the e-mail from the summary.
    assert "Which e-mail address" in texts(
        servers.send(sender, '/correct_field{"field":"email"}')
    )
    summary = texts(servers.send(sender, "it's jane.roe@example.org"))
    assert "jane.roe@example.org" in summary
    assert "jane.doe@example.org" not in summary

    letter = texts(servers.send(sender, "/affirm"))
    assert "Request for access to my personal data under Article 15 GDPR" in letter
    for point in "abcdefgh":
        assert f"Article 15(1)({point}) GDPR" in letter
    assert "Article 15(3) GDPR" in letter
    assert "Article 12(3) GDPR" in letter and "Article 12(5) GDPR" in letter
    assert "legal-requests@clearview.ai" in letter
    assert "418 Broadway" in letter
    assert "I am not sending a photograph of myself" in letter
    assert "Article 12(6) GDPR" in letter
    assert "Jane Doe" in letter and "jane.roe@example.org" in letter
    due = due_date(date.today(), "EU", "FR").due
    assert format_long_date(due, "en") in letter
    assert DISCLAIMER in letter
    # The letter can be downloaded as a PDF through an expiring link to the Rasa server.
    pdf_url = re.search(r"PDF to print: (\S+)", letter).group(1)
    assert pdf_url.startswith(servers.rasa_url + "/webhooks/letters/download/")
    pdf = requests.get(pdf_url, timeout=60)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"Jane Doe" not in pdf_url.encode()  # the link itself reveals nothing


def test_repeated_bad_answers_offer_a_way_out_then_end_the_form(servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "I want to make a subject access request")
    servers.send(sender, "Germany")
    servers.send(sender, '/inform{"id_method":"no_photo"}')
    servers.send(sender, "Max Mustermann")
    first = servers.send(sender, "max.mustermann(at)example")
    assert "does not look right" in texts(first)
    assert "/stop" not in payloads(first)
    second = servers.send(sender, "max at example dot org")
    assert "/stop" in payloads(second) and "/human_handoff" in payloads(second)
    third = texts(servers.send(sender, "max@@example"))
    assert "Let's stop here for now" in third
    # The form is over: a greeting is answered normally, not as an e-mail address.
    assert "Hello!" in texts(servers.send(sender, "hello"))


def test_question_during_the_form_is_answered_and_the_form_resumes(servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "please delete my data from clearview")
    replies = texts(servers.send(sender, "do I have to send them a selfie?"))
    assert "You do not have to send a new photo" in replies
    assert "In which country do you live?" in replies


def test_no_letter_where_the_gdpr_does_not_apply(servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "I want an access request")
    answer = texts(servers.send(sender, "Turkey"))  # Brazil has LGPD letters (issue 16)
    assert "I know no law I could cite" in answer
    assert "Article 15" not in answer


def _events_of(servers: Servers, sender: str) -> int:
    engine = create_engine(f"sqlite:///{servers.tracker_db}", future=True)
    events = table("events", column("sender_id"))
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count()).select_from(events).where(events.c.sender_id == sender)
        ).scalar_one()
    engine.dispose()
    return count


def test_forget_me_deletes_the_whole_conversation(servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "I want to make an access request")
    servers.send(sender, "Belgium")
    assert _events_of(servers, sender) > 5
    answer = texts(servers.send(sender, "forget me and delete this conversation"))
    assert "I deleted this whole conversation" in answer
    assert _events_of(servers, sender) == 0
    # A new message starts from scratch.
    assert "Hello!" in texts(servers.send(sender, "hi"))
