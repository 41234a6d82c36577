"""Helpers every action shares: the conversation language, labels and buttons in it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import keys
from bot.i18n import gettext, normalize_language

LEGAL_DISCLAIMER_RESPONSE = "utter_disclaimer"


@lru_cache(maxsize=1)
def download_key() -> bytes:
    """The download-link key, read once per action server (a new key needs a restart)."""
    return keys.load(keys.DOWNLOAD)


def language_of(tracker: Tracker) -> str:
    """The conversation's language (the `language` slot), normalised to a supported one."""
    return normalize_language(tracker.get_slot("language"))


def say_lines(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    lines: List[Tuple[str, Dict[str, Any]]],
    buttons: List[Dict[str, str]] | None = None,
) -> None:
    """Send composed labels (`bot.labels` msgids) as one message, in the conversation's
    language; fixed sentences are domain responses, spoken by name."""
    lang = language_of(tracker)
    text = "\n".join(gettext(lang, msgid, **params) for msgid, params in lines)
    dispatcher.utter_message(text=text, buttons=translate_buttons(lang, buttons) or None)


def translate_buttons(
    language: str, buttons: List[Dict[str, str]] | None
) -> List[Dict[str, str]]:
    """Button titles are msgids; payloads stay as they are."""
    translated = []
    for button in buttons or []:
        title = button["title"]  # a msgid (a variable here, so extraction skips this line)
        translated.append({"title": gettext(language, title), "payload": button["payload"]})
    return translated


def disclaimer_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Say once per conversation that this is guidance, not legal advice."""
    if tracker.get_slot("disclaimer_shown"):
        return []
    dispatcher.utter_message(response=LEGAL_DISCLAIMER_RESPONSE)
    return [SlotSet("disclaimer_shown", True)]
