"""A Redis lock store whose ticket operations are atomic across Rasa instances.

Several Rasa instances sharing one tracker store rely on the lock store to handle one
conversation's messages one at a time. Rasa 3.6's `RedisLockStore` reads the ticket lock,
changes it in Python and writes it back, so two instances receiving messages of the same
conversation at the same moment can both read "no lock", both issue the first ticket and both go
ahead (tests/scale saw it: the disclaimer said twice; Rasa's own review of the ticket lock
called `issue_ticket` "far from atomic", RasaHQ/rasa#3933). The same gap lets one instance
delete a lock another has just queued on, which fails that message with a `LockError`.

Here every read-modify-write of a lock runs in a Redis transaction (WATCH/MULTI/EXEC) that
redis-py retries when another client changed the key in between. The stored format stays
Rasa's, and the key expires with its last ticket, so a crashed instance leaves nothing behind.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any, Callable, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# What a change returns for "leave the stored lock as it is".
_UNCHANGED = object()
Change = Callable[[TicketLock | None], Tuple[Any, Any]]


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` with atomic ticket issue, release and clean-up.

    Configured as `lock_store: type: components.server.lock_store.AtomicRedisLockStore` with the
    same keys as Rasa's `type: redis` (url, port, db, password, key_prefix, use_ssl...).
    """

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        super().__init__(**kwargs)

    def _key(self, conversation_id: str) -> str:
        return self.key_prefix + conversation_id

    def _atomically(self, conversation_id: str, change: Change) -> Any:
        """Apply `change` to the stored lock in one transaction; return its result.

        `change` gets the lock (None when there is none) and returns (what to store, result):
        a `TicketLock` to save, None to delete the key, or `_UNCHANGED`.
        """
        key = self._key(conversation_id)

        def transaction(pipe: Any) -> Any:
            raw = pipe.get(key)  # WATCHed: EXEC fails if anyone writes the key meanwhile
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            stored, result = change(lock)
            pipe.multi()
            if stored is None:
                pipe.delete(key)
            elif stored is not _UNCHANGED:
                pipe.set(key, stored.dumps(), px=_milliseconds_left(stored))
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Queue a new ticket on the conversation's lock, creating the lock if needed."""

        def issue(lock: TicketLock | None) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, issue)
        except Exception as error:  # Rasa's contract: any failure here is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (called while a message waits for its turn)."""

        def drop_expired(lock: TicketLock | None) -> Tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Remove a served ticket, keeping the lock for whoever queued behind it."""

        def release(lock: TicketLock | None) -> Tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_ticket_for(ticket_number)
            return lock, None

        self._atomically(conversation_id, release)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove a served ticket and delete the lock if no one queued behind it.

        Rasa does this in three steps (remove, "anyone waiting?", delete); between the last
        two another instance could queue a ticket and then find its lock deleted.
        """

        def release_and_tidy(lock: TicketLock | None) -> Tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._atomically(conversation_id, release_and_tidy)


def _milliseconds_left(lock: TicketLock) -> int:
    """Time until the lock's last ticket expires: the key needs to live no longer."""
    last_expiry = max((ticket.expires for ticket in lock.tickets), default=time.time())
    return max(1, math.ceil((last_expiry - time.time()) * 1000))
