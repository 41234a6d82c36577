"""The servers' secrets: from the environment, else from a key file made on first use.

Three secrets, one loader (`load`): `DOWNLOAD_KEY` (letter links and socket.io session ids),
`SEAL_KEY` (personal data sealed in the tracker store while a form needs it) and
`CASES_SECRET` (the keyed hash of a case's owner). Several instances must share the same
values; without them the servers create `var/<name>.key` with mode 0600. A new file is
written privately and hard-linked into place: it appears complete or not at all, and two
processes starting together end up with the same key.
"""

from __future__ import annotations

import binascii
import contextlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from cryptography.fernet import Fernet

from bot.settings import REPO_ROOT, env

logger = logging.getLogger(__name__)

KEY_DIR = REPO_ROOT / "var"
MIN_SECRET_LENGTH = 16


@dataclass(frozen=True)
class Secret:
    """Where one secret comes from, how a new one is made, and what a valid one is."""

    env: str
    file: Path
    generate: Callable[[], bytes]
    check: Callable[[bytes, str], bytes]


def _fernet(key: bytes, origin: str) -> bytes:
    """`key` if Fernet accepts it; ValueError naming where it came from (never the key)."""
    try:
        Fernet(key)
    except (ValueError, binascii.Error):
        raise ValueError(
            f"{origin} is not a Fernet key (32 bytes, URL-safe base64); make one with "
            "python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None
    return key


def _long_enough(secret: bytes, origin: str) -> bytes:
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"{origin} is too short for a secret (at least {MIN_SECRET_LENGTH} characters); "
            "make one with python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return secret


DOWNLOAD = Secret("DOWNLOAD_KEY", KEY_DIR / "download.key", Fernet.generate_key, _fernet)
SEAL = Secret("SEAL_KEY", KEY_DIR / "seal.key", Fernet.generate_key, _fernet)
CASES = Secret("CASES_SECRET", KEY_DIR / "cases.key",
               lambda: secrets.token_urlsafe(32).encode("ascii"), _long_enough)


def create_key_file(path: Path, content: bytes) -> None:
    """Write `content` to `path` (mode 0600) unless another process got there first."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: use its key
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def load(secret: Secret, path: Path | None = None) -> bytes:
    """The secret from its environment variable, else from its key file (made if missing)."""
    given = env(secret.env)
    if given:
        return secret.check(given.encode("ascii", "replace"), f"${secret.env}")
    path = path or secret.file
    if not path.exists():
        create_key_file(path, secret.generate())
    if path.stat().st_mode & 0o077:
        logger.warning("%s is readable by other users; run: chmod 600 %s", path, path)
    return secret.check(path.read_bytes().strip(), str(path))
