"""Form validation that handles repeated failures once, for every form.

A wrong answer gets the slot's explanation; from the second failure on, a way out (stop the
request, talk to a person); after MAX_FAILURES the form ends gracefully instead of looping.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.slots import ABORTED, FAILURES
from bot.dates import parse_past_date
from bot.i18n import normalize_language

MAX_FAILURES = 3
WAY_OUT_RESPONSE = "utter_form_way_out"


def _skip_cleared(slot: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """A slot emptied on purpose (a correction, a reset) is no answer to check."""

    @functools.wraps(method)
    def validate(self: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        if value is None:
            return {slot: None}
        return method(self, value, *args, **kwargs)

    return validate


class FriendlyFormValidation(FormValidationAction, ABC):
    """Base class: `accept()` and `reject()` keep the per-slot failure count.

    Abstract, so the action server does not register it as an action of its own.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for attribute, method in list(vars(cls).items()):
            if attribute.startswith("validate_") and callable(method):
                setattr(cls, attribute, _skip_cleared(attribute[len("validate_"):], method))

    @abstractmethod
    def name(self) -> str:
        """The form's validation action name, `validate_<form name>`."""

    @staticmethod
    def _failures(tracker: Tracker) -> Dict[str, int]:
        return dict(tracker.get_slot(FAILURES) or {})

    def accept(self, slot: str, value: Any, tracker: Tracker, **other_slots: Any) -> Dict:
        """Fill `slot` and forget its earlier failures."""
        failures = self._failures(tracker)
        failures.pop(slot, None)
        return {slot: value, FAILURES: failures, **other_slots}

    def accept_past_date(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                         tracker: Tracker) -> Dict:
        """A day a letter was sent: real, in the past few years, as an ISO date (both forms
        that ask when a letter was sent)."""
        day = parse_past_date(str(value or ""), normalize_language(tracker.get_slot("language")))
        if day is None:
            return self.reject(slot, dispatcher, tracker, f"utter_invalid_{slot}")
        return self.accept(slot, day.isoformat(), tracker)

    def reject(
        self,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        response: str,
        **response_kwargs: Any,
    ) -> Dict:
        """Explain what was wrong; offer a way out on repeats; stop after MAX_FAILURES."""
        failures = self._failures(tracker)
        failures[slot] = failures.get(slot, 0) + 1
        if failures[slot] >= MAX_FAILURES:
            # required_slots() returns nothing once aborted, so the form ends here.
            return {slot: None, FAILURES: {}, ABORTED: True}
        dispatcher.utter_message(response=response, **response_kwargs)
        if failures[slot] >= 2:
            dispatcher.utter_message(response=WAY_OUT_RESPONSE)
        return {slot: None, FAILURES: failures}
