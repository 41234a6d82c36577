"""The same case across a restart, with the tracker store and the case store on PostgreSQL.

A real PostgreSQL server (tests/postgres.py) holds both stores; both assistant servers are
stopped and started again between tracking a request and following it up from another chat.
"""

from __future__ import annotations

import datetime
import re
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.cases import CaseStore
from tests.integration.conftest import (
    ROOT,
    ServerProcesses,
    Servers,
    free_port,
    new_sender,
    server_env,
    texts,
)
from tests.postgres import SUPERUSER, PostgresServer

REFERENCE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


@pytest.fixture(scope="module")
def pg_stack(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcesses, Servers, str]]:
    database = f"assistant_{uuid.uuid4().hex[:8]}"
    url = postgres_server.create_database(database)
    work = tmp_path_factory.mktemp("pg-servers")
    # The deployed PostgreSQL endpoints (scale/endpoints.yml), on one instance: no Redis.
    deployed = yaml.safe_load((ROOT / "scale" / "endpoints.yml").read_text(encoding="utf-8"))
    del deployed["lock_store"]
    endpoints = work / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump(deployed), encoding="utf-8")
    rasa_port, action_port = free_port(), free_port()
    env = server_env(work, rasa_port, action_port, "pg@ngo.test", CASES_DB_URL=url,
                     TRACKER_DIALECT="postgresql", TRACKER_DB_HOST="127.0.0.1",
                     TRACKER_DB_PORT=str(postgres_server.port), TRACKER_DB_NAME=database,
                     TRACKER_DB_USER=SUPERUSER,
                     TRACKER_DB_PASSWORD="unused")  # the test server trusts loopback
    log_dir = work / "logs"
    log_dir.mkdir()
    processes = ServerProcesses(env, rasa_port, action_port, log_dir, endpoints=endpoints)
    processes.start()
    servers = Servers(rasa_url=f"http://127.0.0.1:{rasa_port}",
                      action_url=f"http://127.0.0.1:{action_port}",
                      tracker_db=Path(env["TRACKER_DB"]), org_email="pg@ngo.test",
                      log_dir=log_dir)
    try:
        yield processes, servers, url
    finally:
        processes.stop()


def test_case_on_postgresql_survives_a_restart_and_is_followed_up(
    pg_stack: tuple[ServerProcesses, Servers, str],
) -> None:
    processes, servers, url = pg_stack
    sender = new_sender()
    for message in ("/request_access", "France", '/inform{"id_method":"no_photo"}',
                    "Jane Doe", "jane.doe@example.org"):
        servers.send(sender, message)
    assert "Shall I keep track" in texts(servers.send(sender, "/affirm"))
    servers.send(sender, "/affirm")
    sent = datetime.date.today() - datetime.timedelta(days=70)
    found = REFERENCE.search(texts(servers.send(sender, sent.isoformat())))
    assert found
    reference = found.group(0)

    processes.stop()
    processes.start()

    other = new_sender()
    assert "has passed without an answer" in texts(servers.send(other, f"ref {reference}"))
    assert "How did you send it" in texts(servers.send(other, "/no_response"))
    assert "What name should I put" in texts(servers.send(other, "by email"))
    servers.send(other, "Jane Doe")
    servers.send(other, "jane.doe@example.org")
    assert "Reminder: my request for access" in texts(servers.send(other, "/affirm"))
    assert CaseStore.from_url(url).find(reference).status.value == "followed_up"
    engine = create_engine(url, future=True)
    with engine.connect() as conn:
        stored = conn.execute(
            text("select count(*) from events where sender_id in (:a, :b)"),
            {"a": sender, "b": other},
        ).scalar_one()
        leaked = conn.execute(
            text("select count(*) from events where data like '%jane.doe@example.org%'")
        ).scalar_one()
    engine.dispose()
    assert stored > 30
    assert leaked == 0
