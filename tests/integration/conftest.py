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
from typing import Any, Dict, Iterator, List

import pytest
import requests

from bot.settings import NO_RATE_LIMITS

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


def response(name: str, language: str = "en", **params: Any) -> str:
    """A domain response as the servers say it in `language` (for exact comparisons)."""
    from components.channels.base import response_text

    return response_text(None, name, language, **params)


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


def stop_processes(procs: List[subprocess.Popen], logs: list) -> None:
    """Terminate the servers (killed after 20 s) and close their log files."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for log in logs:
        log.close()


class ServerProcesses:
    """The action server and the Rasa server on fixed ports; can stop and start again."""

    def __init__(self, env: Dict[str, str], rasa_port: int, action_port: int, log_dir: Path,
                 endpoints: Path | str = "endpoints.yml"):
        self.env, self.log_dir, self.endpoints = env, log_dir, str(endpoints)
        self.rasa_port, self.action_port = rasa_port, action_port
        self.procs: List[subprocess.Popen] = []
        self.logs: List[Any] = []
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        action_log = (self.log_dir / f"actions-{self.starts}.log").open("w")
        rasa_log = (self.log_dir / f"rasa-{self.starts}.log").open("w")
        self.logs = [action_log, rasa_log]
        actions = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
             "--port", str(self.action_port)],
            cwd=ROOT, env={**self.env, "SANIC_HOST": "127.0.0.1"},
            stdout=action_log, stderr=subprocess.STDOUT,
        )
        rasa = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
             "--port", str(self.rasa_port), "--credentials", "credentials.yml",
             "--endpoints", self.endpoints],
            cwd=ROOT, env=self.env, stdout=rasa_log, stderr=subprocess.STDOUT,
        )
        self.procs = [actions, rasa]
        try:
            _wait(f"http://127.0.0.1:{self.action_port}/health", self.procs, self.log_dir)
            _wait(f"http://127.0.0.1:{self.rasa_port}/", self.procs, self.log_dir)
        except RuntimeError:
            self.stop()  # leave no server behind when start-up fails
            raise

    def stop(self) -> None:
        stop_processes(self.procs, self.logs)
        self.procs = []


def server_env(work: Path, rasa_port: int, action_port: int, org_email: str,
               **extra: str) -> Dict[str, str]:
    """Environment of both servers: temporary settings, stores and keys under `work`."""
    settings = work / "settings.yml"
    settings.write_text(
        "organisation:\n  name: Integration Test NGO\n"
        f"  email: {org_email}\n  url: https://ngo.test/contact\n"
        "default_controller: clearview-ai\n"
        "retention:\n  conversations_days: 17\n  closed_cases_days: 93\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_SETTINGS": str(settings),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DIALECT": "sqlite",
        "TRACKER_DB": str(work / "tracker.db"),
        "CASES_DB_URL": f"sqlite:///{work / 'cases.db'}",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "PUBLIC_RASA_URL": f"http://127.0.0.1:{rasa_port}",
        **NO_RATE_LIMITS,  # tests type faster than people; the limits are tested on their own
        "RETENTION_INTERVAL_SECONDS": "3",  # the server's periodic purge, seen within a test
        **extra,
    }


@pytest.fixture(scope="session")
def server_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcesses]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it)")
    work = tmp_path_factory.mktemp("servers")
    rasa_port, action_port = free_port(), free_port()
    org_email = f"handoff-{uuid.uuid4().hex[:8]}@ngo.test"
    log_dir = work / "logs"
    log_dir.mkdir()
    env = server_env(work, rasa_port, action_port, org_email)
    env["ORG_EMAIL"] = org_email
    processes = ServerProcesses(env, rasa_port, action_port, log_dir)
    processes.start()
    try:
        yield processes
    finally:
        processes.stop()


@pytest.fixture(scope="session")
def servers(server_processes: ServerProcesses) -> Servers:
    env = server_processes.env
    return Servers(
        rasa_url=f"http://127.0.0.1:{server_processes.rasa_port}",
        action_url=f"http://127.0.0.1:{server_processes.action_port}",
        tracker_db=Path(env["TRACKER_DB"]),
        org_email=env["ORG_EMAIL"],
        log_dir=server_processes.log_dir,
    )


@pytest.fixture(scope="session")
def channel_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A second server pair with Telegram and Slack on, talking to fake APIs (fake_apis.py)."""
    from tests.integration.fake_apis import channel_servers as start

    with start(tmp_path_factory.mktemp("channels")) as running:
        yield running
