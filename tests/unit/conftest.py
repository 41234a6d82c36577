"""What the unit tests of actions share (rasa-demo's tests/conftest.py habit): trackers built
from JSON fixtures, running an action, and reading what it said as a person would.

Actions speak domain responses by name with named values; `said` renders them as the Rasa
server's NLG does (the English text as msgid, translated into the conversation's language,
values filled in), so a test checks words, not only response names.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.decisions import fact_values
from bot.i18n import format_text, translations

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
DOMAIN: Dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))

Messages = List[Dict[str, Any]]


def tracker_from(fixture: str, extracted: dict | None = None, **changes: Any) -> Tracker:
    """Load a tracker fixture; keyword args override slots, `message` the latest message.

    `extracted` are the slots Rasa extracted from the latest message: they are added as
    SlotSet events after a user event, which is what form validation looks at.
    """
    state = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    state["latest_message"].update(changes.pop("message", {}))
    state["slots"].update(changes)
    if extracted:
        state["slots"].update(extracted)
        state["events"] = [
            {"event": "user", "text": state["latest_message"].get("text"),
             "parse_data": state["latest_message"]},
            *({"event": "slot", "name": k, "value": v} for k, v in extracted.items()),
        ]
    return Tracker.from_dict(state)


def message(text: str, intent: str = "inform", entities: list | None = None,
            confidence: float = 0.95) -> dict:
    """A parsed user message as Rasa puts it in `latest_message`."""
    parsed = {"name": intent, "confidence": confidence}
    return {"text": text, "intent": parsed, "intent_ranking": [parsed],
            "entities": entities or []}


def run(action: Any, tracker: Tracker) -> Tuple[Messages, List[Dict[str, Any]]]:
    """Run one action: what it said and the events it returned."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def said(messages: Messages, language: str = "en") -> str:
    """Everything the messages say, rendered as the person reads it."""
    catalog = translations(language) if language != "en" else None
    out = []
    for m in messages:
        text = m.get("text")
        if m.get("response"):
            english = DOMAIN["responses"][m["response"]][0]["text"]
            shown = catalog.gettext(english) if catalog else english
            values = {**fact_values(language),
                      **{k: v for k, v in m.items() if k not in ("response", "text")}}
            text = format_text(shown, values)
        out.append(text or "")
    return "\n".join(out)


@pytest.fixture()
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Point the assistant at a settings file with the given YAML."""
    def write(content: str) -> Path:
        path = tmp_path / "settings.yml"
        path.write_text(content, encoding="utf-8")
        monkeypatch.setenv("ASSISTANT_SETTINGS", str(path))
        return path
    return write
