"""Hand-off to a person at the organisation that deploys the assistant (from settings.yml)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import say_lines
from bot.i18n import _
from bot.settings import load_settings


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        org = load_settings().organisation
        lines = [(_("You can reach a person at {name}."), {"name": org.name})]
        if org.email:
            lines.append((_("E-mail: {email}"), {"email": org.email}))
        if org.url:
            lines.append((_("Contact page: {url}"), {"url": org.url}))
        if org.hours:
            lines.append((_("Opening hours: {hours}"), {"hours": org.hours}))
        say_lines(dispatcher, tracker, lines)
        return []
