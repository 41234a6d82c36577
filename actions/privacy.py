"""The assistant's own privacy: what it keeps (read from the configuration), and forgetting."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of
from actions.tracking import case_store
from bot.i18n import gettext
from bot.labels import STORAGE_LABELS, forgotten
from bot.patterns import find_case_reference
from bot.settings import load_settings, tracker_dialect


def storage_label(dialect: str) -> str:
    return STORAGE_LABELS.get(dialect.split("+")[0], STORAGE_LABELS["postgresql"])


class ActionPrivacyNotice(Action):
    """Says what is stored, where and for how long, from the settings actually in force."""

    def name(self) -> str:
        return "action_privacy_notice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        settings = load_settings()
        org, retention = settings.organisation, settings.retention
        storage = gettext(language_of(tracker), storage_label(tracker_dialect()),
                          name=org.name)
        dispatcher.utter_message(
            response="utter_privacy_notice", name=org.name, storage=storage,
            days=retention.conversations_days, closed_days=retention.closed_cases_days)
        return []


class ActionForgetMe(Action):
    """Deletes the person's tracked cases here; the tracker store deletes the conversation
    when this action ran (see components/server/tracker_store.py)."""

    def name(self) -> str:
        return "action_forget_me"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        store = case_store()
        deleted = store.forget_owner(tracker.sender_id)
        typed = next(tracker.get_latest_entity_values("case_ref"), None)
        reference = typed or find_case_reference(tracker.latest_message.get("text") or "")
        if reference:
            case = store.find(reference)
            if case is not None and store.delete(case.reference):
                deleted += 1
        dispatcher.utter_message(text=forgotten(language_of(tracker), deleted))
        return [AllSlotsReset()]
