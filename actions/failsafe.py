"""An action that fails answers the person, and logs nothing of what they said.

rasa_sdk answers an exception with HTTP 500 and the whole request body, the conversation with
every name, e-mail and message, and Rasa then logs that body at ERROR. Here every action runs
inside `ActionExecutor.run` wrapped once per process (`install`, called by
`actions/__init__.py`): an exception is logged by the action's name, the exception's type and
the place it was raised (never its message, which may quote a value), and the person gets
`utter_action_failed` in their language, with no events, so the conversation stays as it was.
`LOG_LEVEL=DEBUG` adds the traceback with its message: debug logs hold personal data
(README, "Deploy").
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any, Dict

from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

logger = logging.getLogger(__name__)

FAILED_RESPONSE = "utter_action_failed"
_installed = False


def where(exc: BaseException) -> str:
    """file:line in function, of the innermost frame: enough to find the bug, no values."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "unknown place"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


def failure_response() -> Dict[str, Any]:
    """What the action server answers for a failed action: a message, no events."""
    return {"events": [], "responses": [{"response": FAILED_RESPONSE}]}


def install() -> None:
    """Wrap `ActionExecutor.run` (idempotent)."""
    global _installed
    if _installed:
        return
    original_run = ActionExecutor.run

    async def run(self: ActionExecutor, action_call: Dict[str, Any]) -> Dict[str, Any] | None:
        try:
            return await original_run(self, action_call)
        except (ActionExecutionRejection, ActionNotFoundException):
            raise  # answered by rasa_sdk with the action's name only
        except Exception as exc:
            name = action_call.get("next_action") if isinstance(action_call, dict) else None
            logger.error("The action %s failed: %s at %s; the person was told.",
                         name, type(exc).__name__, where(exc))
            logger.debug("Action failure", exc_info=True)
            return failure_response()

    ActionExecutor.run = run  # type: ignore[method-assign]
    _installed = True
