"""Fixtures shared by every test folder.

`postgres_server` starts one real PostgreSQL server for the whole session, the first time a
test asks for it (tests/postgres.py); `postgres_url` gives each test its own empty schema on
it (a URL whose search_path is that schema only). When the server binaries are missing the
tests FAIL, never skip, with the command that installs them: a green run must mean the
PostgreSQL paths really ran.

`db_url` runs a test twice: on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import INSTALL_HINT, PostgresServer, PostgresUnavailable, find_bindir


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if find_bindir() is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = postgres_server.create_schema(name)
    try:
        yield url
    finally:
        postgres_server.drop_schema(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A SQLAlchemy URL of an empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return str(request.getfixturevalue("postgres_url"))
