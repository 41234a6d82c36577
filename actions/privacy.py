"""The assistant's own privacy: what it keeps, and forgetting a conversation on request."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import say_lines
from bot.i18n import _
from bot.settings import load_settings


class ActionPrivacyNotice(Action):
    def name(self) -> str:
        return "action_privacy_notice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        org = load_settings().organisation
        say_lines(dispatcher, tracker, [
            (_("This assistant is run by {name}. I never ask for a photo and never store one."),
             {"name": org.name}),
            (_("So that our conversation can continue, the server keeps the messages of this "
               "conversation, including a name and e-mail you give for a letter, in its "
               "database. I do not send your letter: you do."), {}),
            (_("Say \"forget me\" at any time and I delete the whole conversation from the "
               "server."), {}),
        ])
        return []


class ActionForgetMe(Action):
    """Confirms deletion; the tracker store deletes the conversation when this action ran."""

    def name(self) -> str:
        return "action_forget_me"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        say_lines(dispatcher, tracker, [
            (_("Done: I deleted this whole conversation from the server, including everything "
               "you told me. If you write again, we start from scratch."), {}),
        ])
        return [AllSlotsReset()]
