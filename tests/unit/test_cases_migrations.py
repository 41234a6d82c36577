"""The case store's Alembic migrations, on SQLite and on a real PostgreSQL server.

`upgrade head` then `downgrade base` works, the migrated schema is exactly the ORM model
(Alembic's autogenerate comparison finds nothing), and the store keeps to its own tables:
it can share a database with Rasa's tracker store.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, inspect, text
from sqlalchemy.engine import Engine

from bot.cases import migrate
from bot.cases.models import metadata
from bot.cases.store import make_engine

ROOT = Path(__file__).resolve().parents[2]
OWN = {"cases", "case_events", migrate.VERSION_TABLE}


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    e = make_engine(db_url)
    yield e
    e.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def indexes(engine: Engine, table: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    return {i["name"]: (tuple(i["column_names"]), bool(i["unique"]))
            for i in inspect(engine).get_indexes(table)}


def test_upgrade_then_downgrade(engine: Engine) -> None:
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision() == "0002"
    assert tables(engine) == OWN
    assert indexes(engine, "cases") == {
        "ix_cases_reference": (("reference",), True),
        "ix_cases_owner": (("owner",), False),
        "ix_cases_last_activity": (("last_activity",), False),
    }
    assert indexes(engine, "case_events") == {"ix_case_events_case_id": (("case_id",), False)}
    fks = inspect(engine).get_foreign_keys("case_events")
    assert [(fk["referred_table"], fk["constrained_columns"]) for fk in fks] == [
        ("cases", ["case_id"])]
    migrate.downgrade(engine, "base")
    assert tables(engine) == {migrate.VERSION_TABLE}
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)  # and up again
    assert tables(engine) >= OWN


def test_the_model_matches_the_migration(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.schema_diff(engine) == []


def test_the_comparison_does_see_a_difference(engine: Engine) -> None:
    """Guard against a vacuous pass: a missing index is reported."""
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_cases_owner"))
    diff = migrate.schema_diff(engine)
    assert [d[0] for d in diff] == ["add_index"]


def test_upgrade_is_idempotent(engine: Engine) -> None:
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0002"


def test_sharing_a_database_with_rasas_tracker_store(engine: Engine) -> None:
    """Rasa's `events` table (and its alembic_version, if any) are left alone."""
    rasa = MetaData()
    events = Table("events", rasa, Column("id", Integer, primary_key=True),
                   Column("sender_id", String(255), nullable=False),
                   Column("type_name", String(255), nullable=False),
                   Column("timestamp", Float), Column("intent_name", String(255)),
                   Column("action_name", String(255)), Column("data", Text))
    rasa.create_all(engine)
    with engine.begin() as conn:
        conn.execute(events.insert(), [{"sender_id": "s", "type_name": "user"}])
    migrate.upgrade(engine)
    assert migrate.schema_diff(engine) == []  # Rasa's table is not a "removed table"
    migrate.downgrade(engine, "base")
    assert "events" in tables(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 1


def test_metadata_names_follow_the_convention() -> None:
    names = {i.name for t in metadata.sorted_tables for i in t.indexes}
    assert names == {"ix_cases_reference", "ix_cases_owner", "ix_cases_last_activity",
                     "ix_case_events_case_id"}


def test_migration_scripts_are_packaged_with_bot() -> None:
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "script.py.mako").is_file()
    assert list((migrate.MIGRATIONS / "versions").glob("0001_*.py"))
    assert list((migrate.MIGRATIONS / "versions").glob("0002_*.py"))  # issue 16: received


def test_concurrent_first_start_in_threads(db_url: str) -> None:
    """Several stores created at once on a new database all end up on the same schema."""
    import threading

    from bot.cases import CaseStore

    errors: list[BaseException] = []

    def start() -> None:
        try:
            CaseStore.from_url(db_url, secret=b"s" * 20).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []


def test_concurrent_first_start_in_processes(tmp_path: Path) -> None:
    """Two processes (action server and a cron purge, say) on a new SQLite file."""
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    code = ("import sys; from bot.cases import CaseStore; "
            "CaseStore.from_url(sys.argv[1], secret=b's' * 20).close()")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", code, url], env=env, cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=180), p.stderr.read() if p.stderr else "") for p in procs]
    assert [r[0] for r in results] == [0, 0], results
    engine = make_engine(url)
    try:
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert migrate.schema_diff(engine) == []
    finally:
        engine.dispose()
