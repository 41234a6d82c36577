"""Switching the conversation's language on request ("parlons français", a language button)."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.i18n import SUPPORTED_LANGUAGES, resolve_language


class ActionSwitchLanguage(Action):
    """Confirm the new language in that language, or ask which one when none was named.

    The `language` slot is already set from the message's `language` entity, which
    components/nlu/language.py turns into a language code (or drops when it names none we speak).
    """

    def name(self) -> str:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        named = next(tracker.get_latest_entity_values("language"), None)
        code = named if named in SUPPORTED_LANGUAGES else resolve_language(named)
        if code is None and named is None:
            # The entity extractor missed it ("sigamos en portugués, porfa"): the one
            # language the message names, if it names exactly one.
            code = resolve_language(tracker.latest_message.get("text"))
        if code is None:
            dispatcher.utter_message(response="utter_which_language")
            return []
        dispatcher.utter_message(response="utter_language_switched")
        return [SlotSet("language", code)]
