"""The assistant's own privacy: what it keeps (read from the configuration), and forgetting."""

from __future__ import annotations

import os
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cases import case_store
from actions.common import language_of, say_lines
from bot.i18n import _, gettext, ngettext
from bot.patterns import find_case_reference
from bot.settings import load_settings

STORAGE_LABELS = {
    "sqlite": _("an SQLite database file on the server of {name}"),
    "postgresql": _("a PostgreSQL database run by {name}"),
}


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
        dialect = os.environ.get("TRACKER_DIALECT", "sqlite")
        lang = language_of(tracker)
        say_lines(dispatcher, tracker, [
            (_("This assistant is run by {name}. I never ask for a photo and never store one; "
               "images and files sent to me are refused and not kept."), {"name": org.name}),
            (_("The messages of this conversation are stored in {storage}. A name, e-mail or "
               "links you give for a letter are kept encrypted only while we write it, and "
               "erased from the stored conversation as soon as the letter is written or "
               "stopped; e-mail addresses and phone numbers in other messages are erased too."),
             {"storage": gettext(lang, storage_label(dialect), name=org.name)}),
            (_("Conversations are deleted {days} days after your last message."),
             {"days": retention.conversations_days}),
            (_("If you ask me to track a request, I keep only its type, country, dates, status "
               "and a reference code, never your name or e-mail, until {days} days after it "
               "is answered or closed."), {"days": retention.closed_cases_days}),
            (_("I do not send your letter: you do. Say \"forget me\" at any time and I delete "
               "this whole conversation and your tracked requests from the server."), {}),
        ])
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
        lang = language_of(tracker)
        text = ngettext(
            lang,
            "Done: I deleted this whole conversation from the server, including everything "
            "you told me, and {n} tracked request. If you write again, we start from scratch.",
            "Done: I deleted this whole conversation from the server, including everything "
            "you told me, and {n} tracked requests. If you write again, we start from scratch.",
            deleted,
        )
        dispatcher.utter_message(text=text)
        return [AllSlotsReset()]
