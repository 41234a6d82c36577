"""Which of a person's messages the tracker store seals as answers to a form question."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered

from components.server.tracker_store import _form_answers, _replies_to_form_questions


def test_a_reply_to_a_form_question_is_sealed_whatever_its_intent() -> None:
    """Asked for a country, the person types an address; the NLU reads another intent and
    a rule answers instead of the form: the message is still a reply to the question."""
    before = UserUttered("I want my data", {"name": "request_access"})
    address = UserUttered("I live at 17 Rue des Lilas, Lyon", {"name": "ask_rights"})
    country = UserUttered("France", {"name": "inform"})
    after_form = UserUttered("thanks", {"name": "thank"})
    events = [
        before,
        ActionExecuted("request_form"), ActiveLoop("request_form"),
        SlotSet("requested_slot", "country"),
        ActionExecuted("action_listen"),
        address,
        ActionExecuted("action_answer_question"),  # a rule answers, not the form
        ActionExecuted("action_listen"),
        country,
        ActionExecuted("request_form"), SlotSet("requested_slot", "id_method"),
        ActionExecuted("action_listen"),
        ActiveLoop(None), SlotSet("requested_slot", None),
        after_form,
    ]
    assert id(address) not in _form_answers(events)  # what the form did says nothing
    replies = _replies_to_form_questions(events)
    assert {id(address), id(country)} <= replies
    assert id(before) not in replies and id(after_form) not in replies

def test_no_form_no_replies() -> None:
    message = UserUttered("hello", {"name": "greet"})
    assert _replies_to_form_questions([ActionExecuted("action_listen"), message]) == set()
