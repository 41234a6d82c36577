"""Helpers every action shares: the conversation language and translated messages."""

from __future__ import annotations

import os
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


def public_url() -> str:
    """Where people reach the Rasa server (download and reminder links point there)."""
    return os.environ.get("PUBLIC_RASA_URL", "http://localhost:5005").rstrip("/")


def language_of(tracker: Tracker) -> str:
    """The conversation's language (the `language` slot), normalised to a supported one."""
    return normalize_language(tracker.get_slot("language"))


def say(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    msgid: str,
    buttons: List[Dict[str, str]] | None = None,
    **params: Any,
) -> None:
    """Send `msgid` translated into the conversation's language, with translated buttons."""
    lang = language_of(tracker)
    translated = translate_buttons(lang, buttons)
    dispatcher.utter_message(text=gettext(lang, msgid, **params), buttons=translated or None)


def say_lines(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    lines: List[Tuple[str, Dict[str, Any]]],
    buttons: List[Dict[str, str]] | None = None,
) -> None:
    """Send several translated lines as one message (each line is its own msgid)."""
    lang = language_of(tracker)
    text = "\n".join(gettext(lang, msgid, **params) for msgid, params in lines)
    translated = translate_buttons(lang, buttons)
    dispatcher.utter_message(text=text, buttons=translated or None)


def translate_buttons(
    language: str, buttons: List[Dict[str, str]] | None
) -> List[Dict[str, str]]:
    """Button titles are msgids; payloads stay as they are."""
    out = []
    for button in buttons or []:
        title, payload = button["title"], button["payload"]
        out.append({"title": gettext(language, title), "payload": payload})
    return out


def disclaimer_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Say once per conversation that this is guidance, not legal advice."""
    if tracker.get_slot("disclaimer_shown"):
        return []
    dispatcher.utter_message(response=LEGAL_DISCLAIMER_RESPONSE)
    return [SlotSet("disclaimer_shown", True)]
