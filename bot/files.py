"""Files the servers write that hold conversations, cases or keys: readable by their owner only.

The process umask usually makes new files world-readable (0644). A database outside `var/`
(a path given in the environment) would then expose every conversation to any local user, so
database files are created 0600 before SQLite opens them; SQLite gives its `-wal` and `-shm`
files the permissions of the database file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist (its folder too, 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def restrict(path: Path) -> None:
    """Make an existing database file and its SQLite companions readable by the owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, PRIVATE)


def sqlite_path(database: str | None) -> Path | None:
    """The file of a SQLite URL's database part, or None for memory and other databases."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)
