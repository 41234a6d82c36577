"""Start the real action server and Rasa server on free ports, talk to them over HTTP.

One pair of servers serves the whole test session (loading the model takes a while). Each
test uses its own sender id, a temporary SQLite tracker store and a settings file with a
unique NGO contact, so answers can be checked against configuration.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "current.tar.gz"
START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Servers:
    rasa_url: str
    action_url: str
    tracker_db: Path
    org_email: str
    log_dir: Path

    def send(self, sender: str, message: str, **metadata: Any) -> list[dict]:
        """One user message over the REST channel; the bot's replies."""
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        reply = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        reply.raise_for_status()
        return reply.json()


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def payloads(replies: list[dict]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex}"


def _wait(url: str, procs: list[subprocess.Popen], log_dir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            break
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    logs = "\n".join(f"--- {f.name}\n{f.read_text()[-4000:]}" for f in log_dir.glob("*.log"))
    raise RuntimeError(f"{url} did not come up\n{logs}")


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it)")
    work = tmp_path_factory.mktemp("servers")
    rasa_port, action_port = free_port(), free_port()
    org_email = f"handoff-{uuid.uuid4().hex[:8]}@ngo.test"
    settings = work / "settings.yml"
    settings.write_text(
        "organisation:\n  name: Integration Test NGO\n"
        f"  email: {org_email}\n  url: https://ngo.test/contact\n"
        "default_controller: clearview-ai\n"
    )
    tracker_db = work / "tracker.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_SETTINGS": str(settings),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DIALECT": "sqlite",
        "TRACKER_DB": str(tracker_db),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "PUBLIC_RASA_URL": f"http://127.0.0.1:{rasa_port}",
    }
    log_dir = work / "logs"
    log_dir.mkdir()
    action_log = (log_dir / "actions.log").open("w")
    rasa_log = (log_dir / "rasa.log").open("w")
    actions = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
         "--port", str(action_port)],
        cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"},
        stdout=action_log, stderr=subprocess.STDOUT,
    )
    rasa = subprocess.Popen(
        [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
         "--port", str(rasa_port), "--credentials", "credentials.yml",
         "--endpoints", "endpoints.yml"],
        cwd=ROOT, env=env, stdout=rasa_log, stderr=subprocess.STDOUT,
    )
    procs = [actions, rasa]
    try:
        _wait(f"http://127.0.0.1:{action_port}/health", procs, log_dir)
        _wait(f"http://127.0.0.1:{rasa_port}/", procs, log_dir)
        yield Servers(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            action_url=f"http://127.0.0.1:{action_port}",
            tracker_db=tracker_db,
            org_email=org_email,
            log_dir=log_dir,
        )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        action_log.close()
        rasa_log.close()
