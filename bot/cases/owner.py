"""Who a case belongs to, without storing who that is.

The `owner` column holds HMAC-SHA256(server secret, chat sender id). With it the store can
list a person's cases and delete them all when they ask to be forgotten, while the database
alone does not say which chat (or which person) a case came from, and the hash cannot be
recomputed from a guessed sender id without the secret.

The secret comes from `$CASES_SECRET`, else from a key file (default `var/cases.key`,
created with mode 0600 on first use, the same way as `bot.downloads.load_key`). Changing it
detaches every existing case from its owner: keep it with the database's backups.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

logger = logging.getLogger(__name__)

SECRET_ENV = "CASES_SECRET"
DEFAULT_KEY_FILE = Path(__file__).resolve().parents[2] / "var" / "cases.key"
MIN_SECRET_LENGTH = 16


def _create_key_file(path: Path) -> None:
    """Write a new secret to `path` (mode 0600) unless another process got there first.

    Written to a private temporary file, then hard-linked into place: the file appears
    complete or not at all, and concurrent first starts end up with the same secret.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_urlsafe(32).encode("ascii") + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: use its secret
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _checked(secret: bytes, origin: str) -> bytes:
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"{origin} is too short for a case-store secret (at least {MIN_SECRET_LENGTH} "
            "characters); make one with python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    return secret


def load_secret(path: Path | None = None) -> bytes:
    """The owner secret: `$CASES_SECRET` if set, else the key file, created on first use."""
    env = os.environ.get(SECRET_ENV, "").strip()
    if env:
        return _checked(env.encode("utf-8"), f"${SECRET_ENV}")
    path = path or DEFAULT_KEY_FILE
    if not path.exists():
        _create_key_file(path)
    if path.stat().st_mode & 0o077:
        logger.warning("%s is readable by other users; run: chmod 600 %s", path, path)
    return _checked(path.read_bytes().strip(), str(path))


def owner_hash(secret: bytes, sender_id: str) -> str:
    """The 64 hex characters stored in `cases.owner` for a chat sender id."""
    if not isinstance(sender_id, str) or not sender_id:
        raise ValueError("owner must be the chat sender id (a non-empty string)")
    return hmac.new(secret, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()
