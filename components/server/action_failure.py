"""The Rasa server's calls to the action server: a clear message when it is down, and a
response check that does not re-check its own schema on every call.

**Action server down.** Rasa 3.6 logs "Encountered an exception while running action ..."
when the action server cannot be reached (killed, restarting, overloaded) and carries on:
the person gets an empty answer, or only the responses Rasa rendered itself, and does not
know that anything went wrong. `install()` wraps `RemoteAction.run` so that, before Rasa's
own handling (which is kept: the action's events are dropped, nothing else changes), the
person is told once per message, in the conversation's language, that part of the
assistant is unavailable and to try again in a minute. The conversation is stored as usual,
so it continues where it was once the action server is back (a form asks its question again).

**Nothing personal in the log.** Rasa logs a failed call with its cause, and the cause of an
HTTP error is the action server's whole reply: rasa_sdk answers an exception with the
request body, the complete conversation (names, e-mails, every message). The wrapper
raises a new error naming only the action and the kind of failure, without its cause; the
action server itself answers its own exceptions without that body (`actions/failsafe.py`).

**Response validation.** `RemoteAction._validate_action_result` calls
`jsonschema.validate(result, schema)`, which checks the schema itself against the JSON Schema
meta-schema before checking the result: with jsonschema 4.17 that is ~90% of the cost, tens
of milliseconds of the Rasa server's single event loop for every custom action and form
validation (a third of its CPU per message in `make bench`'s profile). `install()` validates
with one validator built once; the check and its error message are unchanged.

Wiring (Rasa server only; idempotent): call `install()` once when the server loads the
project's components, e.g. at the end of `components/server/nlg.py` (always loaded through
`endpoints.yml`)::

    from components.server.action_failure import install as _install_action_failure

    _install_action_failure()

The message is the domain response `utter_notice_unavailable`, rendered by the NLG in the
conversation's language.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from functools import lru_cache
from typing import Any, Dict, List

logger = logging.getLogger(__name__)

UNAVAILABLE_RESPONSE = "utter_notice_unavailable"

_TOLD_MAX = 10_000  # (sender, message id) pairs remembered so each message is told once
_told: OrderedDict[tuple, None] = OrderedDict()
_installed = False


def _first_time(tracker: Any) -> bool:
    """True once per user message (Rasa may retry predictions after a failed action)."""
    latest = getattr(tracker, "latest_message", None)
    key = (tracker.sender_id, getattr(latest, "message_id", None) or id(latest))
    if key in _told:
        return False
    _told[key] = None
    while len(_told) > _TOLD_MAX:
        _told.popitem(last=False)
    return True


async def tell_unavailable(output_channel: Any, nlg: Any, tracker: Any) -> None:
    """Send the message to the person through the channel of this turn (not stored)."""
    if output_channel is None or not _first_time(tracker):
        return
    try:
        message = await nlg.generate(UNAVAILABLE_RESPONSE, tracker, output_channel.name())
        if message:
            await output_channel.send_response(tracker.sender_id, message)
    except Exception:  # the channel itself failing must not hide the original error
        logger.exception("Could not tell the person that the action server is unavailable.")


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    """One validator for RemoteAction's response format, its schema checked once."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with a cached validator (same check, same
    error as `jsonschema.validate`: the best match among the errors)."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        "from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Patch Rasa's `RemoteAction` (once per process): see the module docstring."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.exceptions import RasaException

    original_run = RemoteAction.run

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any,
                  domain: Any) -> List[Any]:
        try:
            return await original_run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise  # a form's validation said no: normal dialogue, not a failure
        except Exception as exc:
            logger.warning("The action server could not run %s (%s); telling the person.",
                           self.name(), type(exc).__name__)
            await tell_unavailable(output_channel, nlg, tracker)
            # Not `raise`: Rasa would log the cause, the action server's reply.
            raise RasaException(
                f"The custom action {self.name()!r} failed ({type(exc).__name__})."
            ) from None

    RemoteAction.run = run  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    _installed = True
    logger.info("Action-server failure messages and cached response validation installed.")
