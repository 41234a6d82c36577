"""SQL tracker store that deletes a person's conversation when they ask to be forgotten.

Rasa's SQL tracker store only appends. Deleting rows from inside an action does not work: at
the end of the turn Rasa saves the in-memory tracker again and, finding no stored events,
writes the whole conversation back. So the deletion happens here, at save time: when the
turn ran `action_forget_me`, every stored event of that sender (all sessions) is deleted and
nothing of the turn is written.
"""

from __future__ import annotations

import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import delete

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_forget_me"


class PrivacySQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` plus real deletion on `action_forget_me`."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        if self._ran_forget_action(tracker):
            await self.delete_conversation(tracker.sender_id)
            return
        await super().save(tracker)

    def _ran_forget_action(self, tracker: DialogueStateTracker) -> bool:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        return any(
            isinstance(e, ActionExecuted) and e.action_name == FORGET_ACTION for e in new_events
        )

    async def delete_conversation(self, sender_id: str) -> int:
        """Delete every stored event of `sender_id`; return how many rows went."""
        with self.session_scope() as session:
            result = session.execute(
                delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id)
            )
            session.commit()
        logger.info("Deleted one sender's conversation on request (%d events).", result.rowcount)
        return result.rowcount
