"""Who a case belongs to, without storing who that is.

The `owner` column holds HMAC-SHA256(server secret, chat sender id). With it the store can
list a person's cases and delete them all when they ask to be forgotten, while the database
alone does not say which chat (or which person) a case came from, and the hash cannot be
recomputed from a guessed sender id without the secret.

The secret is `bot.keys.CASES` (`$CASES_SECRET`, else `var/cases.key`, made on first use).
Changing it detaches every existing case from its owner: keep it with the database's backups.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

logger = logging.getLogger(__name__)



def owner_hash(secret: bytes, sender_id: str) -> str:
    """The 64 hex characters stored in `cases.owner` for a chat sender id."""
    if not isinstance(sender_id, str) or not sender_id:
        raise ValueError("owner must be the chat sender id (a non-empty string)")
    return hmac.new(secret, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()
