"""The cached event-type lookup gives what Rasa's own lookup gives, for every event type."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from components.server import event_types


def rasa_lookup(type_name: str):
    for cls in all_subclasses(Event):
        if cls.type_name == type_name:
            return cls
    return None


@pytest.mark.parametrize("cls", all_subclasses(Event), ids=lambda c: c.__name__)
def test_same_class_as_rasas_lookup(cls: type) -> None:
    assert event_types.resolve_by_type(cls.type_name) is rasa_lookup(cls.type_name)


def test_unknown_names_behave_like_rasa() -> None:
    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("no such event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        event_types.resolve_by_type("no such event")


def test_a_subclass_imported_later_is_found() -> None:
    event_types.resolve_by_type("user")  # the table exists before the new class

    class LateEvent(SlotSet):
        type_name = "late_event_for_this_test"

    assert event_types.resolve_by_type("late_event_for_this_test") is LateEvent


def test_installed_events_round_trip() -> None:
    event_types.install()
    event = UserUttered("hello", {"name": "greet", "confidence": 1.0})
    assert Event.from_parameters(event.as_dict()) == event
    assert Event.resolve_by_type is not None and Event.resolve_by_type("slot") is SlotSet
