"""Alembic migrations of the case store, run from code (no alembic.ini needed).

`upgrade(engine)` brings a database to the newest revision; `CaseStore.from_url` calls it, so
a deployment never runs a migration by hand. The scripts are in `bot/cases/migrations/`. The
store's version table is `case_store_version`, not Alembic's default, so the cases can live
in the same database as Rasa's tracker store without either touching the other's tables.

A new revision: change `bot/cases/models.py`, then
`python -m bot.cases.migrate revision "what changed"` autogenerates it from the difference.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "case_store_version"
OWN_TABLES = frozenset({"cases", "case_events"})
_PG_LOCK_ID = 0x43415345  # "CASE": serialises concurrent first starts on PostgreSQL
# Alembic's `context` is module-global: one migration at a time in a process.
_LOCK = threading.Lock()
_SQLITE_ATTEMPTS = 5


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Only the store's own tables: a shared database also holds Rasa's `events` table."""
    if type_ == "table":
        return name in OWN_TABLES
    table = getattr(obj, "table", None)
    return table is None or table.name in OWN_TABLES


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config pointing at the store's scripts, with a connection to use."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for migrating; on PostgreSQL, holding an advisory lock meanwhile."""
    with _LOCK, engine.connect() as conn:
        locked = engine.dialect.name == "postgresql"
        if locked:
            conn.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _PG_LOCK_ID})
            conn.commit()
        try:
            yield conn
            conn.commit()
        finally:
            if locked:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _PG_LOCK_ID})
                conn.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database of `engine` up to `revision`.

    Two processes starting together on a new SQLite file both try to create the tables (SQLite
    has no advisory lock); the loser fails on its first CREATE, before changing anything, and
    simply tries again, finding the winner's schema.
    """
    for attempt in range(_SQLITE_ATTEMPTS):
        try:
            with _migration_connection(engine) as conn:
                command.upgrade(alembic_config(conn), revision)
            return
        except OperationalError as exc:
            # "already exists" (a table) or "duplicate column" (0002's column): the other
            # process applied that revision first
            lost_race = engine.dialect.name == "sqlite" and (
                "already exists" in str(exc) or "duplicate column" in str(exc))
            if not lost_race or attempt == _SQLITE_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate down to `revision` ("base" drops the store's tables)."""
    with _migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def head_revision() -> str | None:
    """The newest revision among the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_diff(engine: Engine) -> list[Any]:
    """What differs between the ORM model and the database (empty when they match)."""
    from bot.cases.models import metadata

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": include_object,
            "version_table": VERSION_TABLE,
        })
        return list(compare_metadata(context, metadata))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot.cases.migrate revision MESSAGE [--url URL]`: autogenerate a revision."""
    import argparse

    from bot.settings import cases_db_url

    parser = argparse.ArgumentParser(prog="python -m bot.cases.migrate")
    sub = parser.add_subparsers(dest="command", required=True)
    rev = sub.add_parser("revision", help="autogenerate a revision from bot/cases/models.py")
    rev.add_argument("message")
    rev.add_argument("--url", help="a database at the current head (default: CASES_DB_URL)")
    sub.add_parser("upgrade", help="upgrade the database to head").add_argument("--url")
    args = parser.parse_args(argv)
    url = args.url or cases_db_url()
    config = alembic_config(url=url)
    if args.command == "revision":
        command.revision(config, message=args.message, autogenerate=True)
    else:
        command.upgrade(config, "head")
    return 0


if __name__ == "__main__":
    sys.exit(main())
