"""Hand-off to a person at the organisation that deploys the assistant (from settings.yml)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from bot.i18n import gettext
from bot.labels import HANDOFF_LINES
from bot.settings import load_settings


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        org = load_settings().organisation
        lang = language_of(tracker)
        contact = "\n".join(
            gettext(lang, HANDOFF_LINES[key], **{key: value})
            for key, value in (("email", org.email), ("url", org.url), ("hours", org.hours))
            if value
        )
        if contact:
            dispatcher.utter_message(response="utter_handoff_contact", name=org.name,
                                     contact=contact)
        else:
            dispatcher.utter_message(response="utter_handoff", name=org.name)
        return []
