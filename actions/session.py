"""Session start (language from the channel's hint) and the once-per-conversation disclaimer."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import disclaimer_once
from bot.i18n import negotiate


def language_hint(metadata: Dict[str, Any]) -> str | None:
    """A language preference sent by the channel (widget: navigator.language)."""
    hint = metadata.get("language") or metadata.get("locale")
    if isinstance(hint, str) and hint:
        return negotiate([hint])
    return None


class ActionSessionStart(Action):
    """Start a session and take the channel's language hint, if any."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        hint = language_hint(tracker.get_slot("session_started_metadata") or {})
        if hint:
            events.append(SlotSet("language", hint))
        events.append(ActionExecuted("action_listen"))
        return events


class ActionDisclaimerOnce(Action):
    """Follows every legal answer; speaks only the first time in a conversation."""

    def name(self) -> str:
        return "action_disclaimer_once"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return disclaimer_once(dispatcher, tracker)
