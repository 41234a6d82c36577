"""An answer the understanding took for something else.

"doe maar met links naar foto's van mij" answers "how should Clearview identify you?", but a
classifier unsure between an answer and "a problem with my request" may pick the problem, and
the rule for case questions during a request would then say "I found no tracked request". When
no reference was typed, no case is known and the classifier was unsure, the open question's
own validator reads the message first: if it answers, the form takes it silently and goes on.
The same holds for the questions people ask during a request: "con enlaces mejor, tengo fotos
en la web del club" (with links, there are photos of me on the club's site) read as "is my
face in their database?" at 0.52 got that answer and the same question again, every time it
was typed. `action_answer_first` opens every "question during a request" rule
(data/rules/request_form.yml); a message with a question mark stays a question.
"""

from __future__ import annotations

import inspect
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.request.validate import ValidateRequestForm
from actions.slots import form_active
from bot.answers import parse_name_answer
from bot.patterns import asks_something

# Below this intent confidence a message may be an answer the classifier misread.
UNSURE = 0.6


def _unsure(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("intent") or {}).get("confidence", 1) < UNSURE


async def answer_to_open_question(tracker: Tracker, domain: DomainDict) -> List[EventType]:
    """The slot events of the open question's answer when the latest message gives it,
    else nothing (see the module docstring)."""
    slot = tracker.get_slot("requested_slot")
    if not slot or not form_active(tracker):
        return []
    text = tracker.latest_message.get("text") or ""
    unsure = _unsure(tracker)
    if slot == "full_name":
        # A name in capitals is a name whatever the classifier thought ("Sean O'Case").
        name = parse_name_answer(text)
        unsure = unsure or bool(name and all(w[:1].isupper() for w in name.split()))
    validate = getattr(ValidateRequestForm(), f"validate_{slot}", None)
    if not unsure or validate is None:
        return []
    found = validate(text, CollectingDispatcher(), tracker, domain)
    if inspect.isawaitable(found):
        found = await found
    if not found or found.get(slot) is None:
        return []
    return [SlotSet(name, value) for name, value in found.items()]


def _looks_like_a_name(name: str) -> bool:
    """Two words or more, every long word capitalised ("Rosalia Lo Presti", "Jan de Vries"),
    as "forget it", "lass es" or "basta così" are not."""
    words = name.split()
    long_words = [w for w in words if len(w) > 3]
    return len(words) >= 2 and bool(long_words) and all(w[:1].isupper() for w in long_words)


async def name_not_stop(tracker: Tracker, domain: DomainDict) -> List[EventType]:
    """A name the classifier took for "stop" at the name question ("Rosalia Lo Presti",
    stop at 0.47): the name's events, else nothing. Stricter than other answers, as
    stopping is what the person may really want."""
    if tracker.get_slot("requested_slot") != "full_name":
        return []
    name = parse_name_answer(tracker.latest_message.get("text") or "")
    if not name or not _looks_like_a_name(name) or not _unsure(tracker):
        return []
    return await answer_to_open_question(tracker, domain)



class ActionAnswerFirst(Action):
    """A question during a request that is really the open question's answer (see the
    module docstring): the answer's slots and the form's next question, else nothing and the
    rule answers the question."""

    def name(self) -> str:
        return "action_answer_first"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if asks_something(tracker.latest_message.get("text") or ""):
            return []
        answer = await answer_to_open_question(tracker, domain)
        return [*answer, FollowupAction("request_form")] if answer else []
